import { ROLE_WORDS, SURNAMES, type AnswerType } from '../lexicon/index.ts';
import { UNKNOWN_WORD_IDF, generalIdf } from '../specificity.ts';
import type { AnalyzedQuestion } from '../question.ts';
import { segmenter } from '../tokenize.ts';

/**
 * The answer-type check: a question that asks for a time, an amount, an age, a person, a place or a
 * name is answered only by a passage that holds something of that kind close to the words it shares
 * with the question. "周伯文今年多大" finds passages about 周伯文, none of which gives an age: the
 * answer is "not in the corpus", not the passage that mentions him.
 */

/** How close to a matched word the answer must be, in characters on either side. */
const WINDOW = 80;

const NUMBER = String.raw`(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万亿几数]+)`;
/** A count small enough to be a number of years or months rather than a year or a month. */
const SMALL_NUMBER = String.raw`(?:(?<![\d.])\d{1,2}|[一二两三四五六七八九十几数]+)`;
const EVIDENCE: Record<Exclude<AnswerType, 'person' | 'place' | 'origin'>, RegExp> = {
  time: new RegExp(
    String.raw`\d{1,4}\s*年|\d{1,2}\s*月|\d{1,2}\s*[日号]|[一二三四五六七八九十]{1,3}月|[今去明前]年|[上下本]周|日前|近日|当天|年初|年底|年中|年末|月初|月底|[春夏秋冬][天季]|节[前后]|清明|端午|中秋|国庆|元旦|春节|凌晨|早上|上午|中午|下午|晚上|每[天周月年]|(?:19|20)\d{2}|january|february|march|april|june|july|august|september|october|november|december`,
    'u',
  ),
  age: new RegExp(String.raw`${NUMBER}\s*岁|出生|生于|\d{2,4}\s*年生`, 'u'),
  // A number with a unit or measure word; a year or a date is not an amount (2019年, 3月21日).
  amount: new RegExp(
    [
      String.raw`${NUMBER}\s*(?:个|位|家|次|轮|名|倍|款|种|亿|万|千|百|元|美元|港元|块|人|成|台|张|条|项|分|公斤|千克|克|斤|吨|米|公里|千米|厘米|毫米|小时|分钟|秒|天|周|岁|度|升|只|头|部|本|篇|场|件|股|%|％)`,
      String.raw`${SMALL_NUMBER}\s*年(?!\s*${SMALL_NUMBER}\s*月)`,
      String.raw`${SMALL_NUMBER}\s*个?月(?!\s*${SMALL_NUMBER}\s*[日号])`,
      String.raw`\d[\d,.]*\s*(?:million|billion|thousand|percent|times|k|m|b|kb|mb|gb|tb|usd|rmb|dollars?|yuan|people|users)\b|\$\s*\d`,
    ].join('|'),
    'u',
  ),
  // A title in quotes, or a naming word (叫 …, 名为 …); a Latin name is checked by latinNameIn.
  name: /[“"「『《][^”"」』》]{1,30}[”"」』》]|叫|名为|名叫|命名|取名/u,
};
const LATIN_NAME = /[a-z][a-z0-9.-]{2,}/gu;

/** Whether a window holds a Latin word (Caffe, ChatGPT) that is none of the question's own words. */
function latinNameIn(window: string, analyzed: AnalyzedQuestion): boolean {
  const own = formsOf(analyzed);
  for (const [word] of window.matchAll(LATIN_NAME)) if (!own.some((o) => o.includes(word))) return true;
  return false;
}
const ROLE_THEN_NAME = new RegExp(`(?:${ROLE_WORDS.join('|')})\\p{sc=Han}{2,3}`, 'u');
const PLACE = /位于|总部设在|总部在|落户|坐落|来自/u;
/** Where a person is from: said in words, or a place name followed by 人 (湖南人). */
const ORIGIN = /来自|出生于|出生在|生于|籍贯|老家|祖籍|土生土长/u;
/** "在其朋友圈官宣离职": 在, then a few characters, then a word of the question — where it happened. */
const AT_BEFORE = 12;
const HAN_CHAR = /\p{sc=Han}/u;
const CLAUSE_END = /[,，。;；:：!?！？]/u;

const SENTENCE_END = /[。！？!?；;\n]/u;

/**
 * The text around a match, up to WINDOW characters on either side but not past the sentence it is in:
 * the answer must be said about the matched words, not in the next sentence about something else.
 */
function sentenceAround(text: string, at: number, length: number): string {
  let start = Math.max(0, at - WINDOW);
  let end = Math.min(text.length, at + length + WINDOW);
  for (let i = at - 1; i >= start; i--)
    if (SENTENCE_END.test(text[i]!)) {
      start = i + 1;
      break;
    }
  for (let i = at + length; i < end; i++)
    if (SENTENCE_END.test(text[i]!)) {
      end = i;
      break;
    }
  return text.slice(start, end);
}

/** Windows of the text around the places where the question's units occur (the whole text when none does). */
function windowsOf(text: string, analyzed: AnalyzedQuestion): string[] {
  const windows: string[] = [];
  for (const unit of analyzed.units) {
    const forms = [unit.text, ...unit.alternatives.map((a) => a.text)];
    for (const form of forms) {
      if (Array.from(form).length < 2) continue;
      for (let at = text.indexOf(form); at >= 0 && windows.length < 16; at = text.indexOf(form, at + form.length)) {
        windows.push(sentenceAround(text, at, form.length));
      }
    }
  }
  return windows.length > 0 ? windows : [text];
}

/** A given name is not a common word: 高成本 is not a person, 刘庆峰 is. jieba IDF units. */
const COMMON_WORD_IDF = 8;
/** Characters below this jieba IDF are function characters (有 2.2, 等 2.6, 要 3.2), never a given name (强 5.7). */
const FUNCTION_CHAR_IDF = 5;

/**
 * The window without the lists that name the question's own words among others (科大讯飞、云知声、思必驰):
 * the others are its peers, not what it is asked about.
 */
function withoutPeerLists(window: string, own: readonly string[]): string {
  return window
    .split(CLAUSE_END)
    .filter((clause) => {
      const items = clause.split('、');
      return items.length < 2 || !own.some((o) => Array.from(o).length >= 2 && items.some((item) => item.includes(o)));
    })
    .join(',');
}

/** Whether a window holds a Chinese personal name (a surname, then one or two characters that are no common word) not in `own`. */
function hasPersonName(window: string, own: readonly string[]): boolean {
  const chars = Array.from(withoutPeerLists(window, own));
  for (let i = 0; i < chars.length - 1; i++) {
    const two = chars[i]! + chars[i + 1]!;
    const surname = SURNAMES.compound.includes(two) ? 2 : SURNAMES.single.has(chars[i]!) ? 1 : 0;
    if (surname === 0) continue;
    // 公司有科: the surname character ends the word before it (公司), so no name starts there.
    const before = chars[i - 1];
    if (before !== undefined && generalIdf(before + chars[i]!) < COMMON_WORD_IDF) continue;
    for (const length of [2, 1]) {
      const given = chars.slice(i + surname, i + surname + length);
      if (given.length < length || !given.every((c) => HAN_CHAR.test(c))) continue;
      const name = chars.slice(i, i + surname + length).join('');
      if (own.some((o) => o.includes(name) || name.includes(o))) continue;
      const givenText = given.join('');
      // 公司有 starts with the word 公司, 云知声 with 云知: a name's first two characters are no common word.
      const opening = chars.slice(i, i + surname + 1).join('');
      // 汤科技: the last character belongs to the word after it (科技), not to a name.
      const next = chars[i + surname + length];
      if (next !== undefined && generalIdf(given.at(-1)! + next) < COMMON_WORD_IDF) continue;
      // A one-character given name is no function character either (司有, 公等).
      const nameLike =
        length === 1
          ? generalIdf(givenText) >= FUNCTION_CHAR_IDF
          : generalIdf(givenText) >= COMMON_WORD_IDF && generalIdf(opening) >= COMMON_WORD_IDF;
      if (generalIdf(name) === UNKNOWN_WORD_IDF && nameLike) return true;
    }
  }
  return false;
}

/** The forms the question's words take in the text: each unit and its alternatives (李开复 for Kai-Fu Lee, 上线 for go online). */
function formsOf(analyzed: AnalyzedQuestion): string[] {
  return analyzed.units.flatMap((u) => [u.text, ...u.alternatives.map((a) => a.text)]);
}

/** Whether a window names a person or place other than those the question names. */
function hasNamed(window: string, analyzed: AnalyzedQuestion, kind: 'person' | 'place'): boolean {
  const own = formsOf(analyzed);
  if (kind === 'person') return ROLE_THEN_NAME.test(window) || hasPersonName(window, own);
  if (PLACE.test(window)) return true;
  const words = own.filter((form) => Array.from(form).length >= 2);
  for (let at = window.indexOf('在'); at >= 0; at = window.indexOf('在', at + 1)) {
    // Up to the clause's end: 在接受采访时表示,公司… is when he spoke, not where the company is.
    const after = window.slice(at + 2, at + 1 + AT_BEFORE).split(CLAUSE_END)[0]!;
    if (words.some((form) => after.includes(form))) return true;
  }
  return segmenter()
    .tag(window, true)
    .some(({ word, tag }) => tag === 'ns' && Array.from(word).length >= 2 && !own.some((o) => o.includes(word)));
}

/** Whether a window has a place name right before 人 (湖南人, 北京人): the two or three characters before it are one word jieba tags as a place. */
function placeThenPerson(window: string): boolean {
  for (let at = window.indexOf('人'); at >= 0; at = window.indexOf('人', at + 1)) {
    for (const length of [2, 3]) {
      if (at < length) continue;
      const tagged = segmenter().tag(window.slice(at - length, at), true);
      if (tagged.length === 1 && tagged[0]!.tag === 'ns') return true;
    }
  }
  return false;
}

/** Whether a normalised passage holds an answer of the kind the question asks for, near what it matched. */
export function holdsAnswerType(text: string, analyzed: AnalyzedQuestion): boolean {
  const type = analyzed.asks;
  if (type === null) return true;
  const windows = windowsOf(text, analyzed);
  if (type === 'person' || type === 'place') return windows.some((w) => hasNamed(w, analyzed, type));
  if (type === 'origin') return windows.some((w) => ORIGIN.test(w) || placeThenPerson(w));
  if (type === 'name') return windows.some((w) => EVIDENCE.name.test(w) || latinNameIn(w, analyzed));
  return windows.some((w) => EVIDENCE[type].test(w));
}

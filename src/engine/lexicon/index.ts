import { UNKNOWN_WORD_IDF, generalIdf } from '../specificity.ts';
import question from './question.json' with { type: 'json' };
import roles from './roles.json' with { type: 'json' };
import stopwordsEn from './stopwords-en.json' with { type: 'json' };
import stopwordsZh from './stopwords-zh.json' with { type: 'json' };
import surnames from './surnames-zh.json' with { type: 'json' };

/**
 * The word lists the question analysis and the ranking read, loaded from the JSON files beside this
 * module (data, not code: each file says what it is for).
 */

/** What kind of answer a question asks for: a passage that answers it holds something of that kind. */
export type AnswerType = 'age' | 'time' | 'amount' | 'name' | 'origin' | 'place' | 'person';

/** A question about the document itself rather than its content. */
export type MetaIntent = 'author' | 'publisher' | 'conclusion';

/** Chinese function words, question words and chat fillers, as jieba segments them. */
export const CHINESE_STOPWORDS: ReadonlySet<string> = new Set([...stopwordsZh.words, ...question.fillers]);

/** English function words and question words. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(stopwordsEn.words);

/** Role words that introduce a person right before the name. */
export const ROLE_WORDS: readonly string[] = roles.roles;

/** Chinese surnames: single characters, and compound ones. */
export const SURNAMES: { single: ReadonlySet<string>; compound: readonly string[] } = {
  single: new Set(Array.from(surnames.single)),
  compound: surnames.compound,
};

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One regular expression for a list of phrases, longest first; Latin phrases match as whole words
 * (so "who" is not found in "whole"), Han ones anywhere, and `re:…` entries as the expression they are.
 */
export function phraseRegExp(phrases: readonly string[], flags = 'u'): RegExp {
  const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length);
  const alternatives = sorted.map((p) =>
    p.startsWith('re:') ? p.slice(3) : /^[a-z]/.test(p) ? `\\b${escape(p)}\\b` : escape(p),
  );
  return new RegExp(alternatives.join('|'), flags);
}

/** Question phrases removed before segmenting ("是哪天宣布" would otherwise become 是/哪/天宣布). */
export const QUESTION_PHRASE_RE: RegExp = phraseRegExp(
  // Chat fillers that jieba does not know as words go too: it would cut 来着 or 话说 and leave 来, 话.
  [
    ...question.questionPhrases,
    ...question.fillers.filter(
      (f) => Array.from(f).length >= 2 && !/^[a-z]/.test(f) && generalIdf(f) === UNKNOWN_WORD_IDF,
    ),
  ],
  'gu',
);

/** Answer types in the order they are recognised: the first that matches wins (多少岁 is an age, not an amount). */
export const ANSWER_TYPE_PATTERNS: ReadonlyArray<readonly [AnswerType, RegExp]> = (
  ['age', 'time', 'amount', 'name', 'origin', 'place', 'person'] as const
).map((type) => [type, phraseRegExp(question.answerTypes[type])] as const);

/**
 * Per answer type, the single words of its phrases that name the kind of answer rather than what it is
 * about ("name" of "what's the name of", 名字, 年纪, "price"): the answer-type check asks for them, so
 * they are not words a passage must contain.
 */
export const ANSWER_TYPE_WORDS: ReadonlyMap<AnswerType, ReadonlySet<string>> = new Map(
  ANSWER_TYPE_PATTERNS.map(([type]) => [
    type,
    new Set(
      question.answerTypes[type]
        .filter((p) => !p.startsWith('re:'))
        .flatMap((p) => p.split(/[\s']+/))
        .filter((w) => w.length > 0 && !ENGLISH_STOPWORDS.has(w)),
    ),
  ]),
);

export const SELF_REFERENCE_RE: RegExp = phraseRegExp(question.meta.selfReference);
export const META_PATTERNS: ReadonlyArray<readonly [MetaIntent, RegExp]> = (
  ['author', 'publisher', 'conclusion'] as const
).map((intent) => [intent, phraseRegExp(question.meta[intent])] as const);
/** Every meta word: what is left of a question once they are removed says whether it names anything else. */
export const META_WORDS_RE: RegExp = phraseRegExp(
  [...question.meta.selfReference, ...question.meta.author, ...question.meta.publisher, ...question.meta.conclusion],
  'gu',
);

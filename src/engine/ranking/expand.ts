import { chineseToEnglish } from '../lexicon/chineseEnglish.ts';
import { MAX_RESULTS, englishPhraseToChinese } from '../lexicon/dictionary.ts';
import { MIN_HAN_SHARE_FOR_MEANINGS, sameMeaningWarmUp, withSameMeaning } from './sameMeaning.ts';
import { hanAlternative, MAX_FORMS, type IndexKey } from './forms.ts';

import { generalIdf } from '../specificity.ts';
import { readingsOf, romanizedKeys } from '../lexicon/pinyin.ts';
import { finish } from '../lexicon/cedict.ts';
import { normalizeText } from '../normalize.ts';
import { termsOf, type Alternative, type AnalyzedQuestion, type QueryUnit } from '../question.ts';
import { hasTerm, indexTerm, type SearchIndex } from '../searchIndex.ts';
import { internalsOf } from '../miniSearchInternals.ts';
import { ENGLISH_STOPWORDS } from '../lexicon/index.ts';
import { stemOf, tokenize } from '../tokenize.ts';
import type { RankingOptions } from './options.ts';

/**
 * Adds to each unit of a question the other forms under which this corpus may say it, found through
 * the corpus's own vocabulary (so only forms it really uses):
 * - romanised names in Han characters: "Jia Yangqing", "Kai-Fu Lee", "meituan" → 贾扬清, 李开复, 美团;
 * - sound-alike words for typos by sound: 李凯复 → 李开复, 科记 → 科技;
 * - dictionary translations: an English word's Chinese words (question.ts), a Chinese word's English
 *   ones when the corpus has English text (怎么水平翻转 → "flip horizontally");
 * - words of the same meaning through the dictionary: a Chinese word's one-word English senses, and the
 *   corpus's Chinese words with one of them as a main sense (改名 → rename → 重命名, 硬盘 → disk → 磁盘);
 * - the corpus's synonyms file (synonyms.ts): a word of a group matches the others as itself.
 */

/** A Chinese word's English translations are looked for only in a corpus with at least this share of non-Han letters. */
const MIN_LATIN_SHARE = 0.1;

const HAN_TEST = /\p{sc=Han}/u;

/** Syllable → the corpus's Han characters that can be read so, built once per index on first use. */
const soundsOfIndex = new WeakMap<IndexKey, Map<string, string[]>>();

/**
 * A character's readings, kept for the process: reading a character with pinyin-pro costs ~10 µs, and a
 * new index (after every reindex) would otherwise read all of the corpus's ~6,000 characters again.
 */
const readingsByCharacter = new Map<string, readonly string[]>();

function readingsOfCharacter(char: string): readonly string[] {
  let readings = readingsByCharacter.get(char);
  if (!readings) {
    readings = readingsOf(char)[0] ?? [];
    readingsByCharacter.set(char, readings);
  }
  return readings;
}

/**
 * What the first questions on an index would otherwise pay for, as small steps for the caller to spread over
 * event-loop turns (the store runs it after each swap): the dictionaries and the same-meaning table
 * (sameMeaning.ts), then the corpus's characters by sound. Made now, so that questions go without the table
 * until the steps have run rather than build it themselves.
 */
export function expansionWarmUp(index: SearchIndex): Generator<void, void, void> {
  const meanings = sameMeaningWarmUp(index);
  return (function* () {
    yield* meanings;
    yield* soundsOfSteps(index);
  })();
}

function soundsOf(index: SearchIndex): Map<string, string[]> {
  return soundsOfIndex.get(index.passages) ?? finish(soundsOfSteps(index));
}

/**
 * The corpus's Han characters by reading, 200 characters a step: expansionWarmUp makes it after each swap
 * (made by the first sound-alike question instead, it cost that question ~100 ms on manpages-zh), or the first
 * question that needs it does at once.
 */
export function* soundsOfSteps(index: SearchIndex): Generator<void, Map<string, string[]>, void> {
  const known = soundsOfIndex.get(index.passages);
  if (known) return known;
  const normalized = new Set(Array.from(normalizeText(index.hanCharacters())));
  const sounds = new Map<string, string[]>();
  let read = 0;
  for (const char of normalized) {
    for (const reading of readingsOfCharacter(char)) {
      const list = sounds.get(reading);
      if (list) list.push(char);
      else sounds.set(reading, [char]);
    }
    if (++read % 200 === 0) yield;
  }
  // A question may have made it while these steps waited between slices: keep the one in use.
  const made = soundsOfIndex.get(index.passages) ?? sounds;
  soundsOfIndex.set(index.passages, made);
  return made;
}

/**
 * Han words of the corpus that read as these syllables (each position one of its choices): every two
 * characters in a row must be a bigram the corpus has. At most MAX_FORMS, `exclude` left out.
 */
function corpusWordsReading(index: SearchIndex, choices: ReadonlyArray<readonly string[]>, exclude = ''): string[] {
  const sounds = soundsOf(index);
  const found: string[] = [];
  // The characters that follow a character in the corpus's bigrams, read off the term tree once per
  // character: a syllable has dozens of characters, and looking each pair up (documentFrequency) made
  // sound-alikes most of a question's time on fortunes-zh (8.6 ms for 题大庾岭北驿).
  const following = new Map<string, Set<string>>();
  const followers = (char: string): Set<string> => {
    let set = following.get(char);
    if (!set) {
      const prefix = indexTerm(char);
      set = new Set();
      for (const key of internalsOf(index.search)._index.atPrefix(prefix).keys()) {
        const next = key.slice(prefix.length);
        if (next !== '') set.add(next);
      }
      following.set(char, set);
    }
    return set;
  };
  const walk = (position: number, word: string, last: string | null): void => {
    if (found.length >= MAX_FORMS) return;
    if (position === choices.length) {
      if (word !== exclude) found.push(word);
      return;
    }
    for (const syllable of choices[position]!) {
      for (const char of sounds.get(syllable) ?? []) {
        if (last !== null && !followers(last).has(char)) continue;
        walk(position + 1, word + char, char);
      }
    }
  };
  walk(0, '', null);
  return found;
}

/** Consecutive Latin units no dictionary translates ("jia", "yangqing") that read as a corpus name become one unit. */
function romanisedNames(index: SearchIndex, units: readonly QueryUnit[]): QueryUnit[] {
  const out: QueryUnit[] = [];
  for (let i = 0; i < units.length;) {
    const unit = units[i]!;
    // Any Latin word may be part of a name ("li zhifei": li is also an English word); the corpus decides.
    const latinName = (u: QueryUnit | undefined): boolean => u?.kind === 'word' && /^[a-z][a-z'-]*$/.test(u.text);
    if (!latinName(unit)) {
      out.push(unit);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < units.length && j - i < 3 && latinName(units[j])) j++;
    // One English word whose translation the corpus uses ("delete": 删除) is that word, not a name read as
    // pinyin (de le te); xinghe, whose translation (兴和县) the corpus never uses, may still be 星河.
    const translated = unit.alternatives.some(
      (a) => a.via === 'translation' && a.terms.length > 0 && a.terms.every((t) => hasTerm(index, t)),
    );
    if (j === i + 1 && translated) {
      out.push(unit);
      i++;
      continue;
    }
    // The longest run of names that reads as a corpus word, then shorter ones ("wang huiwen" before "wang").
    let matched = false;
    for (let end = j; end > i && !matched; end--) {
      const group = units.slice(i, end);
      const words = new Set<string>();
      for (const syllables of romanizedKeys(group.map((u) => u.text).join(' '))) {
        if (syllables.length < 2) continue;
        for (const w of corpusWordsReading(
          index,
          syllables.map((s) => [s]),
        ))
          words.add(w);
      }
      if (words.size === 0) continue;
      out.push({
        text: group.map((u) => u.text).join(' '),
        kind: 'word',
        terms: group.flatMap((u) => u.terms),
        prefix: false,
        name: true,
        alternatives: [...words].slice(0, MAX_FORMS).map((w) => hanAlternative(w, 1, 'romanised')),
      });
      i = end;
      matched = true;
    }
    if (!matched) {
      out.push(unit);
      i++;
    }
  }
  return out;
}

/** Two English words in a row that the dictionary knows as one phrase the corpus uses ("share price" → 股价) become one unit. */
function englishPhrases(index: SearchIndex, units: readonly QueryUnit[], credit: number): QueryUnit[] {
  const out: QueryUnit[] = [];
  const plain = (u: QueryUnit | undefined): u is QueryUnit =>
    u?.kind === 'word' && u.alternatives.every((a) => a.via === 'translation') && /^[a-z]+$/.test(u.text);
  for (let i = 0; i < units.length; i++) {
    const a = units[i]!;
    const b = units[i + 1];
    if (plain(a) && plain(b)) {
      const phrase = `${a.text} ${b.text}`;
      const used = englishPhraseToChinese(phrase)
        .map((w) => hanAlternative(w, credit, 'translation'))
        .filter((alt) => alt.terms.length > 0 && alt.terms.every((t) => hasTerm(index, t)));
      if (used.length > 0) {
        out.push({
          text: phrase,
          kind: 'word',
          terms: [...a.terms, ...b.terms],
          prefix: false,
          name: false,
          alternatives: used.slice(0, MAX_FORMS),
          generalIdf: Math.min(...used.map((alt) => generalIdf(alt.text))),
        });
        i++;
        continue;
      }
    }
    out.push(a);
  }
  return out;
}

/** A Han unit the corpus does not have as written gets the corpus words that sound the same (李凯复 → 李开复). */
function withSoundAlikes(index: SearchIndex, unit: QueryUnit, credit: number): QueryUnit {
  const length = Array.from(unit.text).length;
  if (unit.kind !== 'han' || length < 2 || length > 4) return unit;
  if (unit.terms.every((t) => hasTerm(index, t))) return unit;
  const alikes = corpusWordsReading(index, readingsOf(unit.text), unit.text);
  if (alikes.length === 0) return unit;
  return { ...unit, alternatives: [...unit.alternatives, ...alikes.map((w) => hanAlternative(w, credit, 'sound'))] };
}

/** Most content words of an English sense that a Han word is matched through (反过来 → in reverse order). */
const MAX_SENSE_CONTENT_WORDS = 2;

/**
 * A Han unit gets the English senses the dictionary gives for it, those the corpus uses: one word (翻转 →
 * flip), or, when the corpus uses none of those, two content words that a passage must both hold (反过来 →
 * in reverse order). Always adding both kinds made GIMP manual answers 20–25 % slower (docsBench, median
 * 3.0–3.2 → 3.8–4.1 ms) for one tune question more on manpages-zh.
 */
function withEnglish(index: SearchIndex, unit: QueryUnit, credit: number): QueryUnit {
  if (unit.kind !== 'han' || Array.from(unit.text).length < 2) return unit;
  const english: Alternative[] = [];
  for (const sense of chineseToEnglish(unit.text)) {
    if (!/^[a-z]+(?:[ -][a-z]+)*$/.test(sense)) continue;
    const words = sense.split(/[ -]/).filter((w) => !ENGLISH_STOPWORDS.has(w));
    if (words.length === 0 || words.length > MAX_SENSE_CONTENT_WORDS) continue;
    const terms = words.map(stemOf);
    if (terms.every((t) => hasTerm(index, t))) english.push({ text: sense, terms, credit, via: 'translation' });
  }
  // Two-word senses only when no one-word sense is used: each adds common words (order, direction) to search.
  const single = english.filter((a) => a.terms.length === 1);
  const used = single.length > 0 ? single : english;
  if (used.length === 0) return unit;
  return { ...unit, alternatives: [...unit.alternatives, ...used] };
}

/**
 * Only the translations the corpus uses, the first MAX_RESULTS of them in the dictionary's order: the others
 * would only add terms to search for nothing. Past the dictionary's first MAX_RESULTS, words only: a single
 * character ranked that low (空 for space) is found inside too many unrelated words.
 */
function usedTranslations(index: SearchIndex, unit: QueryUnit, credit: number): QueryUnit {
  if (unit.kind !== 'word' || unit.alternatives.length === 0) return unit;
  const usedForm = (a: Alternative): boolean => a.terms.every((t) => hasTerm(index, t));
  let kept = 0;
  const used = unit.alternatives
    .filter(
      (a) =>
        a.via !== 'translation' ||
        ((!a.lowRanked || Array.from(a.text).length >= 2) && usedForm(a) && ++kept <= MAX_RESULTS),
    )
    .map((a) => (a.via === 'translation' ? { ...a, credit } : a));
  return { ...unit, alternatives: used };
}

/** A unit in a synonym group matches the group's other words fully (a synonym counts as the word itself). */
function withSynonyms(index: SearchIndex, unit: QueryUnit): QueryUnit {
  const words = index.synonyms.alternativesOf(unit.text);
  if (words.length === 0) return unit;
  const synonyms = words.map((w): Alternative => {
    if (HAN_TEST.test(w)) return hanAlternative(w, 1, 'synonym');
    return { text: w, terms: tokenize(w), credit: 1, via: 'synonym' };
  });
  return { ...unit, alternatives: [...unit.alternatives, ...synonyms] };
}

export function expandQuestion(index: SearchIndex, analyzed: AnalyzedQuestion, opts: RankingOptions): AnalyzedQuestion {
  if (index.passages.length === 0 || analyzed.units.length === 0) return analyzed;
  const english = 1 - index.hanShare() >= MIN_LATIN_SHARE;
  const mostlyLatin = index.hanShare() < MIN_HAN_SHARE_FOR_MEANINGS;
  const named = romanisedNames(index, analyzed.units);
  const units = (
    index.hanShare() >= MIN_HAN_SHARE_FOR_MEANINGS ? englishPhrases(index, named, opts.translationCredit) : named
  ).map((unit) => {
    let u = withSynonyms(index, usedTranslations(index, unit, opts.translationCredit));
    u = withSoundAlikes(index, u, opts.soundAlikeCredit);
    // In a corpus of English text, Chinese words reach it through their translations instead.
    if (!mostlyLatin) u = withSameMeaning(index, u, opts.sameMeaningCredit);
    return english ? withEnglish(index, u, opts.translationCredit) : u;
  });
  return { ...analyzed, units, terms: termsOf(units) };
}

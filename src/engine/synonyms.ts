import { normalizeText } from './normalize.ts';
import { sayMessage, type Message } from '../words/index.ts';

/**
 * Synonyms, the way search engines keep them: a file at the corpus root, one group of words that mean
 * the same per line (`文件夹 目录`, `删除, 移除, 删掉`, `SenseTime 商汤科技 商汤`), `#` starting a comment.
 * A question's word that is in a group also matches the group's other words, as if it were them; the
 * table is applied to questions, so changing it needs no reindex. Documents add groups of their own
 * with `aliases:` in their front matter (their title and each alias).
 */

/** Where the synonyms file lives, relative to the corpus directory. */
export const SYNONYMS_FILE = 'synonyms.txt';

/** Most words in one group, and longest word, in characters: longer lines are reported, not used. */
const MAX_GROUP_WORDS = 32;
const MAX_WORD_CHARS = 64;

export interface SynonymProblem {
  /** 1-based line number in the synonyms file. */
  line: number;
  /** Why, in English (logs). */
  reason: string;
  /** Why, as a catalogue message. */
  words: Message;
}

function problemAt(line: number, words: Message): SynonymProblem {
  return { line, reason: sayMessage('en', words), words };
}

export interface SynonymTable {
  /** The groups as written (each with at least two words). */
  readonly groups: ReadonlyArray<readonly string[]>;
  /** The other words of every group holding `word` (normalised as questions are). */
  alternativesOf(word: string): readonly string[];
}

/** A table of groups: words are normalised (simplified, lower case) so 資料夾 finds 文件夹's group. */
export function synonymTable(groups: ReadonlyArray<readonly string[]>): SynonymTable {
  const byWord = new Map<string, Set<string>>();
  for (const group of groups) {
    const words = [...new Set(group.map((w) => normalizeText(w).trim()).filter(Boolean))];
    for (const w of words) {
      let set = byWord.get(w);
      if (!set) byWord.set(w, (set = new Set()));
      for (const other of words) if (other !== w) set.add(other);
    }
  }
  return {
    groups,
    alternativesOf: (word) => [...(byWord.get(normalizeText(word).trim()) ?? [])],
  };
}

export const EMPTY_SYNONYMS: SynonymTable = synonymTable([]);

/** Reads a synonyms file: the groups it holds, and the lines that could not be used (with why). */
export function parseSynonyms(text: string): { table: SynonymTable; problems: SynonymProblem[] } {
  const groups: string[][] = [];
  const problems: SynonymProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const words = line.split(/[\s,，、;；]+/).filter(Boolean);
    if (words.length < 2) problems.push(problemAt(i + 1, { key: 'synonyms.lineTooFew', params: { line } }));
    else if (words.length > MAX_GROUP_WORDS)
      problems.push(problemAt(i + 1, { key: 'synonyms.lineTooMany', params: { max: MAX_GROUP_WORDS } }));
    else if (words.some((w) => Array.from(w).length > MAX_WORD_CHARS))
      problems.push(problemAt(i + 1, { key: 'synonyms.wordTooLong', params: { max: MAX_WORD_CHARS } }));
    else groups.push(words);
  });
  return { table: synonymTable(groups), problems };
}

/** The file's text for these groups: one group per line. */
export function formatSynonyms(groups: ReadonlyArray<readonly string[]>): string {
  return groups.map((g) => g.join(' ')).join('\n') + (groups.length > 0 ? '\n' : '');
}

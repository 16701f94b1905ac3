import type MiniSearch from 'minisearch';
import { tokenize, tokenizeNormalized } from './tokenize.ts';

/**
 * Terms as the index stores and finds them: normalised text with its word terms, the fields MiniSearch
 * indexes, and the term spelling and options shared by building an index and loading a snapshot.
 */

/** Normalised text, and the non-Han word terms in it (gpt-4, gpt4, gpt, 4 …), for whole-word checks. */
export interface NormalizedText {
  text: string;
  /** Whether a word (a token with no Han letter) is one of the text's tokens: "ai" is not in "openai". */
  hasWord(word: string): boolean;
  /** Reads the text's words now (a background warm-up) rather than on the first check, and returns its word line. */
  prepareWords(): string;
}

/**
 * A passage's own text, the words around it (section, title, author, publisher), and its whole
 * document's text, normalised: what coverage is measured on.
 */
export interface NormalizedPassage {
  body: NormalizedText;
  meta: NormalizedText;
  document: NormalizedText;
}

const HAN_TERM = /\p{sc=Han}/u;

/**
 * Normalised text whose words are read on first use (most questions about a Chinese corpus have no word to
 * check) or by the background warm-up (searchIndex.ts, prepareCoverageSteps) into one line, each word
 * between spaces: a token never holds a space, so a word is a token exactly when it occurs there with a
 * space on both sides. A Set of the words (a table entry and a string per word) and a closure per text held
 * 28 MB more heap on manpages-zh after its eval questions, for answers no faster within this machine's noise.
 */
class WordLineText implements NormalizedText {
  readonly text: string;
  #line: string | undefined;
  #words: (() => string) | undefined;

  constructor(text: string, words: (() => string) | undefined) {
    this.text = text;
    this.#words = words;
  }

  prepareWords(): string {
    if (this.#line === undefined) {
      this.#line = this.#words ? this.#words() : wordLineOf(tokenizeNormalized(this.text));
      this.#words = undefined;
    }
    return this.#line;
  }

  hasWord(word: string): boolean {
    if (word.length === 0 || word.includes(' ')) return false;
    const line = this.prepareWords();
    for (let at = line.indexOf(word, 1); at !== -1; at = line.indexOf(word, at + 1)) {
      if (line.charCodeAt(at - 1) === 32 && line.charCodeAt(at + word.length) === 32) return true;
    }
    return false;
  }
}

/** A word line (see WordLineText) of tokens, the Han ones left out. */
export function wordLineOf(tokens: readonly string[]): string {
  return ` ${tokens.filter((t) => !HAN_TERM.test(t)).join(' ')} `;
}

/**
 * Wraps already-normalised text. `words` may give its word line another way than by tokenizing it: a
 * document's, from its passages' lines (no token crosses the newline between them; a test checks it).
 */
export function normalizedText(text: string, words?: () => string): NormalizedText {
  return new WordLineText(text, words);
}

/** The fields MiniSearch indexes for a passage. */
export interface IndexedPassage {
  id: number;
  text: string;
  section: string;
}

/** The fields MiniSearch indexes for a document. */
export interface IndexedDocument {
  id: number;
  title: string;
  byline: string;
  /** What the document says it is about: its description, tags and first passages (its lead). */
  about: string;
}

/**
 * How an index term is stored. MiniSearch's term tree scans a node's children one by one, and Han
 * bigrams give its root one child per first character (4,800 on the fortunes corpus): building took
 * 2.5 s. A private-use "bucket" character (code point ÷ 64) before each Han term gives the root a few
 * hundred children and each bucket at most 64 — the same terms, found the same way, 2× faster to build.
 */
export function indexTerm(term: string): string {
  const cp = term.codePointAt(0) ?? 0;
  if (cp < 0x2e80) return term;
  return String.fromCharCode(0xe000 + ((cp >> 6) & 0x17ff)) + term;
}

/** MiniSearch options shared by building and loading: a saved index only works with the same tokenizer. */
export function miniSearchOptions(): ConstructorParameters<typeof MiniSearch<IndexedPassage>>[0] {
  // Rows hold normalised text (see prepare): normalising once per passage serves the index and coverage.
  return { fields: ['text', 'section'], storeFields: [], tokenize: tokenizeNormalized, processTerm: indexTerm };
}

export function documentSearchOptions(): ConstructorParameters<typeof MiniSearch<IndexedDocument>>[0] {
  return { fields: ['title', 'byline', 'about'], storeFields: [], tokenize, processTerm: indexTerm };
}

/** How far a stepwise build has got: passages indexed, of total (0 of 0 while documents are still being split). */
export interface BuildProgress {
  done: number;
  total: number;
}

import type { en } from './en.ts';

/** A key of the catalogue. */
export type WordKey = keyof typeof en;

/** A placeholder's parameter name: `{types}` and `{types:and}` (a list read "a, b and c") both name `types`. */
type NameOf<P extends string> = P extends `${infer N}:and` ? N : P;

/** The parameter names of a string: `{a} and {b:and}` → 'a' | 'b'. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? NameOf<P> | Placeholders<Rest>
  : never;

/** A parameter's value: text, a number, a list (read "a, b or c"), or a message said in the same language. */
export type WordValue = string | number | readonly string[] | Message;

/** A catalogue string and its parameters: words not yet in a language (what errors and reports carry). */
export interface Message {
  readonly key: WordKey;
  readonly params: Readonly<Record<string, WordValue>>;
}

/** The parameters a key takes (named after its English text). */
export type WordParams<K extends WordKey> = Readonly<Record<Placeholders<(typeof en)[K]>, WordValue>>;

/** One language's strings: every key of the catalogue. */
export type Words = Readonly<Record<WordKey, string>>;

/** A language the bot speaks. */
export type Lang = 'en' | 'zh-CN' | 'zh-TW';

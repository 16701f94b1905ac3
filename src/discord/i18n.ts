import { langOfLocale, say, type Lang, type WordKey, type WordParams } from '../words/index.ts';

export type { Lang } from '../words/index.ts';
export { isChinese } from '../words/index.ts';

/** The reply language for a Discord locale: zh-TW / zh-HK traditional Chinese, other zh simplified, else English. */
export function langOf(locale: string | null | undefined): Lang {
  return langOfLocale(locale);
}

/** A reply string in the user's language from the catalogue (src/words/), with {placeholders} filled in. */
export function t<K extends WordKey>(lang: Lang, key: K, params?: WordParams<K>): string {
  return say(lang, key, params ?? {});
}

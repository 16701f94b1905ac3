import { en } from './en.ts';
import type { Lang, Message, WordKey, WordParams, Words, WordValue } from './types.ts';
import { zhCN } from './zhCN.ts';
import { zhTW } from './zhTW.ts';

export type { Lang, Message, WordKey, WordParams, WordValue, Words } from './types.ts';

/** The one catalogue: every user-facing string in every language. */
export const CATALOGUE: Readonly<Record<Lang, Words>> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW };

export const LANGS: readonly Lang[] = ['en', 'zh-CN', 'zh-TW'];

/** The word a list's last item follows, per language: "a, b or c" (`{list}`), "a, b and c" (`{list:and}`). */
const LAST: Readonly<Record<Lang, { readonly or: string; readonly and: string }>> = {
  en: { or: 'or', and: 'and' },
  'zh-CN': { or: '或', and: '和' },
  'zh-TW': { or: '或', and: '和' },
};

/** Makes a parameter's text safe where it is shown (Discord escapes Markdown); the identity by default. */
export type Escape = (text: string) => string;

const asIs: Escape = (text) => text;

function valueText(lang: Lang, value: WordValue, escape: Escape, join: 'or' | 'and'): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escape(value);
  if (!Array.isArray(value)) return sayMessage(lang, value as Message, escape);
  const items = (value as readonly string[]).map(escape);
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${LAST[lang][join]} ${items.at(-1)!}`;
}

/** A string in a language, its {parameters} filled in (a missing one stays as `{name}`). */
export function say<K extends WordKey>(lang: Lang, key: K, params: WordParams<K>, escape?: Escape): string;
export function say(lang: Lang, key: WordKey, params?: Readonly<Record<string, WordValue>>, escape?: Escape): string;
export function say(
  lang: Lang,
  key: WordKey,
  params: Readonly<Record<string, WordValue>> = {},
  escape: Escape = asIs,
): string {
  return CATALOGUE[lang][key].replace(/\{(\w+)(:and)?\}/g, (m, name: string, and?: string) => {
    const value = params[name];
    return value === undefined ? m : valueText(lang, value, escape, and ? 'and' : 'or');
  });
}

/** A message (a key and its parameters) in a language; `escape` applies to its text parameters. */
export function sayMessage(lang: Lang, message: Message, escape: Escape = asIs): string {
  return say(lang, message.key, message.params, escape);
}

/** A message to say later: the key and parameters checked against the catalogue. */
export function message<K extends WordKey>(key: K, params: WordParams<K>): Message {
  return { key, params };
}

/**
 * The language for a Discord locale (a member's or a server's): zh-TW and zh-HK read traditional
 * Chinese, every other zh locale simplified Chinese, anything else English.
 */
export function langOfLocale(locale: string | null | undefined): Lang {
  const l = locale?.toLowerCase() ?? '';
  if (!l.startsWith('zh')) return 'en';
  return /^zh-(?:tw|hk|mo|hant)/.test(l) ? 'zh-TW' : 'zh-CN';
}

/** Whether a language is Chinese (either script). */
export function isChinese(lang: Lang): boolean {
  return lang !== 'en';
}

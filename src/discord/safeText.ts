/**
 * Making corpus and user text safe to show in Discord: Markdown escaped, mentions defused, and cuts
 * that never split a word or a surrogate pair. Pure functions; every rendered string goes through here.
 */

/** Characters Discord reads as Markdown (a backslash shows them literally). */
const MARKDOWN_RE = /[\\*_~`|>#[\]()<-]/g;

/**
 * Escapes Markdown and defuses mentions: "@everyone", "@here", <@id>, <@&role>, <#channel> render as
 * plain text (a zero-width space after "@"), so a quoted passage never pings or links anyone — even
 * where allowed_mentions would already stop the ping.
 */
export function escapeForDiscord(text: string): string {
  return text.replace(MARKDOWN_RE, (c) => `\\${c}`).replace(/@/g, '@\u200b');
}

/** Text shown as inline code: backslash escapes do not work there, so backticks become quotes instead. */
export function inlineCode(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\n/g, ' ')}\``;
}

/** Escapes a line that Discord shows without Markdown (embed titles, footers, button labels) of mentions only. */
export function defuseMentions(text: string): string {
  return text.replace(/@/g, '@\u200b').replace(/<#/g, '<\u200b#');
}

const LATIN_WORD = /[\p{L}\p{N}]/u;
const HAN = /\p{sc=Han}/u;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && LATIN_WORD.test(c) && !HAN.test(c);
}

/** Whether cutting `text` at `i` keeps words and surrogate pairs whole. */
export function isSafeCut(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  const code = text.charCodeAt(i);
  if (code >= 0xdc00 && code <= 0xdfff) return false; // the low half of a pair
  if (/^(?:\u200d|\ufe0f|\p{M})$/u.test(text[i]!)) return false; // joiners and combining marks stay with their base
  return !(isWordChar(text[i - 1]) && isWordChar(text[i]));
}

/** The largest safe cut at or before `i` (0 when none). */
export function safeCutBefore(text: string, i: number): number {
  let at = Math.min(i, text.length);
  while (at > 0 && !isSafeCut(text, at)) at--;
  // A word longer than the whole budget: cut it anyway rather than drop everything, but never in a pair.
  if (at === 0 && i > 0) {
    at = Math.min(i, text.length);
    while (at > 0 && !isSafeCutPair(text, at)) at--;
  }
  return at;
}

/** The smallest safe cut at or after `i`. */
export function safeCutAfter(text: string, i: number): number {
  let at = Math.max(i, 0);
  while (at < text.length && !isSafeCut(text, at)) at++;
  return at;
}

function isSafeCutPair(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return !(code >= 0xdc00 && code <= 0xdfff);
}

/** Shortens text to at most `max` UTF-16 units at a safe cut, with "…" when it was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  return `${text.slice(0, safeCutBefore(text, max - 1)).trimEnd()}…`;
}

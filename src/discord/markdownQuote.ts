/**
 * Quoting a passage of a Markdown document in Discord: emphasis, inline code, code blocks and http(s) links
 * render, everything else is escaped as in plain text. What could ping (mentions), pretend (a link whose
 * text is another address) or break the layout (headings, `-#` subtext, `>>>`, spoilers, a fence or a
 * backtick left open by a cut) is defused. Pure functions.
 */
import { escapeForDiscord } from './safeText.ts';

/** How a piece of Markdown is rendered. */
export interface MarkdownQuoteOptions {
  /** The piece is shown inside `**…**`: its own strong emphasis is dropped (the markers would close it). */
  inBold?: boolean;
}

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ZWSP = '\u200b';

/** An address Discord may link: http(s), and only characters that never read as Markdown or break out. */
const SAFE_URL_RE = /^https?:\/\/[A-Za-z0-9\-.~:/?#%&=+!$,;@]+$/;

/** Defuses mentions in text that is shown as code (escapes do not work there; mentions would not ping either). */
function defuseInCode(text: string): string {
  return text.replace(/@/g, `@${ZWSP}`).replace(/<#/g, `<${ZWSP}#`);
}

function safeUrl(url: string): string | null {
  return SAFE_URL_RE.test(url) ? url.replace(/@/g, '%40') : null;
}

/** Link text that reads as an address (or a domain) could claim to go somewhere else than it does. */
function looksLikeAddress(text: string): boolean {
  return /:\/\/|^\s*www\.|\b[\w-]+\.(?:com|org|net|io|dev|cn|gov|edu|app|xyz|me|co)\b/i.test(text);
}

/** Where the emphasis opened by `marker` at `at` closes on the same line, or -1. */
function closingOf(text: string, at: number, marker: string): number {
  const after = text[at + marker.length];
  if (after === undefined || /\s/.test(after)) return -1;
  // "snake_case" and "2*3*4" are not emphasis: an underscore opens only after a non-word character.
  if (marker.startsWith('_') && at > 0 && /[\p{L}\p{N}]/u.test(text[at - 1]!)) return -1;
  let from = at + marker.length + 1;
  for (;;) {
    const close = text.indexOf(marker, from);
    if (close < 0) return -1;
    const before = text[close - 1]!;
    const next = text[close + marker.length];
    const wordAfter = next !== undefined && /[\p{L}\p{N}]/u.test(next);
    // A longer run ("***") is not this marker's close unless it is the same character run's end.
    const longer = next === marker[0] && marker.length === 1;
    if (!/\s/.test(before) && before !== '\\' && !longer && !(marker.startsWith('_') && wordAfter)) return close;
    from = close + 1;
  }
}

/** Renders one line of inline Markdown. */
function renderInline(text: string, options: MarkdownQuoteOptions, links = true): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const rest = text.slice(i);
    // A backslash escape: the character is literal.
    if (c === '\\' && /^[!-/:-@[-`{-~]$/.test(text[i + 1] ?? '')) {
      out += escapeForDiscord(text[i + 1]!);
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = /^`+/.exec(rest)![0];
      const close = run.length <= 2 ? text.indexOf(run, i + run.length) : -1;
      const content = close < 0 ? '' : text.slice(i + run.length, close);
      if (close >= 0 && content.trim() !== '' && !content.includes('`'.repeat(run.length))) {
        out += `${run}${defuseInCode(content)}${run}`;
        i = close + run.length;
        continue;
      }
      out += escapeForDiscord(run);
      i += run.length;
      continue;
    }
    const image = /^!\[([^\]\n]*)\]\(([^()\s]*)(?:\s+"[^"\n]*")?\)/.exec(rest);
    if (image) {
      out += escapeForDiscord(image[1]!);
      i += image[0].length;
      continue;
    }
    const link = links ? /^\[([^\]\n]+)\]\(<?([^()<>\s]*)>?(?:\s+"[^"\n]*")?\)/.exec(rest) : null;
    if (link) {
      const label = renderInline(link[1]!, options, false);
      const url = safeUrl(link[2]!);
      if (url === null) out += label;
      else if (looksLikeAddress(link[1]!)) out += `${label} (<${url}>)`;
      else out += `[${label}](${url})`;
      i += link[0].length;
      continue;
    }
    const auto = /^<(https?:\/\/[^\s<>]+)>/.exec(rest);
    if (auto && safeUrl(auto[1]!)) {
      out += `<${safeUrl(auto[1]!)!}>`;
      i += auto[0].length;
      continue;
    }
    const bare = /^https?:\/\/[^\s<>()[\]]+[^\s<>()[\].,;:!?'"。,;:!?)]/.exec(rest);
    if (bare && (i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1]!)) && safeUrl(bare[0])) {
      out += safeUrl(bare[0])!;
      i += bare[0].length;
      continue;
    }
    const marker = /^(?:\*\*|__|~~|\*|_)/.exec(rest)?.[0];
    if (marker) {
      const close = closingOf(text, i, marker);
      if (close > i + marker.length) {
        const inner = renderInline(text.slice(i + marker.length, close), options, links);
        const strong = marker === '**' || marker === '__';
        if (strong) out += options.inBold ? inner : `**${inner}**`;
        else if (marker === '~~') out += `~~${inner}~~`;
        else out += `*${inner}*`;
        i = close + marker.length;
        continue;
      }
      out += escapeForDiscord(marker);
      i += marker.length;
      continue;
    }
    out += escapeForDiscord(c);
    i += 1;
  }
  return out;
}

/**
 * Renders a Markdown passage (or a piece of one) for Discord. Fenced code stays a code block, closed even
 * when the piece ends inside it; lines outside code render their inline Markdown; whatever else Markdown
 * would do at a line start (headings, quotes, subtext, lists) is escaped to literal text.
 */
export function renderMarkdownQuote(text: string, options: MarkdownQuoteOptions = {}): string {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = FENCE_RE.exec(lines[i]!);
    if (fence && !(fence[1]!.startsWith('`') && fence[2]!.includes('`'))) {
      const char = fence[1]![0]!;
      const length = fence[1]!.length;
      const lang = /^[\w+#.-]{1,20}$/.test(fence[2]!.trim()) ? fence[2]!.trim() : '';
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const close = new RegExp(`^ {0,3}\\${char}{${length},}\\s*$`).exec(lines[j]!);
        if (close) break;
        body.push(lines[j]!);
      }
      // Inside the block a run of three backticks would close it: a zero-width space breaks the run.
      const code = defuseInCode(body.join('\n')).replace(/`(?=``)/g, `\`${ZWSP}`);
      out.push(`\`\`\`${lang}\n${code}\n\`\`\``);
      i = j; // the closing fence (or the end)
      continue;
    }
    out.push(renderInline(lines[i]!, options));
  }
  return out.join('\n');
}

/** Whether a piece of Markdown has a fenced code block (which cannot sit inside bold). */
export function hasCodeFence(text: string): boolean {
  return text.split('\n').some((line) => FENCE_RE.test(line));
}

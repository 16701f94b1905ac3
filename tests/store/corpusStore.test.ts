import { spawnSync } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/store/corpus.ts';
import { addDocument, removeDocument, sanitizeDocumentName, withTitle } from '../../src/store/corpusStore.ts';
import { UserFacingError } from '../../src/errors.ts';
import { REPO_ROOT, cliEnv } from '../support/cli.ts';
import { tempDirs } from '../support/tempDirs.ts';

const tempDir = tempDirs('wenda-store-');

describe('documents written from Discord', () => {
  it('a title becomes front matter in Markdown (keeping the rest) and the first line of plain text', async () => {
    const dir = await tempDir();
    const md = new TextEncoder().encode('---\nauthor: 某人\ntitle: 旧标题\n---\n正文第一段。\n');
    const added = await addDocument(dir, 'notes.md', md, { title: '新标题: "引号"', maxBytes: 10_000 });
    await addDocument(dir, 'plain.txt', new TextEncoder().encode('第一行正文,不是标题。\n第二行。\n'), {
      title: '纯文本标题',
      maxBytes: 10_000,
    });
    expect(added.title).toBe('新标题: "引号"');
    const { documents } = await loadCorpus(dir);
    expect(documents.find((d) => d.id === 'notes.md')).toMatchObject({ title: '新标题: "引号"', author: '某人' });
    expect(documents.find((d) => d.id === 'plain.txt')).toMatchObject({ title: '纯文本标题' });
    expect(withTitle('a.md', '正文', '  ')).toBe('正文');
  });

  it('replacing a document keeps the old one under .removed/, and removing never deletes', async () => {
    const dir = await tempDir();
    await addDocument(dir, 'a.txt', new TextEncoder().encode('甲\n第一版的内容。\n'), { maxBytes: 10_000 });
    const second = await addDocument(dir, 'a.txt', new TextEncoder().encode('甲\n第二版的内容。\n'), {
      maxBytes: 10_000,
    });
    expect(second.replaced).toMatch(/^\.removed\/.*_a\.txt$/);
    expect(await readFile(path.join(dir, second.replaced!), 'utf8')).toContain('第一版');
    const moved = await removeDocument(dir, 'a.txt');
    expect(await readFile(path.join(dir, moved), 'utf8')).toContain('第二版');
    expect(await readdir(dir)).toEqual(['.removed']);
    await expect(removeDocument(dir, '../outside.txt')).rejects.toBeInstanceOf(UserFacingError);
    await expect(removeDocument(dir, '.removed/x.txt')).rejects.toBeInstanceOf(UserFacingError);
  });

  it('names: path parts, hidden dots and odd characters go; what is left must be a document type', () => {
    expect(sanitizeDocumentName('../../etc/passwd.txt')).toBe('passwd.txt');
    expect(sanitizeDocumentName('C:\\\\docs\\\\报告 2024 (终).MD')).toBe('报告-2024-终-.md');
    expect(sanitizeDocumentName('...hidden.md')).toBe('hidden.md');
    expect(sanitizeDocumentName('nul.txt')).toBe('doc-nul.txt');
    expect(() => sanitizeDocumentName('.md')).toThrow(UserFacingError);
    expect(() => sanitizeDocumentName('run.sh')).toThrow(/not a \.txt, \.md, \.markdown, \.html or \.htm file/);
  });
});

describe('npm run reindex', () => {
  it('prints the diff against the saved index, saves a new one, and exits 1 when the directory is missing', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'one.md'), '# 一\n\n第一份文档的内容。\n');
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['dist/cli/reindex.js', ...args], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: cliEnv(),
      });
    const first = run(['--corpus', dir]);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/Documents 0 → 1/);
    await writeFile(path.join(dir, 'two.txt'), '二\n第二份文档的内容。\n');
    const second = run(['--corpus', dir]);
    expect(second.stdout).toMatch(/Documents 1 → 2/);
    expect(second.stdout).toContain('Added: two.txt');
    expect(second.stdout).not.toMatch(/\[#+/); // no progress bar outside a terminal
    const missing = run(['--corpus', path.join(dir, 'nope')]);
    expect(missing.status).toBe(1);
    expect(missing.stdout).toMatch(/Reindex failed: the corpus directory .* does not exist/);
  });
});

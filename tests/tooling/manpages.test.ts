import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPage } from '../../tooling/corpora/manpages.ts';

describe('rendering a manual page', () => {
  let dir: string;
  let page: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-man-'));
    page = path.join(dir, 'demo.1');
    await writeFile(page, '.TH DEMO 1\n.SH 名称\ndemo \\- 演示\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a page the first renderer fails on is rendered by the next one', async () => {
    expect(await renderPage(page, ['exit 3', 'sed -n 3p "$1"'])).toBe('demo \\- 演示\n');
  });

  it('a renderer that succeeds with no text counts as failed too', async () => {
    expect(await renderPage(page, ['true', 'sed -n 1p "$1"'])).toBe('.TH DEMO 1\n');
  });

  it('no renderer managing it gives null, not an empty page', async () => {
    expect(await renderPage(page, ['exit 1', 'printf "  \\n"'])).toBeNull();
  });

  it('a renderer that hangs is killed with what it started (its output never closes otherwise), and the next one runs', async () => {
    // `sleep` holds the pipe open: renderPage returns only once the whole process group is gone.
    expect(await renderPage(page, ['sleep 60 & wait', 'sed -n 2p "$1"'], 300)).toBe('.SH 名称\n');
  });
});

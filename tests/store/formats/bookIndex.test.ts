import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitPassages } from '../../../src/engine/passages.ts';
import { loadCorpus, parseDocument } from '../../../src/store/corpus.ts';
import { htmlFormat } from '../../../src/store/formats/html.ts';

// A back-of-book index as DocBook writes it: an entry's words, then links to the pages about it; a
// sub-entry under its parent term.
const INDEX_PAGE = `<html><head><title>Index</title></head><body>
  <div class="navheader"><a href="prev.html">Prev</a></div>
  <div class="index"><div class="titlepage"><h1 class="title">Index</h1></div>
    <div class="indexdiv"><h3>M</h3><dl>
      <dt>Merge all layers，<a class="indexterm" href="layers/flatten.html#idm12">Flatten Image</a></dt>
      <dt>合并图层，<a class="indexterm" href="layers/flatten.html">Flatten Image</a>, <a href="https://example.com/x">elsewhere</a></dt>
      <dt>Opacity</dt>
      <dd><dl><dt>Brush，<a class="indexterm" href="tools/paint.html#options">Tool options</a></dt></dl></dd>
      <dt>Flatten Image，<a class="indexterm" href="layers/flatten.html">Flatten Image</a></dt>
    </dl></div>
  </div></body></html>`;

describe('back-of-book indexes', () => {
  it('are not quoted: the index page keeps its headings, its entries become names of the pages they link to', () => {
    const doc = parseDocument('book/index-page.html', Buffer.from(INDEX_PAGE));
    expect(doc.body).toBe('Index\n\nM');
    expect(splitPassages(doc)).toEqual([]);
    expect(htmlFormat.parse(INDEX_PAGE, 'book/index-page.html').indexEntries).toEqual([
      { name: 'Merge all layers', href: 'layers/flatten.html#idm12' },
      { name: '合并图层', href: 'layers/flatten.html' },
      { name: '合并图层', href: 'https://example.com/x' },
      { name: 'Opacity Brush', href: 'tools/paint.html#options' },
      { name: 'Flatten Image', href: 'layers/flatten.html' },
    ]);
    // parseDocument (what /corpus add validates with) returns a document without them.
    expect(doc).not.toHaveProperty('indexEntries');
  });

  describe('loading a corpus', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'wenda-book-index-'));
      await mkdir(path.join(dir, 'book/layers'), { recursive: true });
      await mkdir(path.join(dir, 'book/tools'), { recursive: true });
      await writeFile(path.join(dir, 'book/index-page.html'), INDEX_PAGE);
      const page = (title: string) => `<title>${title}</title><h1>${title}</h1><p>What ${title} does, in detail.</p>`;
      await writeFile(path.join(dir, 'book/layers/flatten.html'), page('Flatten Image'));
      await writeFile(path.join(dir, 'book/tools/paint.html'), page('Paint Tools'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('adds the index names to the pages they point to (not the title again, not pages outside the corpus)', async () => {
      const corpus = await loadCorpus(dir);
      const byId = new Map(corpus.documents.map((d) => [d.id, d]));
      expect(byId.get('book/layers/flatten.html')!.aliases).toEqual(['Merge all layers', '合并图层']);
      expect(byId.get('book/tools/paint.html')!.aliases).toEqual(['Opacity Brush']);
      expect(byId.get('book/index-page.html')!.aliases).toEqual([]);
      expect(corpus.problems).toEqual([]);
    });
  });
});

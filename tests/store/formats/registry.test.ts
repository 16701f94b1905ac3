import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitPassages } from '../../../src/engine/passages.ts';
import type { CorpusDocument } from '../../../src/engine/types.ts';
import { UserFacingError } from '../../../src/errors.ts';
import { DOCUMENT_EXTENSIONS, loadCorpus, parseDocument } from '../../../src/store/corpus.ts';
import { withTitle } from '../../../src/store/corpusStore.ts';
import { FORMATS, acceptedExtensions, formatForFile } from '../../../src/store/formats/index.ts';

describe('the formats registry', () => {
  it('every extension belongs to exactly one format, and the loader accepts exactly those', () => {
    const all = FORMATS.flatMap((f) => f.extensions);
    expect(new Set(all).size).toBe(all.length);
    expect([...DOCUMENT_EXTENSIONS]).toEqual(all);
    for (const f of FORMATS) for (const ext of f.extensions) expect(formatForFile(`a/b${ext.toUpperCase()}`)).toBe(f);
    expect(formatForFile('report.pdf')).toBeNull();
  });

  it('a file of another type is refused with the list of accepted types', () => {
    expect(() => parseDocument('a.pdf', Buffer.from('x'))).toThrow(`not a ${acceptedExtensions()} file`);
    expect(acceptedExtensions()).toBe('.txt, .md, .markdown, .html or .htm');
  });
});

describe('bad files of every format are problems, never fatal (what npm run reindex and /reindex list)', () => {
  it('loads the good files and names each bad one with its reason', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'formats-'));
    try {
      const files: Record<string, string> = {
        'good.html': '<title>Good</title><p>A readable page.</p>',
        'chrome.html': '<nav>Home · About</nav><script>x()</script>',
        'good.md': '---\ntags:\n  - a\n---\nText.\n',
        'bad.md': '---\ntags:\n  - a\n - b\n---\nText.\n',
        'good.txt': '一行正文。\n',
      };
      for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
      const corpus = await loadCorpus(dir);
      expect(corpus.documents.map((d) => [d.id, d.format])).toEqual([
        ['good.html', 'html'],
        ['good.md', 'markdown'],
        ['good.txt', 'text'],
      ]);
      expect(corpus.problems.map(({ file, reason }) => ({ file, reason }))).toEqual([
        { file: 'bad.md', reason: expect.stringMatching(/^front matter line 4 /) },
        { file: 'chrome.html', reason: expect.stringMatching(/no readable text/) },
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a title given with /corpus add is written the way each format states one', () => {
  it('Markdown: into the front matter, keeping its lists and comments', () => {
    const text = withTitle('a.md', '---\n# why\ntags:\n  - x\n---\n正文。\n', '新: "标题"');
    expect(text).toContain('# why');
    const doc = parseDocument('a.md', Buffer.from(text));
    expect([doc.title, doc.tags, doc.body]).toEqual(['新: "标题"', ['x'], '正文。\n']);
  });

  it('HTML: as the <title>, escaped, replacing one that is there', () => {
    const titled = (html: string) =>
      parseDocument('a.html', Buffer.from(withTitle('a.html', html, 'Tom & <Jerry>'))).title;
    expect(titled('<html><head><title>Old</title></head><body><p>x</p></body></html>')).toBe('Tom & <Jerry>');
    expect(titled('<html><head></head><body><p>x</p></body></html>')).toBe('Tom & <Jerry>');
    expect(titled('<p>x</p>')).toBe('Tom & <Jerry>');
  });
});

// ---------------------------------------------------------------------------------------------
// Every passage of every format is a verbatim slice of its document's body, in order.

const word = fc.constantFrom('安装', '配置', 'the', 'filter', 'GIMP', '图层', 'blur', '2023', '😀', 'x_y', '@everyone');
const sentence = fc
  .array(word, { minLength: 1, maxLength: 30 })
  .chain((ws) => fc.constantFrom('。', '.', '!', '', '?').map((end) => ws.join(' ') + end));
const mdBlock = fc.oneof(
  sentence,
  fc.array(sentence, { minLength: 1, maxLength: 3 }).map((ss) => ss.join('\n')),
  sentence.map((s) => `## ${s.slice(0, 20)}`),
  sentence.map((s) => `\`\`\`sh\n# ${s}\necho ${s}\n\`\`\``),
  fc
    .array(sentence, { minLength: 1, maxLength: 4 })
    .map((ss) => ss.map((s, i) => `${'  '.repeat(i % 2)}- ${s}`).join('\n')),
  fc
    .array(sentence, { minLength: 1, maxLength: 4 })
    .map((ss) => `| a | b |\n| - | - |\n${ss.map((s) => `| ${s} | x |`).join('\n')}`),
  sentence.map((s) => `> ${s}`),
  fc.constant('图片来自网络'),
);
const htmlBlock = fc.oneof(
  sentence.map((s) => `<p>${s}</p>`),
  sentence.map((s) => `<h2>${s.slice(0, 20)}</h2>`),
  sentence.map((s) => `<pre>  ${s}\n    ${s}</pre>`),
  fc.array(sentence, { minLength: 1, maxLength: 3 }).map((ss) => `<ul>${ss.map((s) => `<li>${s}</li>`).join('')}</ul>`),
  fc
    .array(sentence, { minLength: 1, maxLength: 3 })
    .map((ss) => `<table>${ss.map((s) => `<tr><td>${s}</td><td>y</td></tr>`).join('')}</table>`),
  sentence.map((s) => `<div>${s} <b>bold</b> &amp; more</div>`),
  sentence.map((s) => `<nav>${s}</nav><script>${s}</script>`),
);

const fileArb = fc.oneof(
  fc.array(mdBlock, { minLength: 1, maxLength: 12 }).map((bs) => ({ id: 'gen.md', text: bs.join('\n\n') })),
  fc.array(sentence, { minLength: 1, maxLength: 12 }).map((ss) => ({ id: 'gen.txt', text: ss.join('\n') })),
  fc
    .array(htmlBlock, { minLength: 1, maxLength: 12 })
    .map((bs) => ({ id: 'gen.html', text: `<html><body>${bs.join('\n')}</body></html>` })),
);

function parsedOrNull(id: string, text: string): CorpusDocument | null {
  try {
    return parseDocument(id, Buffer.from(text));
  } catch (err) {
    if (err instanceof UserFacingError && err.code === 'document.empty') return null;
    throw err;
  }
}

describe('passages are verbatim slices of the body (property, every format)', () => {
  it('blocks are ordered and inside the body; passages appear in the body in order, within maxChars', () => {
    fc.assert(
      fc.property(
        fileArb,
        fc.integer({ min: 20, max: 400 }),
        fc.integer({ min: 0, max: 60 }),
        (file, maxChars, minChars) => {
          const doc = parsedOrNull(file.id, file.text);
          if (doc === null) return;
          let end = 0;
          for (const b of doc.blocks!) {
            expect(b.start).toBeGreaterThanOrEqual(end);
            expect(b.end).toBeGreaterThan(b.start);
            expect(b.end).toBeLessThanOrEqual(doc.body.length);
            end = b.end;
          }
          let at = 0;
          for (const p of splitPassages(doc, { maxChars, minChars })) {
            expect(p.text.length).toBeLessThanOrEqual(maxChars);
            const found = doc.body.indexOf(p.text, at);
            expect(found, `${p.id} is not a slice of the body after offset ${at}`).toBeGreaterThanOrEqual(0);
            at = found + p.text.length;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a code block that fits is never cut, whatever surrounds it', () => {
    fc.assert(
      fc.property(fc.array(mdBlock, { minLength: 1, maxLength: 8 }), (blocks) => {
        const doc = parsedOrNull('gen.md', blocks.join('\n\n'));
        if (doc === null) return;
        const passages = splitPassages(doc, { maxChars: 320, minChars: 40 });
        for (const b of doc.blocks!.filter((x) => x.kind === 'code' || x.kind === 'table')) {
          const text = doc.body.slice(b.start, b.end);
          if (text.length <= 320) expect(passages.some((p) => p.text.includes(text))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });
});

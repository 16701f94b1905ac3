import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, parseDocument as parseYaml } from 'yaml';
import { splitPassages } from '../../../src/engine/passages.ts';
import { UserFacingError } from '../../../src/errors.ts';
import { parseDocument } from '../../../src/store/corpus.ts';
import { parseFrontMatter } from '../../../src/store/formats/frontMatter.ts';

const md = (text: string, id = 'doc.md') => parseDocument(id, Buffer.from(text));

/** The problem a file gives: its error code and message. */
function problemOf(text: string): { code: string; message: string } {
  try {
    md(text);
  } catch (err) {
    if (err instanceof UserFacingError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('parsed without a problem');
}

describe('Markdown front matter (YAML)', () => {
  // As Docusaurus, MkDocs and Hugo write it: lists in block and flow style, nested values, unknown keys.
  const doc = md(
    [
      '---',
      'title: 安装指南',
      'description: How to install the tool on Debian',
      'tags:',
      '  - setup',
      '  - 安装',
      'aliases: [装机, install guide]',
      'sidebar:',
      '  position: 2',
      '  label: "Install"',
      'faq:',
      '  - q: 能离线安装吗?',
      '    a: 能。',
      'draft: false',
      '---',
      '正文第一段,说明如何安装这个工具。',
      '',
    ].join('\n'),
  );

  it('reads lists and nested values instead of skipping the file', () => {
    expect(doc.title).toBe('安装指南');
    expect(doc.description).toBe('How to install the tool on Debian');
    expect(doc.tags).toEqual(['setup', '安装']);
    expect(doc.aliases).toEqual(['装机', 'install guide']);
  });

  it('keeps the whole front matter in meta for features that read keys of their own', () => {
    expect(doc.meta).toMatchObject({ sidebar: { position: 2, label: 'Install' }, draft: false });
    expect(doc.meta?.faq).toEqual([{ q: '能离线安装吗?', a: '能。' }]);
  });

  it('the body starts after the closing ---, exactly as in the file', () => {
    expect(doc.body).toBe('正文第一段,说明如何安装这个工具。\n');
    expect(doc.format).toBe('markdown');
  });

  it('a bad front matter is a problem naming the line of the file', () => {
    // Line 1 is the opening ---; the stray list item is on line 5, indented less than the list above it.
    const bad = problemOf('---\ntitle: x\ntags:\n  - a\n - b\n---\n正文。\n');
    expect(bad.code).toBe('document.frontMatter');
    expect(bad.message).toMatch(/^front matter line 5 .*: - b$/);
    expect(problemOf('---\ntitle: "x\n---\n正文。').message).toMatch(/line 2 has an unclosed quote/);
    expect(problemOf('---\n- a\n- b\n---\n正文。').message).toMatch(/"key: value" lines/);
    expect(problemOf('---\ntitle: x\n正文。').message).toMatch(/no closing ---/);
  });
});

describe('Markdown body, parsed', () => {
  it('a "# comment" inside a code fence is code, never a heading, and the fence is quoted whole', () => {
    const text = [
      '## Install',
      '',
      'Run the script:',
      '',
      '```sh',
      '# comment: update first',
      'apt-get update',
      '```',
      '',
      'Then reboot the machine when it is done.',
    ].join('\n');
    const doc = md(text);
    const passages = splitPassages(doc, { minChars: 0 });
    expect(passages.map((p) => p.section)).toEqual(['Install', 'Install', 'Install']);
    const code = passages.find((p) => p.text.includes('apt-get'))!;
    expect(code.text).toBe('```sh\n# comment: update first\napt-get update\n```');
    expect(doc.blocks!.filter((b) => b.kind === 'heading')).toHaveLength(1);
  });

  it('setext headings name sections, and nested headings keep their path', () => {
    const doc = md('Guide\n=====\n\nIntro text here.\n\nUsage\n-----\n\n### Flags\n\nThe flags are listed.\n');
    expect(doc.title).toBe('Guide');
    const last = doc.blocks!.at(-1)!;
    expect(last.section).toBe('Flags');
    expect(last.headings).toEqual(['Guide', 'Usage', 'Flags']);
  });

  it('a top-level list item is one block with its nested list; items join while short', () => {
    const text = '- Install\n  - on Debian: `apt install x`\n  - on macOS: `brew install x`\n- Configure\n';
    const doc = md(text);
    expect(doc.blocks!.map((b) => [b.kind, doc.body.slice(b.start, b.end)])).toEqual([
      ['list', '- Install\n  - on Debian: `apt install x`\n  - on macOS: `brew install x`'],
      ['list', '- Configure'],
    ]);
    // Cut small, the first item is not split from its nested items as long as it fits.
    const passages = splitPassages(doc, { maxChars: 80, minChars: 0 });
    expect(passages[0]!.text).toBe(doc.body.slice(doc.blocks![0]!.start, doc.blocks![0]!.end));
  });

  it('a table is one block, never cut while it fits', () => {
    const table = '| Key | Action |\n| --- | --- |\n| Ctrl+S | Save |\n| Ctrl+Q | Quit |';
    const doc = md(`Shortcuts of the editor, in a table:\n\n${table}\n\nThat is all of them.\n`);
    expect(doc.blocks!.map((b) => b.kind)).toEqual(['paragraph', 'table', 'paragraph']);
    const passages = splitPassages(doc, { maxChars: table.length, minChars: 0 });
    expect(passages.map((p) => p.text)).toContain(table);
  });

  it('a table over the limit is cut between rows', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `| key ${i} | action number ${i} |`);
    const table = ['| Key | Action |', '| --- | --- |', ...rows].join('\n');
    const passages = splitPassages(md(table), { maxChars: 120, minChars: 0 });
    expect(passages.length).toBeGreaterThan(1);
    for (const p of passages.slice(0, -1)) expect(p.text.endsWith('\n')).toBe(true);
    expect(passages.map((p) => p.text).join('')).toBe(table);
  });

  it('a block quote is one block of kind quote', () => {
    const doc = md('> Quoted line one.\n> Quoted line two.\n\nAfter the quote.\n');
    expect(doc.blocks!.map((b) => b.kind)).toEqual(['quote', 'paragraph']);
  });

  it('keeps the first-line title and the Chinese byline of today', () => {
    expect(md('# 标题\n\n正文。').title).toBe('标题');
    const byline = md('文|光锥智能,作者|郝鑫\n\n正文。');
    expect([byline.publisher, byline.author]).toEqual(['光锥智能', '郝鑫']);
    expect(md('---\ntitle: 前置标题\n---\n# 正文标题\n\n正文。').title).toBe('前置标题');
  });
});

describe('front matter read without the YAML parser when every line is simple', () => {
  const value = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      '2023-03-24',
      'true',
      'no',
      '12',
      '1e3',
      '0x1f',
      'a: b',
      'x #c',
      '-x',
      '[a]',
      "'q'",
      '"q"',
      '',
      '~',
    ),
    fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
  );
  const key = fc.constantFrom('title', 'author', 'url', 'Title', 'x-y', 'tags');

  it('gives exactly what YAML gives (or the same problem)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 5 }), (pairs) => {
        const yamlText = pairs.map(([k, v]) => `${k}: ${v}`).join('\n');
        const viaYaml = parseYaml(yamlText, { prettyErrors: false, uniqueKeys: false });
        const ours = (() => {
          try {
            return parseFrontMatter(`---\n${yamlText}\n---\n正文`).meta;
          } catch {
            return 'error';
          }
        })();
        const expected = (() => {
          if (viaYaml.errors.length > 0 || (!isMap(viaYaml.contents) && viaYaml.contents !== null)) return 'error';
          try {
            return (viaYaml.toJS() as unknown) ?? {};
          } catch {
            return 'error'; // an alias to no anchor ("*x")
          }
        })();
        expect(ours).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
});

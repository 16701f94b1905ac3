import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { documentOf } from '../support/documents.ts';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/store/corpus.ts';
import {
  headingOf,
  isCaption,
  sentenceEnds,
  splitParagraph,
  splitPassages,
  type SplitOptions,
} from '../../src/engine/passages.ts';
import type { CorpusDocument, Passage } from '../../src/engine/types.ts';

const ARTICLE_ID = 'ai-2-0-founders.md';
const article = parseDocument(ARTICLE_ID, readFileSync(new URL(`../../corpus/${ARTICLE_ID}`, import.meta.url)));

// Full-width punctuation, written as escapes so that no editor or tool can quietly turn it into ASCII.
const FW = {
  comma: '\uff0c',
  excl: '\uff01',
  quest: '\uff1f',
  semi: '\uff1b',
  colon: '\uff1a',
  lparen: '\uff08',
  rparen: '\uff09',
};

/** A content paragraph as the test built it: its text and the section it is under. */
interface Para {
  text: string;
  section: string | null;
}

const ID_RE = /#p(\d+)(?:-(\d+))?(?:\.(\d+))?$/;

/**
 * Checks every splitter invariant against the paragraphs the document was built from:
 * passages cover exactly the content paragraphs in order (a split paragraph's pieces concatenate back
 * to it, joined paragraphs are separated by "\n"), none exceeds maxChars, none starts or ends inside a
 * surrogate pair, ids are unique and agree with the paragraph ranges, ordinals count up, sections match.
 */
function checkInvariants(
  doc: CorpusDocument,
  expected: readonly Para[],
  passages: readonly Passage[],
  maxChars: number,
): void {
  expect(new Set(passages.map((p) => p.id)).size).toBe(passages.length);
  let next = 1; // the next paragraph number a passage must start at
  let pieces: string[] = [];
  let piecesOf = 0;
  passages.forEach((p, i) => {
    expect(p.ordinal).toBe(i);
    expect(p.docId).toBe(doc.id);
    expect(p.text.length).toBeLessThanOrEqual(maxChars);
    expect(p.text.length).toBeGreaterThan(0);
    const firstCode = p.text.charCodeAt(0);
    const lastCode = p.text.charCodeAt(p.text.length - 1);
    expect(firstCode >= 0xdc00 && firstCode <= 0xdfff, `${p.id} starts with a low surrogate`).toBe(false);
    expect(lastCode >= 0xd800 && lastCode <= 0xdbff, `${p.id} ends with a high surrogate`).toBe(false);

    const m = ID_RE.exec(p.id);
    expect(m, p.id).not.toBeNull();
    const [first, last] = p.paragraphs;
    expect(p.id.startsWith(`${doc.id}#p`)).toBe(true);
    expect(Number(m![1])).toBe(first);
    expect(Number(m![2] ?? m![1])).toBe(last);
    expect(p.section).toBe(expected[first - 1]?.section);

    if (m![3] !== undefined) {
      // A piece of a long paragraph: numbered from 1, all pieces in a row.
      expect(first).toBe(last);
      if (piecesOf !== first) {
        expect(pieces).toEqual([]);
        expect(first).toBe(next);
        piecesOf = first;
      }
      pieces.push(p.text);
      expect(Number(m![3])).toBe(pieces.length);
      const whole = expected[first - 1]!.text;
      if (pieces.join('').length >= whole.length) {
        expect(pieces.join('')).toBe(whole);
        expect(pieces.length).toBeGreaterThan(1);
        pieces = [];
        piecesOf = 0;
        next = first + 1;
      }
    } else {
      expect(pieces, 'a split paragraph was left unfinished').toEqual([]);
      expect(first).toBe(next);
      const group = expected.slice(first - 1, last);
      expect(group.length).toBe(last - first + 1);
      // Joined paragraphs keep the source's separator: a blank line in Markdown, a line end in text.
      expect(p.text).toBe(group.map((g) => g.text).join(doc.id.endsWith('.md') ? '\n\n' : '\n'));
      for (const g of group) expect(g.section).toBe(p.section);
      next = last + 1;
    }
  });
  expect(pieces).toEqual([]);
  expect(next - 1, 'every content paragraph is in a passage').toBe(expected.length);
}

// ---------------------------------------------------------------------------------------------
// Generated documents

const cjkChar = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
const astral = fc.constantFrom('😀', '🎉', '👍', '🚀', '𠀀', '𝒜', '👩‍💻');
const latin = fc.constantFrom('GPT-4', 'OpenAI', 'H100', 'AI', 'the', 'model', '2023', '36.60', 'x');
const punct = fc.constantFrom(
  '。',
  ',',
  '!',
  '?',
  '、',
  ';',
  '…',
  '“',
  '”',
  ' ',
  '.',
  '(',
  ')',
  FW.comma,
  FW.excl,
  FW.quest,
  FW.semi,
);

/** A line that is content: not blank, no white space at its ends, not a caption or a heading. */
const isContentLine = (line: string): boolean =>
  line !== '' &&
  line.trim() === line &&
  !isCaption(line) &&
  headingOf(line, true) === null &&
  headingOf(line, false) === null;

const normalLine = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: cjkChar },
      { weight: 1, arbitrary: latin },
      { weight: 2, arbitrary: punct },
      { weight: 1, arbitrary: astral },
    ),
    { minLength: 1, maxLength: 90 },
  )
  .map((parts) => parts.join('').trim())
  .filter(isContentLine);
/** A long run with no punctuation at all: only a hard cut can split it, among surrogate pairs. */
const longLine = fc
  .array(fc.oneof({ weight: 3, arbitrary: cjkChar }, { weight: 2, arbitrary: astral }), {
    minLength: 150,
    maxLength: 700,
  })
  .map((parts) => parts.join(''))
  .filter(isContentLine);
const contentLine = fc.oneof({ weight: 5, arbitrary: normalLine }, { weight: 1, arbitrary: longLine });

const captionLine = fc.constantFrom(
  '图片来自网络',
  '图片来自网络,图中为李开复',
  '(相关资料图)',
  '图源:视觉中国',
  '责任编辑:张三',
  '![配图](a.png)',
);

type Item = { kind: 'para'; lines: string[] } | { kind: 'caption'; text: string } | { kind: 'heading'; text: string };

function itemsArb(markdown: boolean): fc.Arbitrary<Item[]> {
  const para = markdown ? fc.array(contentLine, { minLength: 1, maxLength: 3 }) : contentLine.map((l) => [l]);
  const heading = markdown
    ? fc.constantFrom('## 背景', '# 一、开始', '### Outlook', '二、发展')
    : fc.constantFrom('一、开始', '二、发展', '第三章 结果', '4. 展望');
  return fc.array(
    fc.oneof(
      { weight: 6, arbitrary: para.map((lines): Item => ({ kind: 'para', lines })) },
      { weight: 1, arbitrary: captionLine.map((text): Item => ({ kind: 'caption', text })) },
      { weight: 1, arbitrary: heading.map((text): Item => ({ kind: 'heading', text })) },
    ),
    { minLength: 1, maxLength: 14 },
  );
}

/** Renders the items as a document body, and lists the content paragraphs it must split into. */
function render(items: readonly Item[], markdown: boolean): { body: string; expected: Para[] } {
  const out: string[] = [];
  const expected: Para[] = [];
  let section: string | null = null;
  for (const item of items) {
    if (item.kind === 'para') {
      out.push(item.lines.join('\n'));
      expected.push({ text: item.lines.join('\n'), section });
    } else if (item.kind === 'heading') {
      out.push(item.text);
      section = headingOf(item.text, markdown);
      expect(section).not.toBeNull();
    } else {
      out.push(item.text);
    }
  }
  // Markdown blocks are separated by blank lines; plain text has one paragraph per line.
  return { body: out.join(markdown ? '\n\n' : '\n'), expected };
}

const optionsArb: fc.Arbitrary<SplitOptions> = fc.record({
  maxChars: fc.integer({ min: 8, max: 400 }),
  minChars: fc.integer({ min: 0, max: 40 }),
});

describe('splitPassages invariants (generated documents)', () => {
  for (const markdown of [true, false]) {
    const ext = markdown ? 'md' : 'txt';

    it(`passages of a .${ext} cover its content paragraphs in order, within maxChars, never inside a surrogate pair`, () => {
      fc.assert(
        fc.property(itemsArb(markdown), optionsArb, (items, options) => {
          const { body, expected } = render(items, markdown);
          const doc = documentOf(`gen/doc.${ext}`, body);
          checkInvariants(doc, expected, splitPassages(doc, options), options.maxChars);
        }),
        { numRuns: 150 },
      );
    });

    it(`ids of a .${ext} are stable: the same text splits identically, and editing a later paragraph keeps earlier ids`, () => {
      fc.assert(
        fc.property(itemsArb(markdown), optionsArb, contentLine, fc.nat(), (items, options, replacement, pick) => {
          const { body, expected } = render(items, markdown);
          const doc = documentOf(`gen/doc.${ext}`, body);
          const before = splitPassages(doc, options);
          expect(splitPassages(documentOf(doc.id, body), options)).toEqual(before);
          if (expected.length === 0) return;

          const paraItems = items.flatMap((item, i) => (item.kind === 'para' ? [i] : []));
          const k = (pick % paraItems.length) + 1; // the paragraph number edited
          const edited = items.map((item, i) =>
            i === paraItems[k - 1] ? { kind: 'para' as const, lines: [replacement] } : item,
          );
          const after = splitPassages(documentOf(doc.id, render(edited, markdown).body), options);
          // Passages that end before paragraph k-1 were cut before the splitter saw paragraph k.
          const stable = before.filter((p) => p.paragraphs[1] <= k - 2);
          expect(after.slice(0, stable.length)).toEqual(stable);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('splitParagraph pieces concatenate back to the paragraph and respect maxChars', () => {
    fc.assert(
      fc.property(contentLine, fc.integer({ min: 2, max: 200 }), (text, maxChars) => {
        const pieces = splitParagraph(text, maxChars);
        expect(pieces.join('')).toBe(text);
        for (const piece of pieces) {
          expect(piece.length).toBeGreaterThan(0);
          expect(piece.length).toBeLessThanOrEqual(maxChars);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('splitPassages on the shipped article', () => {
  const passages = splitPassages(article);

  /** The article's content blocks, found independently: blank-line separated, captions and headings out. */
  const blocks = article.body
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b !== '' && !b.startsWith('图片来自') && b !== '(相关资料图)' && !b.startsWith('## '));

  it('the passages, in order, are exactly the content paragraphs of the article', () => {
    expect(passages.map((p) => p.text).join('\n\n')).toBe(blocks.join('\n\n'));
    let section: string | null = null;
    const expected: Para[] = [];
    for (const block of article.body.split(/\n\s*\n/).map((b) => b.trim())) {
      if (block.startsWith('## ')) section = block.slice(3);
      else if (blocks.includes(block)) expected.push({ text: block, section });
    }
    checkInvariants(article, expected, passages, 320);
  });

  it('never quotes an image caption', () => {
    expect(article.body).toContain('图片来自朋友圈');
    expect(article.body).toContain('(相关资料图)');
    for (const p of passages) {
      expect(p.text).not.toContain('图片来自');
      expect(p.text).not.toContain('相关资料图');
    }
  });

  it('takes sections from the "## 一、…" headings, and the text before them has none', () => {
    expect(passages[0]!.section).toBeNull();
    const kaiFu = passages.find((p) => p.text.includes('在朋友圈宣布成立Project AI 2.0公司'));
    expect(kaiFu?.section).toBe('一、大模型创业,大佬纷纷下场');
    const sensetime = passages.find((p) => p.text.includes('港中大的教授汤晓鸥'));
    expect(sensetime?.section).toBe('二、AI 2.0创业,跟1.0有何不同?');
    expect(passages.some((p) => p.text.includes('## '))).toBe(false);
  });

  it('quotes the article verbatim: every line of every passage is a line of the body', () => {
    const lines = new Set(article.body.split('\n'));
    for (const p of passages) for (const line of p.text.split('\n')) expect(lines.has(line), line).toBe(true);
  });

  it('keeps the invariants when the article is cut small (maxChars 40), cutting at punctuation, not mid-clause', () => {
    const small = splitPassages(article, { maxChars: 40, minChars: 10 });
    const expected = splitPassages(article, { maxChars: 100_000, minChars: 0 }).map((p) => ({
      text: p.text,
      section: p.section,
    }));
    checkInvariants(article, expected, small, 40);
    // The GPT-3 paragraph is 172 characters; its first sentence alone is over 40, so it is cut after a
    // comma (the last clause mark within the limit), not at character 40 in the middle of a word.
    const first = small.find((p) => p.text.startsWith('据外媒报道'));
    expect(first?.id).toMatch(/#p\d+\.1$/);
    expect(first?.text).toBe('据外媒报道,以GPT-3的AI大模型为例,');
  });

  it('editing the last paragraph changes no earlier passage id', () => {
    const last = passages.at(-1)!;
    const edited = { ...article, body: article.body.replace(last.text, '诸神之战已经打响,这一段被编辑过了。') };
    const after = splitPassages(edited);
    expect(after.slice(0, -1).map((p) => p.id)).toEqual(passages.slice(0, -1).map((p) => p.id));
    expect(after.at(-1)!.id).toBe(last.id);
  });
});

describe('paragraphs of .txt and .md', () => {
  const body = '第一行是一段完整的话,足够长了。\n第二行是另一段完整的话,也足够长。';

  it('a .txt has one paragraph per line', () => {
    const passages = splitPassages(documentOf('a.txt', body), { minChars: 0 });
    expect(passages.map((p) => [p.id, p.paragraphs])).toEqual([
      ['a.txt#p1', [1, 1]],
      ['a.txt#p2', [2, 2]],
    ]);
  });

  it('a .md keeps lines without a blank line between them as one paragraph', () => {
    const passages = splitPassages(documentOf('a.md', body), { minChars: 0 });
    expect(passages).toHaveLength(1);
    expect(passages[0]).toMatchObject({ id: 'a.md#p1', text: body, paragraphs: [1, 1] });
  });

  it('a Markdown heading is a section in .md but content in .txt; a numbered heading is a section in both', () => {
    const text = '## 背景\n这是背景部分的第一段正文内容。\n一、开始\n这是开始部分的第一段正文内容。';
    const txt = splitPassages(documentOf('a.txt', text), { minChars: 0 });
    expect(txt.map((p) => p.text)).toEqual([
      '## 背景',
      '这是背景部分的第一段正文内容。',
      '这是开始部分的第一段正文内容。',
    ]);
    expect(txt.at(-1)!.section).toBe('一、开始');
    const md = splitPassages(documentOf('a.md', text.replace(/\n/g, '\n\n')), { minChars: 0 });
    expect(md.map((p) => [p.section, p.text])).toEqual([
      ['背景', '这是背景部分的第一段正文内容。'],
      ['一、开始', '这是开始部分的第一段正文内容。'],
    ]);
  });

  it('joins short paragraphs of one section (minChars) but never across a heading', () => {
    const text = '短句一。\n\n短句二。\n\n## 下一节\n\n短句三。';
    const passages = splitPassages(documentOf('a.md', text), { minChars: 24 });
    expect(passages.map((p) => [p.id, p.text, p.section])).toEqual([
      ['a.md#p1-2', '短句一。\n\n短句二。', null],
      ['a.md#p3', '短句三。', '下一节'],
    ]);
  });

  it('a caption in the middle of a Markdown block ends the paragraph and is dropped', () => {
    const passages = splitPassages(
      documentOf('a.md', '第一段正文的内容写在这里。\n图片来自网络\n第二段正文的内容写在这里。'),
      { minChars: 0 },
    );
    expect(passages.map((p) => p.text)).toEqual(['第一段正文的内容写在这里。', '第二段正文的内容写在这里。']);
  });
});

describe('captions and sentence ends', () => {
  it('recognises the captions of the article and common credit lines', () => {
    for (const line of [
      '图片来自朋友圈',
      '图片来自网络,图中分别为戴雨森、王慧文、李志飞、刘元',
      '(相关资料图)',
      '图源:视觉中国',
      '责任编辑:张三',
      'Photo credit: AP',
    ]) {
      expect(isCaption(line), line).toBe(true);
    }
    for (const line of ['相关媒体证实,贾扬清将下场创业。', '图片是一种信息载体,这句话是正文。'])
      expect(isCaption(line), line).toBe(false);
  });

  it('ends sentences at 。!? and at . or ; before a space', () => {
    expect(sentenceEnds('你好。再见!好的?完')).toEqual([3, 6, 9, 10]);
    expect(sentenceEnds('Version 2.0 is out. Next')).toEqual([19, 24]);
    // Read as a quote, an indented next line goes on with the sentence; passages are still cut at every line end.
    expect(sentenceEnds('一行\n  接着。下一句', true)).toEqual([8, 11]);
    expect(sentenceEnds('一行\n  接着。下一句')).toEqual([3, 8, 11]);
  });

  // Ordinary Chinese typography uses full-width punctuation (（ ： ！ ？ ，); the shipped article happens to use ASCII.
  it('recognises a caption written with full-width parentheses: （相关资料图）', () => {
    expect(isCaption(`${FW.lparen}相关资料图${FW.rparen}`)).toBe(true);
  });

  it('recognises a credit line with a full-width colon: 来源：新华社', () => {
    expect(isCaption(`来源${FW.colon}新华社`)).toBe(true);
  });

  it('ends sentences at full-width ！ and ？', () => {
    expect(sentenceEnds(`你好${FW.excl}再见${FW.quest}完`)).toEqual([3, 6, 7]);
  });

  it('cuts an over-long sentence after a full-width comma rather than mid-clause', () => {
    const [first] = splitParagraph(`${'甲'.repeat(30)}${FW.comma}${'乙'.repeat(30)}`, 40);
    expect(first).toBe(`${'甲'.repeat(30)}${FW.comma}`);
  });

  it('never quotes a full-width caption line of a Chinese article', () => {
    const doc = documentOf(
      'a.md',
      `第一段正文写在这里,内容足够长。\n\n${FW.lparen}相关资料图${FW.rparen}\n\n第二段正文写在这里,内容足够长。`,
    );
    expect(
      splitPassages(doc)
        .map((p) => p.text)
        .join('\n'),
    ).not.toContain('相关资料图');
  });
});

import { describe, expect, it } from 'vitest';
import { splitPassages } from '../../../src/engine/passages.ts';
import { UserFacingError } from '../../../src/errors.ts';
import { parseDocument } from '../../../src/store/corpus.ts';

const html = (text: string, id = 'page.html') => parseDocument(id, Buffer.from(text));

/** What parsing gives: the document, or the UserFacingError (anything else fails the test). */
function attempt(text: string): { body: string } | { code: string; message: string } {
  try {
    return html(text);
  } catch (err) {
    if (err instanceof UserFacingError) return { code: err.code, message: err.message };
    throw err;
  }
}

// A documentation page as generators write it (the navigation table is shaped like DocBook's).
const PAGE = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>3.1. 高斯模糊 &amp; Friends</title>
  <meta name="description" content="How the blur filter works">
  <style>body { color: red } .secret { display: none }</style>
  <script>var tracking = "do not index me";</script>
</head>
<body>
  <div class="navheader"><table><tr><th>3.1. 高斯模糊</th></tr><tr><td><a href="prev.html">上一页</a></td><td><a href="next.html">下一页</a></td></tr></table></div>
  <header><a href="/">Site home</a></header>
  <nav><ul><li><a href="a.html">Menu entry one</a></li><li>Menu entry two</li></ul></nav>
  <h1>高斯模糊</h1>
  <p>The   Gaussian blur
     filter softens the image &lt;gently&gt; &mdash; use it&nbsp;often. &#x4e2d;文</p>
  <noscript>Enable JavaScript to see this.</noscript>
  <h2>Options</h2>
  <ul><li>Radius: how far it blurs.</li><li>Method: IIR or RLE.</li></ul>
  <pre>gimp --batch
  (plug-in-gauss 1 2)</pre>
  <table><tr><th>Key</th><th>Action</th></tr><tr><td>Ctrl+B</td><td>Blur</td></tr></table>
  <form><input name="q"><button>Search the docs</button></form>
  <script>alert("still no")</script>
  <footer>Copyright footer text</footer>
  <div class="navfooter"><table><tr><td><a href="index.html">起始页</a></td></tr></table></div>
</body>
</html>`;

describe('HTML pages', () => {
  const doc = html(PAGE);

  it('reads title, description and language from the head', () => {
    expect(doc.format).toBe('html');
    expect(doc.title).toBe('3.1. 高斯模糊 & Friends');
    expect(doc.description).toBe('How the blur filter works');
    expect(doc.language).toBe('zh-CN');
  });

  it('drops scripts, styles, navigation, header, footer, noscript and forms', () => {
    for (const gone of [
      'tracking',
      'color: red',
      '上一页',
      '起始页',
      'Site home',
      'Menu entry',
      'JavaScript',
      'Search the docs',
      'alert',
      'Copyright',
    ])
      expect(doc.body, gone).not.toContain(gone);
  });

  it('decodes entities and collapses white space outside <pre>, which stays as written', () => {
    expect(doc.body).toContain(
      'The Gaussian blur filter softens the image <gently> — use it\u00a0often. 中文'.replace('\u00a0', ' '),
    );
    expect(doc.body).toContain('gimp --batch\n  (plug-in-gauss 1 2)');
  });

  it('makes headings sections and every block a paragraph of its own, joined by blank lines', () => {
    expect(doc.blocks!.map((b) => [b.kind, b.section])).toEqual([
      ['heading', '高斯模糊'],
      ['paragraph', '高斯模糊'],
      ['heading', 'Options'],
      ['list', 'Options'],
      ['list', 'Options'],
      ['code', 'Options'],
      ['table', 'Options'],
    ]);
    expect(doc.body.slice(doc.blocks![6]!.start, doc.blocks![6]!.end)).toBe('Key | Action\nCtrl+B | Blur');
    expect(doc.blocks![3]!.headings).toEqual(['高斯模糊', 'Options']);
    const passages = splitPassages(doc, { minChars: 0 });
    expect(passages[0]!.text).toMatch(/^The Gaussian blur/);
    for (const p of passages) expect(doc.body).toContain(p.text);
  });

  it('a page without headings still works: title from <title>, no sections', () => {
    const plain = html(
      '<html><head><title>Only a title</title></head><body><p>First paragraph of the page.</p><div>Second, in a div.</div></body></html>',
    );
    expect(plain.title).toBe('Only a title');
    expect(plain.body).toBe('First paragraph of the page.\n\nSecond, in a div.');
    expect(splitPassages(plain, { minChars: 0 }).map((p) => p.section)).toEqual([null, null]);
  });

  it('without <title>, the first <h1> is the title; without either, the file name', () => {
    expect(html('<h1>Heading title</h1><p>Text.</p>').title).toBe('Heading title');
    expect(html('<p>Text only.</p>', 'dir/notes.htm').title).toBe('notes');
  });

  it('a broken page parses to its text, never a crash', () => {
    const broken = attempt(
      '<html><body><p>Unclosed <b>bold <div>inner text<table><tr><td>cell</p></span></body><<<>>> &bogus; &#xZZ; garbage',
    );
    expect('body' in broken && broken.body).toMatch(/Unclosed bold[\s\S]*inner text[\s\S]*cell/);
    expect(() => attempt('<<<<>>>> </p></// <a href="x"<p>')).not.toThrow();
    // Tags nested tens of thousands deep: a clear problem or a parse, but no stack overflow escapes.
    const deep = attempt(`${'<div>'.repeat(60_000)}deep text`);
    if ('code' in deep) expect(deep.code).toBe('document.html');
    else expect(deep.body).toBe('deep text');
  });

  it('a page with nothing readable is reported as empty', () => {
    const empty = attempt('<html><head><title>T</title><script>x()</script></head><body><nav>menu</nav></body></html>');
    expect(empty).toMatchObject({ code: 'document.empty', message: expect.stringMatching(/no readable text/) });
  });
});

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

describe('HTML documentation pages as site generators write them', () => {
  /** Every block's text is in the body, and each passage is a slice of it. */
  function expectVerbatim(doc: ReturnType<typeof html>): void {
    for (const b of doc.blocks!) expect(b.end).toBeGreaterThan(b.start);
    for (const p of splitPassages(doc, { minChars: 0 })) expect(doc.body).toContain(p.text);
    for (const p of splitPassages(doc)) expect(doc.body).toContain(p.text);
  }

  it('keeps a definition-list term with the first block of its definition', () => {
    const doc = html(`<h2>Options</h2>
      <dl>
        <dt><span class="term">Radius</span></dt>
        <dd><p>How far the blur reaches, in pixels.</p><p>Larger values blur more.</p></dd>
        <dt>Width</dt><dt>Height</dt>
        <dd>The size of the new canvas.</dd>
        <dt>Done?</dt><dd>Press OK.</dd>
        <dt>Command</dt><dd><pre>gimp -i</pre></dd>
        <dt>Orphan term</dt>
      </dl>
      <p>After the list.</p>`);
    const texts = doc.blocks!.map((b) => doc.body.slice(b.start, b.end));
    expect(texts).toEqual([
      'Options',
      'Radius: How far the blur reaches, in pixels.',
      'Larger values blur more.',
      'Width, Height: The size of the new canvas.',
      'Done? Press OK.',
      'Command',
      'gimp -i',
      'Orphan term',
      'After the list.',
    ]);
    expect(doc.blocks!.map((b) => b.kind)).toEqual([
      'heading',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
      'code',
      'paragraph',
      'paragraph',
    ]);
    expectVerbatim(doc);
  });

  it('drops tables of contents (DocBook, Sphinx, Docusaurus) but keeps the page text around them', () => {
    const doc = html(`<h1>Filters</h1><p>Filters change the image.</p>
      <div class="toc"><p><strong>Contents</strong></p><dl class="toc"><dt><a href="blur.html">1. Blur</a></dt></dl></div>
      <div class="toctree-wrapper compound"><ul><li><a href="a.html">Sphinx entry</a></li></ul></div>
      <ul class="table-of-contents"><li><a href="#x">Docusaurus entry</a></li></ul>
      <p>More about filters.</p>`);
    expect(doc.body).toBe('Filters\n\nFilters change the image.\n\nMore about filters.');
    expectVerbatim(doc);
  });

  it('a <title> that joins the page name with the site name gives the page name, when the first heading says so', () => {
    const withSite = (title: string, heading = '<h1>Install the CLI</h1>') =>
      html(`<html><head><title>${title}</title></head><body>${heading}<p>Run the installer.</p></body></html>`);
    expect(withSite('Install the CLI | Acme Docs').title).toBe('Install the CLI');
    expect(withSite('Acme Docs - Install the CLI').title).toBe('Install the CLI');
    expect(withSite('Install the CLI — Acme 2.0 documentation').title).toBe('Install the CLI');
    // DocBook's sections have no <h1>: their first heading is the page's own.
    expect(withSite('Tools · Install the CLI', '<h3 class="title">Install the CLI</h3>').title).toBe('Install the CLI');
    // A name with a dash in it that no heading confirms stays whole.
    expect(withSite('GIMP - GNU Image Manipulation Program', '<h2>Legal notice</h2>').title).toBe(
      'GIMP - GNU Image Manipulation Program',
    );
  });

  it('a site-wide <title> stays the title, with the page heading as another name for it', () => {
    const doc = html(
      '<html><head><title>Acme Docs</title></head><body><h1>画布大小</h1><p>The canvas is the visible area.</p></body></html>',
    );
    expect(doc.title).toBe('Acme Docs');
    expect(doc.aliases).toEqual(['画布大小']);
    expect(html('<title>Canvas Size</title><h1>6.17. Canvas Size</h1><p>Text.</p>').aliases).toEqual([]);
  });
});

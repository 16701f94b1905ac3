import { Parser } from 'htmlparser2';
import { HeadingTrail } from '../../engine/passages.ts';
import type { BlockKind, DocumentBlock } from '../../engine/types.ts';
import { UserFacingError } from '../../errors.ts';
import { BookIndexReader } from './bookIndex.ts';
import { BLOCKS, ENTRY_LISTS, collapse, isDropped, pageTitle } from './htmlRules.ts';
import { emptyMetadata, type DocumentFormatModule, type ParsedDocument } from './types.ts';

/** An open element, as the streaming parser reported it. */
interface Open {
  name: string;
  /** This element started a dropped subtree. */
  drops: boolean;
  /** The block kind its content gets (list inside <li>, quote inside <blockquote>). */
  kind: BlockKind;
}

/**
 * Builds the readable text of a page block by block, with offsets, from htmlparser2's stream of tags and
 * text (no DOM is built: a page is read in one pass, however deeply its tags nest).
 */
class PageReader {
  body = '';
  blocks: DocumentBlock[] = [];
  title: string | null = null;
  firstH1: string | null = null;
  /** The first heading of any level: a page without <h1> (DocBook's sections) starts with its own title. */
  firstHeading: string | null = null;
  description: string | null = null;
  author: string | null = null;
  language: string | null = null;
  readonly index = new BookIndexReader();

  private readonly trail = new HeadingTrail();
  private readonly stack: Open[] = [];
  private dropDepth = 0;
  private inline = '';
  private titleText: string | null = null;
  private heading: { depth: number; text: string } | null = null;
  private pre: { depth: number; text: string } | null = null;
  private table: { depth: number; rows: string[]; cells: string[]; cell: string | null } | null = null;
  /** A definition-list term (<dt>) waiting for its definition, with the block kind around it. */
  private term: { text: string; kind: BlockKind } | null = null;
  /** How many <dd> elements are open. */
  private definitions = 0;

  private get kind(): BlockKind {
    return this.stack.at(-1)?.kind ?? 'paragraph';
  }

  private emit(text: string, kind: BlockKind): void {
    if (text === '') return;
    if (this.term !== null) {
      // A term starts the first block of its definition ("Radius: how far it blurs."), so a passage quoting
      // the definition says what it defines; before anything else (a heading, a code block) it stands alone.
      const term = this.term;
      this.term = null;
      if (this.definitions > 0 && kind !== 'heading' && kind !== 'code' && kind !== 'table') {
        text = `${term.text}${/[:：?？]$/.test(term.text) ? ' ' : ': '}${text}`;
      } else this.emit(term.text, term.kind);
    }
    if (this.body !== '') this.body += '\n\n';
    const start = this.body.length;
    this.body += text;
    const section = kind === 'heading' ? text : this.trail.section;
    this.blocks.push({ start, end: this.body.length, kind, section, headings: this.trail.headings });
  }

  /** Ends the running text (what inline elements and text added) as a block. */
  private flush(): void {
    const text = collapse(this.inline);
    this.inline = '';
    this.emit(text, this.kind);
  }

  /** Whether text and tags go into a heading, a <pre> or a table rather than the running text. */
  private get capturing(): boolean {
    return this.heading !== null || this.pre !== null || this.table !== null;
  }

  private addText(text: string): void {
    if (this.pre) this.pre.text += text;
    else if (this.table) {
      if (this.table.cell !== null) this.table.cell += text;
    } else if (this.heading) this.heading.text += text;
    else this.inline += text;
  }

  open(name: string, attribs: Record<string, string>): void {
    this.index.onOpen(name, attribs);
    // The head is dropped, but its title and meta tags are read.
    if (name === 'title' && this.title === null && this.titleText === null) this.titleText = '';
    if (name === 'meta') {
      const key = attribs.name?.toLowerCase();
      const content = attribs.content ? collapse(attribs.content) : '';
      if (key === 'description' && content) this.description ??= content;
      if (key === 'author' && content) this.author ??= content;
    }
    if (name === 'html') this.language ??= attribs.lang || attribs['xml:lang'] || null;

    // A back-of-book index keeps its headings; its lists of entries are read as names (BookIndexReader), not quoted.
    const drops = this.dropDepth === 0 && (isDropped(name, attribs) || (this.index.inside && ENTRY_LISTS.has(name)));
    const kind: BlockKind = name === 'li' ? 'list' : name === 'blockquote' ? 'quote' : this.kind;
    this.stack.push({ name, drops, kind });
    if (drops || this.dropDepth > 0) {
      if (drops) this.dropDepth++;
      return;
    }
    if (name === 'dd') this.definitions++;
    const heading = /^h([1-6])$/.exec(name);
    if (this.capturing) {
      if (name === 'br') this.addText(this.pre ? '\n' : ' ');
      else if (this.table?.cell === null && this.table.depth === 1 && /^t[dh]$/.test(name)) this.table.cell = '';
      else if (this.table && name === 'table') this.table.depth++;
      else if (BLOCKS.has(name) || heading || /^t[dhr]$/.test(name)) this.addText(this.pre ? '' : ' ');
      return;
    }
    if (heading) {
      this.flush();
      this.heading = { depth: Number(heading[1]), text: '' };
    } else if (name === 'pre') {
      this.flush();
      this.pre = { depth: 1, text: '' };
    } else if (name === 'table') {
      this.flush();
      this.table = { depth: 1, rows: [], cells: [], cell: null };
    } else if (name === 'br' || BLOCKS.has(name)) {
      // The text before a block is a block of its own, of the kind around it.
      const before = this.stack.pop()!;
      this.flush();
      this.stack.push(before);
    }
  }

  close(name: string): void {
    this.index.onClose(name);
    const open = this.stack.pop();
    if (name === 'title' && this.titleText !== null) {
      this.title = collapse(this.titleText) || null;
      this.titleText = null;
    }
    if (open === undefined) return;
    if (open.drops) {
      this.dropDepth--;
      return;
    }
    if (this.dropDepth > 0) return;
    if (this.heading && /^h[1-6]$/.test(name)) {
      const text = collapse(this.heading.text);
      const depth = this.heading.depth;
      this.heading = null;
      if (text) {
        if (depth === 1) this.firstH1 ??= text;
        this.firstHeading ??= text;
        this.trail.enter(depth, text);
        this.emit(text, 'heading');
      }
    } else if (this.pre && name === 'pre') {
      const text = this.pre.text.replace(/^[ \t]*\n/, '').trimEnd();
      this.pre = null;
      this.emit(text, 'code');
    } else if (this.table) {
      const t = this.table;
      if (t.depth > 1) {
        if (name === 'table') t.depth--;
        else if (/^t[dhr]$/.test(name)) this.addText(' ');
      } else if ((name === 'td' || name === 'th') && t.cell !== null) {
        const cell = collapse(t.cell);
        if (cell) t.cells.push(cell);
        t.cell = null;
      } else if (name === 'tr' || name === 'caption') {
        if (t.cells.length > 0) t.rows.push(t.cells.join(' | '));
        t.cells = [];
      } else if (name === 'table') {
        if (t.cells.length > 0) t.rows.push(t.cells.join(' | '));
        this.table = null;
        this.emit(t.rows.join('\n'), 'table');
      }
    } else if (name === 'dt') {
      // Held until its definition's first block (terms in a row, "Width" and "Height", share one definition).
      const text = collapse(this.inline);
      this.inline = '';
      if (text)
        this.term = this.term ? { ...this.term, text: `${this.term.text}, ${text}` } : { text, kind: open.kind };
    } else if (BLOCKS.has(name)) {
      this.inline = this.inline.trimEnd();
      const text = collapse(this.inline);
      this.inline = '';
      this.emit(text, open.kind);
      if (name === 'dl') this.flushTerm();
    }
    if (name === 'dd') this.definitions--;
  }

  text(data: string): void {
    this.index.onText(data);
    if (this.titleText !== null) this.titleText += data;
    else if (this.dropDepth === 0) this.addText(data);
  }

  /** A term whose definition never came is a block of its own. */
  private flushTerm(): void {
    const term = this.term;
    this.term = null;
    if (term) this.emit(term.text, term.kind);
  }

  /** Ends the page: whatever is still open is ended as if closed. */
  end(): void {
    while (this.stack.length > 0) this.close(this.stack.at(-1)!.name);
    this.flush();
    this.flushTerm();
  }
}

/**
 * HTML (`.html`, `.htm`), read with htmlparser2, which accepts broken markup as browsers do. The body is
 * the page's readable text: headings, paragraphs, list items, table rows (one line each) and `<pre>` blocks
 * joined by blank lines, entities decoded, white space collapsed outside `<pre>`. Scripts, styles,
 * navigation (`<nav>`, DocBook's navheader/navfooter, ARIA roles), headers, footers and forms are dropped.
 * The title is `<title>`, else the first `<h1>`; `<meta name="description">` and `<html lang>` are read.
 */
export const htmlFormat: DocumentFormatModule = {
  format: 'html',
  label: 'HTML',
  extensions: ['.html', '.htm'],

  parse(source: string): ParsedDocument {
    const page = new PageReader();
    const parser = new Parser(
      {
        onopentag: (name, attribs) => page.open(name, attribs),
        onclosetag: (name) => page.close(name),
        ontext: (data) => page.text(data),
      },
      { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
    );
    parser.end(source);
    page.end();
    if (page.body === '') {
      throw new UserFacingError('document.noReadableText', {}, { code: 'document.empty' });
    }
    return {
      ...emptyMetadata(),
      format: 'html',
      ...pageTitle(page.title, page.firstH1 ?? page.firstHeading),
      author: page.author,
      language: page.language,
      description: page.description,
      body: page.body,
      blocks: page.blocks,
      indexEntries: page.index.entries,
    };
  },

  withTitle(source: string, title: string): string {
    const escaped = title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const tag = `<title>${escaped}</title>`;
    if (/<title[\s>][\s\S]*?<\/title\s*>/i.test(source))
      return source.replace(/<title[\s>][\s\S]*?<\/title\s*>/i, () => tag);
    if (/<head[\s>]/i.test(source)) return source.replace(/<head(?:\s[^>]*)?>/i, (m) => `${m}${tag}`);
    return `${tag}\n${source}`;
  },
};

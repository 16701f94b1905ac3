import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { HeadingTrail } from '../../engine/passages.ts';
import type { BlockKind, DocumentBlock } from '../../engine/types.ts';
import { UserFacingError } from '../../errors.ts';
import { emptyMetadata, type DocumentFormatModule, type ParsedDocument } from './types.ts';

/** Elements whose content is not for reading: code, styling, navigation, page chrome, controls. */
const DROPPED = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'form',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'canvas',
  'button',
  'select',
  'textarea',
  'input',
  'audio',
  'video',
  'map',
]);

/** Elements that end the text before them and start a block of their own. */
const BLOCKS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'ol',
  'p',
  'section',
  'summary',
  'ul',
]);

// Navigation by class or role, as documentation generators write it: DocBook's navheader/navfooter tables,
// breadcrumbs, skip links, menus and sidebars of site themes.
const BOILERPLATE_CLASS =
  /(?:^|\s)(?:navheader|navfooter|breadcrumbs?|skip-?links?|navbar|navigation|site-?nav|sidebar-?nav|menu|pager|related-?links)(?:\s|$)/i;
const BOILERPLATE_ROLE = /^(?:navigation|banner|contentinfo|search|menu|menubar)$/i;

function isDropped(el: Element): boolean {
  if (DROPPED.has(el.name)) return true;
  const a = el.attribs;
  if ('hidden' in a || a['aria-hidden'] === 'true') return true;
  if (a['role'] && BOILERPLATE_ROLE.test(a['role'])) return true;
  return a['class'] !== undefined && BOILERPLATE_CLASS.test(a['class']);
}

const collapse = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The text of a subtree as one line: dropped elements left out, blocks and line breaks as spaces. */
function lineText(nodes: readonly ChildNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.data;
    else if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      if (isDropped(node)) continue;
      if (node.name === 'br' || BLOCKS.has(node.name)) out += ' ';
      out += lineText(node.children);
      if (BLOCKS.has(node.name) || /^t[dh]$/.test(node.name)) out += ' ';
    }
  }
  return out;
}

/** The text of a subtree exactly as written (for <pre>). */
function rawText(nodes: readonly ChildNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.data;
    else if (node.type === 'tag') out += node.name === 'br' ? '\n' : isDropped(node) ? '' : rawText(node.children);
  }
  return out;
}

/** A table's rows, one line each, cells separated by " | " (a nested table's text stays in its cell). */
function tableRows(nodes: readonly ChildNode[], rows: string[] = []): string[] {
  for (const node of nodes) {
    if (node.type !== 'tag' || isDropped(node)) continue;
    if (node.name === 'tr') {
      const cells = node.children
        .filter((c): c is Element => c.type === 'tag' && (c.name === 'td' || c.name === 'th') && !isDropped(c))
        .map((c) => collapse(lineText(c.children)))
        .filter((c) => c !== '');
      if (cells.length > 0) rows.push(cells.join(' | '));
    } else if (node.name === 'caption') {
      const caption = collapse(lineText(node.children));
      if (caption) rows.push(caption);
    } else if (node.name !== 'table') tableRows(node.children, rows);
  }
  return rows;
}

/** Depth-first search for the first element that matches. */
function findElement(nodes: readonly ChildNode[], test: (el: Element) => boolean): Element | null {
  for (const node of nodes) {
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    if (test(node)) return node;
    const inner = findElement(node.children, test);
    if (inner) return inner;
  }
  return null;
}

/** Builds the readable text of a page block by block, with offsets. */
class TextBuilder {
  body = '';
  blocks: DocumentBlock[] = [];
  trail = new HeadingTrail();
  private inline = '';

  emit(text: string, kind: BlockKind): void {
    if (text === '') return;
    if (this.body !== '') this.body += '\n\n';
    const start = this.body.length;
    this.body += text;
    const section = kind === 'heading' ? text : this.trail.section;
    this.blocks.push({ start, end: this.body.length, kind, section, headings: this.trail.headings });
  }

  /** Ends the running text (what inline elements and text nodes added) as a block. */
  flush(kind: BlockKind): void {
    const text = collapse(this.inline);
    this.inline = '';
    this.emit(text, kind);
  }

  walk(nodes: readonly ChildNode[], kind: BlockKind): void {
    for (const node of nodes) {
      if (node.type === 'text') {
        this.inline += node.data;
        continue;
      }
      if (node.type !== 'tag') continue; // comments, directives, CDATA; <script>/<style> are dropped
      if (isDropped(node)) continue;
      const name = node.name;
      const heading = /^h([1-6])$/.exec(name);
      if (heading) {
        this.flush(kind);
        const text = collapse(lineText(node.children));
        if (text) {
          this.trail.enter(Number(heading[1]), text);
          this.emit(text, 'heading');
        }
      } else if (name === 'pre') {
        this.flush(kind);
        this.emit(
          rawText(node.children)
            .replace(/^[ \t]*\n/, '')
            .trimEnd(),
          'code',
        );
      } else if (name === 'table') {
        this.flush(kind);
        this.emit(tableRows(node.children).join('\n'), 'table');
      } else if (name === 'br') {
        this.flush(kind);
      } else if (BLOCKS.has(name)) {
        const inner: BlockKind = name === 'li' ? 'list' : name === 'blockquote' ? 'quote' : kind;
        this.flush(kind);
        this.walk(node.children, inner);
        this.flush(inner);
      } else {
        this.walk(node.children, kind);
      }
    }
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
    const doc = emptyMetadata();
    const text = new TextBuilder();
    try {
      const dom = parseDocument(source, { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true });
      const titleEl = findElement(dom.children, (el) => el.name === 'title');
      const h1 = findElement(dom.children, (el) => el.name === 'h1');
      doc.title = (titleEl && collapse(rawText(titleEl.children))) || (h1 && collapse(lineText(h1.children))) || null;
      const metaOf = (name: string): string | null => {
        const el = findElement(dom.children, (e) => e.name === 'meta' && e.attribs['name']?.toLowerCase() === name);
        return el?.attribs['content'] ? collapse(el.attribs['content']) || null : null;
      };
      doc.description = metaOf('description');
      doc.author = metaOf('author');
      const root = findElement(dom.children, (el) => el.name === 'html');
      doc.language = root?.attribs['lang'] || root?.attribs['xml:lang'] || null;
      text.walk(dom.children, 'paragraph');
      text.flush('paragraph');
    } catch (err) {
      // Markup nested so deeply that walking it overflows the stack: say so instead of crashing.
      if (err instanceof RangeError)
        throw new UserFacingError('document.html', 'is HTML nested too deeply to read (thousands of unclosed tags)');
      throw err;
    }
    if (text.body === '') {
      throw new UserFacingError('document.empty', 'has no readable text (only navigation, scripts or markup)');
    }
    return { ...doc, format: 'html', body: text.body, blocks: text.blocks };
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

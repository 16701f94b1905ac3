import type { Nodes, Parent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTable } from 'micromark-extension-gfm-table';
import { HeadingTrail, NUMBERED_HEADING_DEPTH, headingOf, isCaption, scanBlocks } from '../../engine/passages.ts';
import type { BlockKind, DocumentBlock } from '../../engine/types.ts';
import { UserFacingError } from '../../errors.ts';
import { bylineOf, firstLine } from './byline.ts';
import { listOf, parseFrontMatter, textOf, withFrontMatterKey } from './frontMatter.ts';
import { emptyMetadata, type DocumentFormatModule, type ParsedDocument } from './types.ts';

/** The text a reader sees in an inline node tree (link and image targets left out). */
function plainText(node: Nodes): string {
  if ('value' in node && (node.type === 'text' || node.type === 'inlineCode')) return node.value;
  if (node.type === 'image') return node.alt ?? '';
  if ('children' in node) return (node as Parent).children.map((c) => plainText(c)).join('');
  return '';
}

function offsets(node: RootContent): { start: number; end: number } | null {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? null : { start, end };
}

// Of GFM only tables make blocks; its inline extensions (autolinks above all) would double the parse time.
const EXTENSIONS = [gfmTable()];
const MDAST_EXTENSIONS = [gfmTableFromMarkdown()];

/**
 * A line that may start a Markdown block other than a paragraph: a heading, quote, list, fence, table,
 * HTML, link definition, thematic break or setext underline, or indented code; any "|" (a table row).
 */
const BLOCK_SYNTAX_RE = /^(?: {0,3}(?:[#>|<[*_+=~`-]|\d{1,9}[.)])| {4}|\t)|\|/m;

/** Whether a body is only paragraphs between blank lines, so its lines give the same blocks its syntax tree would. */
export function isParagraphsOnly(body: string): boolean {
  return !BLOCK_SYNTAX_RE.test(body);
}

/**
 * The blocks of a Markdown body, from its syntax tree (CommonMark with GFM tables): ATX and setext headings
 * name sections; a code block, table or block quote is one block; every top-level list item (with its
 * nested lists) is one. Inside a paragraph, caption lines are dropped and numbered lines ("一、…") are
 * headings, as in plain text.
 */
export function markdownBlocks(body: string): DocumentBlock[] {
  // Parsing costs about a millisecond a file however small; prose without block syntax needs none.
  if (isParagraphsOnly(body)) return scanBlocks(body, true);
  return parsedBlocks(body);
}

/** The blocks of a Markdown body from micromark's syntax tree (see markdownBlocks). */
export function parsedBlocks(body: string): DocumentBlock[] {
  const tree = fromMarkdown(body, { extensions: EXTENSIONS, mdastExtensions: MDAST_EXTENSIONS });
  const out: DocumentBlock[] = [];
  const trail = new HeadingTrail();
  const add = (start: number, end: number, kind: BlockKind): void => {
    if (end > start) out.push({ start, end, kind, section: trail.section, headings: trail.headings });
  };
  const addParagraph = (start: number, end: number): void => {
    let runStart = -1;
    let runEnd = -1;
    let offset = start;
    for (const line of body.slice(start, end).split('\n')) {
      const lineStart = offset;
      const lineEnd = offset + line.length;
      offset = lineEnd + 1;
      const heading = headingOf(line, false);
      if (heading !== null || isCaption(line)) {
        if (runStart >= 0) add(runStart, runEnd, 'paragraph');
        runStart = -1;
        if (heading !== null) {
          trail.enter(NUMBERED_HEADING_DEPTH, heading);
          add(lineStart, lineEnd, 'heading');
        }
        continue;
      }
      if (runStart < 0) runStart = lineStart;
      runEnd = lineEnd;
    }
    if (runStart >= 0) add(runStart, runEnd, 'paragraph');
  };

  for (const node of tree.children) {
    const at = offsets(node);
    if (at === null) continue;
    switch (node.type) {
      case 'heading': {
        const text = plainText(node).replace(/\s+/g, ' ').trim();
        if (text === '') break;
        trail.enter(node.depth, text);
        add(at.start, at.end, 'heading');
        break;
      }
      case 'paragraph':
        addParagraph(at.start, at.end);
        break;
      case 'code':
        add(at.start, at.end, 'code');
        break;
      case 'table':
        add(at.start, at.end, 'table');
        break;
      case 'blockquote':
        add(at.start, at.end, 'quote');
        break;
      case 'list':
        for (const item of node.children) {
          const itemAt = offsets(item);
          if (itemAt) add(itemAt.start, itemAt.end, 'list');
        }
        break;
      case 'html':
        // A comment is for the writer, not the reader.
        if (!/^\s*<!--[\s\S]*-->\s*$/.test(node.value)) add(at.start, at.end, 'paragraph');
        break;
      case 'definition':
        // A footnote ("[^1]: …", read as a link definition without GFM footnotes) is text; a link target is not.
        if (node.label?.startsWith('^')) add(at.start, at.end, 'paragraph');
        break;
      default:
        // Thematic breaks and link definitions are not text.
        break;
    }
  }
  return out;
}

/**
 * Markdown: optional YAML front matter (title, author, publisher, url, published, language, description,
 * tags, aliases; other keys kept in `meta`), then a body parsed by micromark. Without a front matter title,
 * a first-line `# Title` gives it; a first-line Chinese byline gives publisher and author.
 */
export const markdownFormat: DocumentFormatModule = {
  format: 'markdown',
  label: 'Markdown',
  extensions: ['.md', '.markdown'],

  parse(source: string): ParsedDocument {
    const { meta, body } = parseFrontMatter(source);
    const doc = emptyMetadata();
    doc.meta = meta;
    doc.title = textOf(meta, 'title');
    doc.author = textOf(meta, 'author');
    doc.publisher = textOf(meta, 'publisher');
    doc.url = textOf(meta, 'url');
    doc.published = textOf(meta, 'published') ?? textOf(meta, 'date');
    doc.language = textOf(meta, 'language') ?? textOf(meta, 'lang');
    doc.description = textOf(meta, 'description');
    doc.tags = listOf(meta, 'tags');
    doc.aliases = listOf(meta, 'aliases');

    const first = firstLine(body);
    if (first === null) throw new UserFacingError('document.empty', {});
    const blocks = markdownBlocks(body);
    const byline = bylineOf(first.line);
    if (byline) {
      // The byline stays in the text too: it is the passage that answers "who wrote this?".
      doc.publisher ??= byline.publisher;
      doc.author ??= byline.author;
    } else if (doc.title === null && blocks[0]?.kind === 'heading' && blocks[0].start === first.start) {
      if (/^#\s/.test(first.line) || body[blocks[0].end - 1] === '=') doc.title = blocks[0].section;
    }
    return { ...doc, format: 'markdown', body, blocks };
  },

  withTitle(source: string, title: string): string {
    return withFrontMatterKey(source, 'title', title);
  },
};

import type { BlockKind, CorpusDocument, DocumentBlock, Passage } from './types.ts';

/** How documents are cut into passages. */
export interface SplitOptions {
  /**
   * A passage never exceeds this many characters (UTF-16 units): a longer paragraph is cut at
   * sentence ends, and a single sentence longer than that at a clause or, at worst, a character.
   * Default 320: big enough for a full news paragraph, small enough that the quoted answer stays focused.
   */
  maxChars: number;
  /**
   * A paragraph shorter than this is joined with the next one of the same section (while the
   * result stays under `maxChars`): a lone line of a poem or a one-line remark is not a useful quote.
   * Default 24.
   */
  minChars: number;
}

export const defaultSplitOptions: Readonly<SplitOptions> = Object.freeze({ maxChars: 320, minChars: 40 });

/** A content block of a document with its text and 1-based paragraph number. */
interface Paragraph {
  start: number;
  end: number;
  kind: BlockKind;
  text: string;
  section: string | null;
  number: number;
}

/**
 * Lines that are not content: image captions, credits and empty tag lines. They are never quoted.
 * (Written for Chinese and English news copy; a line must match as a whole or start with the marker.)
 */
const CAPTION_RE =
  /^(?:[(\uff08]?(?:相关)?资料图(?:片)?[)\uff09]?$|图片?(?:来[自源]|来源|由|为|中|[:\uff1a])|图源|配图|摄影[:\uff1a]|供图|题图|头图|来源[:\uff1a]|责任编辑[:\uff1a]|编辑[:\uff1a]|关键词[:\uff1a]?$|标签[:\uff1a]|!\[|(?:image|photo|picture)(?: credit)?\s*[:\uff1a]|source\s*:)/i;

/** A line that names a section: a Markdown heading, or a numbered heading such as "一、…" or "2. …". */
const MD_HEADING_RE = /^#{1,6}\s+(.+?)\s*#*$/;
const NUMBERED_HEADING_RE =
  /^(?:[一二三四五六七八九十百]+、|第[一二三四五六七八九十百\d]+[章节部分篇][、:\uff1a\s]?|\d{1,2}[、.\uff0e]\s*\S)/;

/** Whether a line is a caption or other non-content line. */
export function isCaption(line: string): boolean {
  return CAPTION_RE.test(line.trim());
}

/** The heading text of a line, or null when the line is not a heading. */
export function headingOf(line: string, markdown: boolean): string | null {
  const trimmed = line.trim();
  // Four spaces of indentation make a Markdown line code, not a heading ("    # apt-get install").
  if (markdown && /^ {0,3}#/.test(line)) {
    const m = MD_HEADING_RE.exec(trimmed);
    if (m) return m[1]!;
  }
  if (trimmed.length <= 40 && NUMBERED_HEADING_RE.test(trimmed) && !/[。.!\uff01;\uff1b,\uff0c]$/.test(trimmed))
    return trimmed;
  return null;
}

/**
 * The heading path of a document as headings are met: a heading of depth d replaces those of depth ≥ d.
 * Numbered headings ("一、…") count as the innermost level.
 */
export class HeadingTrail {
  private levels: Array<{ depth: number; text: string }> = [];
  private path: readonly string[] = [];

  /** Enters a heading; returns the new path. */
  enter(depth: number, text: string): readonly string[] {
    this.levels = [...this.levels.filter((l) => l.depth < depth), { depth, text }];
    this.path = this.levels.map((l) => l.text);
    return this.path;
  }

  get headings(): readonly string[] {
    return this.path;
  }

  get section(): string | null {
    return this.path.at(-1) ?? null;
  }
}

/** Depth given to numbered headings, which have no level of their own. */
export const NUMBERED_HEADING_DEPTH = 7;

/** How a body's lines become blocks (scanLineBlocks). */
export interface LineRules {
  /** The heading a line makes, given the line after it, or null when it is not one. */
  heading(line: string, next: string | undefined): { text: string; depth: number } | null;
  /** Every non-empty line a paragraph of its own (news copy), or a paragraph the run between blank lines. */
  linePerParagraph: boolean;
  /** Whether caption lines (isCaption) are left out. */
  dropCaptions: boolean;
}

/** The blocks of a body found line by line, by `rules`: headings, paragraphs, captions left out. */
export function scanLineBlocks(body: string, rules: LineRules): DocumentBlock[] {
  const out: DocumentBlock[] = [];
  const trail = new HeadingTrail();
  let runStart = -1;
  let runEnd = -1;
  const flush = (): void => {
    if (runStart >= 0)
      out.push({ start: runStart, end: runEnd, kind: 'paragraph', section: trail.section, headings: trail.headings });
    runStart = -1;
  };
  const lines = body.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineStart = offset;
    const lineEnd = offset + line.length;
    offset = lineEnd + 1;
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = rules.heading(line, lines[i + 1]);
    if (heading !== null) {
      flush();
      trail.enter(heading.depth, heading.text);
      out.push({ start: lineStart, end: lineEnd, kind: 'heading', section: heading.text, headings: trail.headings });
      continue;
    }
    if (rules.dropCaptions && isCaption(line)) {
      flush();
      continue;
    }
    if (rules.linePerParagraph) {
      out.push({ start: lineStart, end: lineEnd, kind: 'paragraph', section: trail.section, headings: trail.headings });
      continue;
    }
    if (runStart < 0) runStart = lineStart;
    runEnd = lineEnd;
  }
  flush();
  return out;
}

/**
 * The blocks of a body found line by line: in plain text every non-empty line is a paragraph (as Chinese
 * news copy is written); with `markdown`, a paragraph is a run of lines between blank lines and `#` lines
 * are headings. Numbered heading lines are headings in both; captions are left out.
 */
export function scanBlocks(body: string, markdown: boolean): DocumentBlock[] {
  return scanLineBlocks(body, {
    heading(line) {
      const text = headingOf(line, markdown);
      if (text === null) return null;
      const depth = markdown && /^ {0,3}#/.test(line) ? /^ *(#+)/.exec(line)![1]!.length : NUMBERED_HEADING_DEPTH;
      return { text, depth };
    },
    linePerParagraph: !markdown,
    dropCaptions: true,
  });
}

/** The content paragraphs of a document, in order: its blocks without the headings. */
function paragraphsOf(doc: CorpusDocument): Paragraph[] {
  const blocks = doc.blocks ?? scanBlocks(doc.body, /\.(?:md|markdown)$/i.test(doc.id));
  return blocks
    .filter((b) => b.kind !== 'heading' && b.end > b.start)
    .map((b, i) => ({ ...b, text: doc.body.slice(b.start, b.end), number: i + 1 }));
}

// A sentence ends after 。!?… (full-width or ASCII followed by a space or end), with any closing quotes,
// and at a line end.
const SENTENCE_END_RE = /[。!?\uff01\uff1f\uff1b…]+[”’"'」』)\uff09\]]*|[.;!?](?=\s|$)[”’"']*|\n/g;
// The same, but a line end followed by an indented line goes on with the sentence (wrapped text).
const READING_SENTENCE_END_RE = /[。!?\uff01\uff1f\uff1b…]+[”’"'」』)\uff09\]]*|[.;!?](?=\s|$)[”’"']*|\n(?![ \t])/g;

/**
 * Character offsets where sentences end in `text` (the last one is text.length). Passages are cut at every
 * line end (measured: cutting a long wrapped paragraph at its line ends ranks better on manpages-zh than at
 * its full stops); `reading` keeps an indented wrapped line with the sentence it continues, for the
 * sentence a quote puts in bold.
 */
export function sentenceEnds(text: string, reading = false): number[] {
  const ends: number[] = [];
  for (const m of text.matchAll(reading ? READING_SENTENCE_END_RE : SENTENCE_END_RE)) ends.push(m.index + m[0].length);
  if (ends.at(-1) !== text.length) ends.push(text.length);
  return ends;
}

/** Cuts a too-long piece at the last clause mark or space before the limit, never inside a surrogate pair. */
function hardCut(text: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars);
    let cut =
      Math.max(
        window.lastIndexOf(','),
        window.lastIndexOf('\uff0c'),
        window.lastIndexOf('、'),
        window.lastIndexOf(';'),
        window.lastIndexOf('\uff1b'),
        window.lastIndexOf(' '),
      ) + 1;
    if (cut < maxChars / 2) cut = maxChars;
    const code = rest.charCodeAt(cut - 1);
    // Never split a surrogate pair: cut before it, or after it when it is all there is room for.
    if (code >= 0xd800 && code <= 0xdbff) cut = cut > 1 ? cut - 1 : cut + 1;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/** Splits one paragraph into pieces of at most maxChars, at sentence ends where possible. */
export function splitParagraph(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const pieces: string[] = [];
  let start = 0;
  let lastEnd = 0;
  for (const end of sentenceEnds(text)) {
    if (end - start > maxChars) {
      if (lastEnd > start) {
        pieces.push(text.slice(start, lastEnd));
        start = lastEnd;
      }
      if (end - start > maxChars) {
        const cut = hardCut(text.slice(start, end), maxChars);
        pieces.push(...cut.slice(0, -1));
        start = end - cut.at(-1)!.length;
      }
    }
    lastEnd = end;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** Splits a code block or table at line ends, so that each piece is whole lines where a line fits. */
function splitLines(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return [text];
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > maxChars) {
    const window = text.slice(start, start + maxChars);
    const cut = window.lastIndexOf('\n') + 1;
    if (cut > 0) {
      pieces.push(text.slice(start, start + cut));
      start += cut;
    } else {
      // A single line over the limit: cut it the way a long paragraph is cut.
      const lineEnd = text.indexOf('\n', start);
      const line = text.slice(start, lineEnd < 0 ? text.length : lineEnd + 1);
      const cutLine = splitParagraph(line, maxChars);
      pieces.push(...cutLine.slice(0, -1));
      start += line.length - cutLine.at(-1)!.length;
    }
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/**
 * Splits a document into passages, from its blocks (or, for a document built by hand, the blocks its lines
 * give). Invariants (tested): every passage is a verbatim slice of the body, in order, covering the content
 * blocks (captions and headings excluded); none is longer than maxChars; a code block or table that fits is
 * never cut; short blocks join only with adjacent blocks of the same section; ids depend only on the
 * document's id and content, so they survive a reindex.
 */
export function splitPassages(doc: CorpusDocument, options: Partial<SplitOptions> = {}): Passage[] {
  const { maxChars, minChars } = { ...defaultSplitOptions, ...options };
  const passages: Passage[] = [];
  const push = (text: string, section: string | null, first: number, last: number, part: number | null): void => {
    const range = first === last ? `p${first}` : `p${first}-${last}`;
    passages.push({
      id: `${doc.id}#${range}${part === null ? '' : `.${part}`}`,
      docId: doc.id,
      ordinal: passages.length,
      text,
      section,
      paragraphs: [first, last],
    });
  };

  let pending: Paragraph[] = [];
  const flushPending = (): void => {
    if (pending.length === 0) return;
    const first = pending[0]!;
    const last = pending.at(-1)!;
    push(doc.body.slice(first.start, last.end), first.section, first.number, last.number, null);
    pending = [];
  };

  for (const para of paragraphsOf(doc)) {
    if (para.text.length > maxChars) {
      flushPending();
      const pieces =
        para.kind === 'code' || para.kind === 'table'
          ? splitLines(para.text, maxChars)
          : splitParagraph(para.text, maxChars);
      pieces.forEach((piece, i) => push(piece, para.section, para.number, para.number, i + 1));
      continue;
    }
    const prev = pending.at(-1);
    // Blocks join only when nothing but white space lies between them, so the passage is a slice of the body.
    const joins =
      prev !== undefined &&
      pending[0]!.section === para.section &&
      doc.body.slice(prev.end, para.start).trim() === '' &&
      para.end - pending[0]!.start <= maxChars;
    if (!joins) flushPending();
    pending.push(para);
    if (para.end - pending[0]!.start >= minChars) flushPending();
  }
  flushPending();
  return passages;
}

import path from 'node:path';
import type { DocumentFormat } from '../../engine/types.ts';
import { htmlFormat } from './html.ts';
import { markdownFormat } from './markdown.ts';
import { textFormat } from './text.ts';
import type { DocumentFormatModule } from './types.ts';

export type { DocumentFormatModule, ParsedDocument } from './types.ts';

/** Every format the corpus reads. A new format is a module here; extensions and messages follow from it. */
export const FORMATS: readonly DocumentFormatModule[] = [textFormat, markdownFormat, htmlFormat];

/** Lower-case file extensions (with the dot) of every format. */
export const DOCUMENT_EXTENSIONS: readonly string[] = FORMATS.flatMap((f) => f.extensions);

/** The format that reads a file of this name, or null. */
export function formatForFile(name: string): DocumentFormatModule | null {
  const ext = path.extname(name).toLowerCase();
  return FORMATS.find((f) => f.extensions.includes(ext)) ?? null;
}

/** The format of a document id (its file name), or null. */
export function formatOfId(id: string): DocumentFormat | null {
  return formatForFile(id)?.format ?? null;
}

/** The accepted extensions as a moderator reads them: ".txt, .md, .markdown, .html or .htm". */
export function acceptedExtensions(conjunction = 'or'): string {
  const all = [...DOCUMENT_EXTENSIONS];
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} ${conjunction} ${all.at(-1)!}`;
}

/** The formats by name (English labels). */
export function formatLabelList(): string[] {
  return FORMATS.map((f) => f.label);
}

/** The formats by name: "plain text, Markdown and HTML". */
export function formatLabels(): string {
  const labels = FORMATS.map((f) => f.label);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)!}`;
}

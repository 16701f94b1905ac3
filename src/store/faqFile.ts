import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { FAQ_FOLDER } from '../engine/faq.ts';
import { normalizeText } from '../engine/normalize.ts';

/** What a moderator gives for a FAQ entry. */
export interface FaqInput {
  question: string;
  answer: string;
  /** Other ways members ask the same thing. */
  phrasings: readonly string[];
  /** Passage ids the answer cites. */
  cites: readonly string[];
}

/**
 * The corpus path of the entry for a question: `faq/<latin words>-<hash>.md`. The same question (as
 * normalised) always gives the same path, so adding it again replaces the entry.
 */
export function faqPath(question: string): string {
  const normalized = normalizeText(question).trim();
  const hash = createHash('sha256').update(normalized).digest('hex').slice(0, 8);
  const words = normalized
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${FAQ_FOLDER}${words ? `${words}-` : ''}${hash}.md`;
}

/** The entry as a Markdown document: title and phrasings (and citations) in front matter, the answer as body. */
export function faqDocument(input: FaqInput): string {
  const questions = [input.question, ...input.phrasings].map((q) => q.trim()).filter(Boolean);
  const meta: Record<string, unknown> = { title: input.question.trim(), questions: [...new Set(questions)] };
  if (input.cites.length > 0) meta.cites = [...input.cites];
  return `---\n${stringify(meta, { lineWidth: 0 })}---\n\n${input.answer.trim()}\n`;
}

/** Splits a list a moderator typed in one option: by "|" or new lines (phrasings), or by spaces and commas (ids). */
export function splitList(text: string | null, by: 'phrases' | 'ids'): string[] {
  if (text === null) return [];
  const parts = by === 'phrases' ? text.split(/[|\n]/) : text.split(/[\s,，]+/);
  return parts.map((p) => p.trim()).filter(Boolean);
}

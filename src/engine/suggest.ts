import { answerQuestion } from './answer.ts';
import { normalizeText } from './normalize.ts';
import type { SearchIndex } from './searchIndex.ts';

/** What the corpus is about, for people who do not know what to ask: titles, then sections. */
export function corpusTopics(index: SearchIndex, limit: number): string[] {
  const out = new Set<string>();
  for (const doc of index.documents.values()) {
    if (out.size >= limit) break;
    out.add(doc.title);
  }
  for (const p of index.passages) {
    if (out.size >= limit) break;
    if (p.section) out.add(p.section);
  }
  return [...out].slice(0, limit);
}

/**
 * Suggestions for a half-typed question: sentences of the corpus that answer it best (each a good
 * question to ask as it is), and titles that contain what was typed. Each at most `maxLength` long.
 */
export function suggestQuestions(index: SearchIndex, typed: string, limit: number, maxLength = 100): string[] {
  const text = typed.trim();
  if (text === '') return corpusTopics(index, limit).map((s) => clip(s, maxLength));
  const out = new Set<string>();
  const norm = normalizeText(text);
  for (const doc of index.documents.values()) {
    if (out.size >= Math.ceil(limit / 3)) break;
    if (normalizeText(doc.title).includes(norm)) out.add(clip(doc.title, maxLength));
  }
  let answer;
  try {
    answer = answerQuestion(index, text.slice(0, 300), {
      top: limit,
      minCoverage: 0,
      minMatchedWeight: 0,
      relativeCoverage: 0,
    });
  } catch {
    return [...out];
  }
  for (const p of answer.passages) {
    if (out.size >= limit) break;
    const sentence = p.text.slice(p.bestSentence.start, p.bestSentence.end).trim();
    if (sentence) out.add(clip(sentence, maxLength));
  }
  return [...out].slice(0, limit);
}

function clip(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = max - 1;
  const code = flat.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return `${flat.slice(0, cut)}…`;
}

import type { Answer, Citation } from './types.ts';

/** "¶5" or "¶5–6". */
export function paragraphRange([first, last]: readonly [number, number]): string {
  return first === last ? `¶${first}` : `¶${first}–${last}`;
}

/** "title · section · ¶5–6": the one-line citation every adapter shows. */
export function citationLine(c: Citation): string {
  return [c.title, c.section, paragraphRange(c.paragraphs)].filter(Boolean).join(' · ');
}

/** The CLI's JSON contract (DESIGN.md), exactly: other tools parse it, so no field is added or renamed. */
export interface ContractAnswer {
  question: string;
  answered: boolean;
  tookMs: number;
  passages: Array<{
    rank: number;
    score: number;
    id: string;
    text: string;
    citation: Citation;
  }>;
}

export function toContract(answer: Answer): ContractAnswer {
  return {
    question: answer.question,
    answered: answer.answered,
    tookMs: Math.round(answer.tookMs * 1000) / 1000,
    passages: answer.passages.map((p) => ({
      rank: p.rank,
      score: p.score,
      id: p.id,
      text: p.text,
      citation: {
        docId: p.citation.docId,
        title: p.citation.title,
        author: p.citation.author,
        section: p.citation.section,
        paragraphs: p.citation.paragraphs,
        url: p.citation.url,
      },
    })),
  };
}

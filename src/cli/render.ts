import { citationLine } from '../engine/citation.ts';
import type { Answer } from '../engine/types.ts';

/** How to mark the best sentence: bold in a terminal, »…« in a pipe or file. */
export interface TextStyle {
  bestOpen: string;
  bestClose: string;
  dim: (s: string) => string;
}

export function textStyle(tty: boolean): TextStyle {
  return tty
    ? { bestOpen: '\x1b[1m', bestClose: '\x1b[22m', dim: (s) => `\x1b[2m${s}\x1b[22m` }
    : { bestOpen: '»', bestClose: '«', dim: (s) => s };
}

/** Strips terminal control characters from corpus text before it reaches a terminal. */
function safeForTerminal(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** A readable answer: each passage with its best sentence marked, its citation underneath. */
export function renderAnswer(answer: Answer, style: TextStyle): string {
  if (!answer.answered) {
    const hint = answer.terms.length === 0 ? ' (the question has no words to search for)' : '';
    return `Not in the corpus: no passage answers this question${hint}. 语料中没有找到答案。`;
  }
  const blocks = answer.passages.map((p) => {
    const { start, end } = p.bestSentence;
    const text =
      safeForTerminal(p.text.slice(0, start)) +
      style.bestOpen +
      safeForTerminal(p.text.slice(start, end)) +
      style.bestClose +
      safeForTerminal(p.text.slice(end));
    const cite = citationLine(p.citation) + (p.citation.url ? ` <${p.citation.url}>` : '');
    return `[${p.rank}] ${text.replace(/\n/g, '\n    ')}\n    ${style.dim(`— ${safeForTerminal(cite)}  (${p.id})`)}`;
  });
  return blocks.join('\n\n');
}

import { citationLine } from '../engine/citation.ts';
import type { AnswerWithFaq, FaqAnswer } from '../engine/faq.ts';

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

/** A FAQ entry as the console shows it: marked as a moderator's answer, its citations, its document. */
function renderFaq(faq: FaqAnswer, style: TextStyle): string {
  const cites = faq.citations.map(
    (c) => `\n    ${style.dim(`cites ${c.id} — ${safeForTerminal(citationLine(c.citation))}`)}`,
  );
  const text = safeForTerminal(faq.text).replace(/\n/g, '\n    ');
  return `[FAQ] A moderator's answer: ${style.bestOpen}${safeForTerminal(faq.question)}${style.bestClose}\n    ${text}${cites.join('')}\n    ${style.dim(`— ${faq.id}`)}`;
}

/**
 * A readable answer: a FAQ entry that matched first (as Discord shows it first), then each passage with
 * its best sentence marked, its citation underneath.
 */
export function renderAnswer(answer: AnswerWithFaq, style: TextStyle): string {
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
  if (answer.faq) blocks.unshift(renderFaq(answer.faq, style));
  return blocks.join('\n\n');
}

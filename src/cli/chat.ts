import { createInterface } from 'node:readline/promises';
import { answerQuestion } from '../engine/answer.ts';
import { answerWithFaq } from '../engine/faq.ts';
import type { SearchIndex } from '../engine/searchIndex.ts';
import { corpusTopics } from '../engine/suggest.ts';
import type { Library } from '../store/library.ts';
import { describeError, isUserFacing } from '../errors.ts';
import { renderAnswer, textStyle } from './render.ts';

/** How many example questions /help shows. */
const EXAMPLES = 3;

/**
 * Example questions for a newcomer, taken from the corpus itself: document titles, then section
 * headings (numbering like "一、" or "2." dropped), keeping only those the corpus answers.
 */
export function exampleQuestions(index: SearchIndex, limit = EXAMPLES): string[] {
  const out: string[] = [];
  for (const topic of corpusTopics(index, limit * 5)) {
    if (out.length >= limit) break;
    const question = topic.replace(/^\s*(?:[一二三四五六七八九十]+、|\d+[.、)]\s*)/, '').slice(0, 100);
    try {
      if (question && answerQuestion(index, question).answered) out.push(question);
    } catch {
      // A heading with nothing to search for is no example.
    }
  }
  return out;
}

/** The /help text: what to ask, with examples from this corpus, and how to add documents. */
export function chatHelp(library: Library): string {
  const examples = exampleQuestions(library.index);
  return [
    'Ask a question about the corpus (Chinese, English or mixed); answers quote its passages with citations.',
    ...(examples.length > 0 ? ['For example:', ...examples.map((q) => `  ${q}`)] : []),
    `To add documents: put .md or .txt files in ${library.corpusDir}/ (a "title:" line in front matter names them), then restart the chat or run \`npm run reindex\`.`,
    'Commands: /help, /quit.',
  ].join('\n');
}

/**
 * The console chat: the same engine as the bot, in a terminal. Reads questions until end of input
 * or /quit. Works with piped input too (then it prints no prompt). Called once the corpus is open, so
 * the first prompt means the chat is ready.
 */
export async function runChat(
  library: Library,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stdout,
): Promise<void> {
  const tty = Boolean((output as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input, output, terminal: tty });
  const style = textStyle(tty);
  const write = (s: string): void => void output.write(`${s}\n`);
  const { documents, passages } = { documents: library.index.documents.size, passages: library.index.passages.length };
  write(
    `问答 console chat — ${documents} document(s), ${passages} passages. Type /help for example questions, /quit to leave.`,
  );
  if (tty) rl.setPrompt('问> ');
  if (tty) rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text === '/help') write(chatHelp(library));
    else if (text !== '') {
      try {
        write(renderAnswer(answerWithFaq(library.index, text), style));
      } catch (err) {
        write(isUserFacing(err) ? describeError(err) : `Sorry, something went wrong: ${describeError(err)}`);
      }
    }
    if (tty) rl.prompt();
  }
  rl.close();
}

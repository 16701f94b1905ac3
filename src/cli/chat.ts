import { createInterface } from 'node:readline/promises';
import { answerQuestion } from '../engine/answer.ts';
import type { Library } from '../store/library.ts';
import { describeError, isUserFacing } from '../errors.ts';
import { renderAnswer, textStyle } from './render.ts';

const HELP = 'Ask a question about the corpus (Chinese, English or mixed). Commands: /help, /quit.';

/**
 * The console chat: the same engine as the bot, in a terminal. Reads questions until end of input
 * or /quit. Works with piped input too (then it prints no prompt).
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
  write(`问答 console chat — ${documents} document(s), ${passages} passages. ${HELP}`);
  if (tty) rl.setPrompt('问> ');
  if (tty) rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text === '/help') write(HELP);
    else if (text !== '') {
      try {
        write(renderAnswer(answerQuestion(library.index, text), style));
      } catch (err) {
        write(isUserFacing(err) ? describeError(err) : `Sorry, something went wrong: ${describeError(err)}`);
      }
    }
    if (tty) rl.prompt();
  }
  rl.close();
}

import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { validateQuestion } from '../engine/answer.ts';
import { toContract } from '../engine/citation.ts';
import { answerWithFaq, faqFirst, type AnswerWithFaq } from '../engine/faq.ts';
import type { SearchIndex } from '../engine/searchIndex.ts';
import { describeError, isUserFacing } from '../errors.ts';
import { cliContext } from './cliContext.ts';
import { openLibrary } from './openLibrary.ts';
import { renderAnswer, textStyle } from './render.ts';
import { UsageError, runMain } from './runMain.ts';

/**
 * The JSON contract's object: a FAQ entry that matched closely is the first passage (faqFirst), within
 * `--top` passages in all; the contract's shape is unchanged.
 */
function contractOf(index: SearchIndex, answer: AnswerWithFaq, top: number): string {
  return JSON.stringify(toContract(faqFirst(index, answer, top)));
}

const USAGE =
  'usage: npm run --silent ask -- [--json] [--top K] [--corpus DIR] "question"   (or questions on stdin, one per line)';

await runMain(USAGE, async () => {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      top: { type: 'string', default: '3' },
      corpus: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const top = Number(values.top);
  if (!Number.isInteger(top) || top < 1 || top > 10)
    throw new UsageError(`--top must be a whole number from 1 to 10 (got "${values.top}")`);
  const question = positionals.join(' ');
  if (positionals.length === 0 && process.stdin.isTTY) throw new UsageError('no question given');
  // A question on the command line is checked before the corpus is read: bad usage is told at once.
  if (positionals.length > 0) validateQuestion(question);

  const { config, logger } = cliContext();
  const library = await openLibrary(values.corpus ?? config.corpusDir, logger, {
    maxDocumentBytes: config.maxDocumentBytes,
  });

  if (positionals.length > 0) {
    const answer = answerWithFaq(library.index, question, { top });
    console.log(
      values.json ? contractOf(library.index, answer, top) : renderAnswer(answer, textStyle(process.stdout.isTTY)),
    );
    return 0;
  }

  // JSON Lines: one question per input line, one object per output line, in order. A line that is not
  // a usable question (too long) still gets its line — unanswered, in the contract's exact shape — and
  // the reason goes to stderr with the line number; blank lines are skipped.
  let lineNumber = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    try {
      const answer = answerWithFaq(library.index, line, { top });
      console.log(
        values.json || !process.stdout.isTTY
          ? contractOf(library.index, answer, top)
          : renderAnswer(answer, textStyle(true)),
      );
    } catch (err) {
      if (!isUserFacing(err)) throw err;
      console.error(`line ${lineNumber}: ${describeError(err)}`);
      console.log(JSON.stringify({ question: line.trim(), answered: false, tookMs: 0, passages: [] }));
    }
  }
  return 0;
});

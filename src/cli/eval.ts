import { parseArgs } from 'node:util';
import { loadCorpus } from '../store/corpus.ts';
import { buildIndex } from '../engine/searchIndex.ts';
import { evaluate, readEvalSet } from './evaluate.ts';
import { runMain } from './runMain.ts';

const USAGE = 'usage: npm run eval [-- [--corpus DIR] [--json] [FILE ...]]  (default FILE: eval/dev-questions.json)';

await runMain(USAGE, async () => {
  const { values, positionals } = parseArgs({
    options: { corpus: { type: 'string', default: 'corpus' }, json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const files = positionals.length > 0 ? positionals : ['eval/dev-questions.json'];
  const corpus = await loadCorpus(values.corpus);
  const index = buildIndex(corpus.documents);
  for (const file of files) {
    const report = evaluate(index, await readEvalSet(file));
    if (values.json) {
      console.log(JSON.stringify({ file, ...report }));
      continue;
    }
    console.log(`\n${file}`);
    for (const m of report.misses) console.log(`  miss [${m.kind}] ${m.question}\n       → ${m.got ?? '(nothing)'}`);
    console.log(`  questions        ${report.questions}`);
    console.log(`  hit@1            ${report.hitAt1}`);
    console.log(`  hit@3            ${report.hitAt3}`);
    console.log(`  MRR              ${report.mrr}`);
    console.log(`  off-topic unanswered (right)  ${report.offtopicUnanswered}/${report.offtopic}`);
    console.log(`  on-topic unanswered (wrong)   ${report.ontopicUnanswered}/${report.questions}`);
  }
});

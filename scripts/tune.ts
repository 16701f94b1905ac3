// Sweeps passage size and ranking weights over the evaluation sets and prints one line per setting:
// how the defaults in passages.ts and answer.ts were chosen. Usage: npx tsx scripts/tune.ts [FILE ...]
import { loadCorpus } from '../src/core/corpus.ts';
import { buildIndex } from '../src/core/searchIndex.ts';
import { evaluate, readEvalSet } from '../src/cli/evaluate.ts';

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['eval/dev-questions.json'];
const sets = await Promise.all(files.map(readEvalSet));
const merged = { questions: sets.flatMap((s) => s.questions), offtopic: sets.flatMap((s) => s.offtopic) };
const { documents } = await loadCorpus('corpus');
console.log('minChars maxChars bm25W minCov | hit@1 hit@3 MRR offtopic-right ontopic-unanswered');
for (const minChars of [0, 24, 40, 60, 90]) {
  for (const maxChars of [200, 320, 480]) {
    const index = buildIndex(documents, { minChars, maxChars });
    for (const bm25Weight of [0, 0.1, 0.25, 0.5]) {
      for (const minCoverage of [0.4, 0.5, 0.6]) {
        const r = evaluate(index, merged, { bm25Weight, minCoverage });
        console.log(`${minChars} ${maxChars} ${bm25Weight} ${minCoverage} | ${r.hitAt1} ${r.hitAt3} ${r.mrr} ${r.offtopicUnanswered}/${r.offtopic} ${r.ontopicUnanswered}`);
      }
    }
  }
}

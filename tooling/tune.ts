// Sweeps passage size and ranking weights over the evaluation sets and prints one line per setting:
// how the defaults in passages.ts and answer.ts were chosen. Usage: npx tsx tooling/tune.ts [FILE ...]
import { loadCorpus } from '../src/store/corpus.ts';
import { buildIndex } from '../src/engine/searchIndex.ts';
import { evaluate, readEvalSet } from '../src/cli/evaluate.ts';

const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['eval/dev-questions.json'];
const sets = await Promise.all(files.map(readEvalSet));
const merged = { questions: sets.flatMap((s) => s.questions), offtopic: sets.flatMap((s) => s.offtopic) };
const { documents } = await loadCorpus('corpus');
console.log('minChars maxChars context char minCov | hit@1 hit@3 MRR offtopic-right ontopic-unanswered');
for (const minChars of [40]) {
  for (const maxChars of [320]) {
    const index = buildIndex(documents, { minChars, maxChars });
    for (const minMatchedWeight of [6, 6.5, 7, 8]) {
      for (const charCredit of [0.5]) {
        for (const minCoverage of [0.4, 0.45]) {
          const r = evaluate(index, merged, { contextCredit: 0.5, charCredit, minCoverage, minMatchedWeight });
          console.log(
            `${minChars} ${maxChars} w=${minMatchedWeight} char=${charCredit} ${minCoverage} | ${r.hitAt1} ${r.hitAt3} ${r.mrr} ${r.offtopicUnanswered}/${r.offtopic} ${r.ontopicUnanswered}`,
          );
        }
      }
    }
  }
}

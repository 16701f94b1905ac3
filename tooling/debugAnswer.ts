import { loadCorpus } from '../src/store/corpus.ts';
import { buildIndex } from '../src/engine/searchIndex.ts';
import { answerQuestion } from '../src/engine/answer.ts';
import { analyzeQuestion } from '../src/engine/tokenize.ts';
import { generalIdf } from '../src/engine/specificity.ts';
const idx = buildIndex((await loadCorpus(process.argv[3] ?? 'corpus')).documents);
const q = process.argv[2]!;
console.log(
  analyzeQuestion(q)
    .units.map((u) => `${u.text}[${u.terms.join('/')}] g=${generalIdf(u.text).toFixed(1)}`)
    .join('  '),
);
const a = answerQuestion(idx, q, { top: 5, minCoverage: 0, minMatchedWeight: 0 });
for (const p of a.passages) console.log(p.rank, p.score, p.coverage, p.id, p.text.slice(0, 60));

// Shows how a question is analysed and ranked: its units (name or focus, weight, alternatives), the
// answer type asked for, and the best candidates with their coverage, focus and score.
// Usage: node --import tsx tooling/debugAnswer.ts [--corpus DIR] QUESTION ...
import { parseArgs } from 'node:util';
import { defaultAnswerOptions } from '../src/engine/answer.ts';
import { analyzeQuestion } from '../src/engine/question.ts';
import { holdsAnswerType } from '../src/engine/ranking/answerType.ts';
import { coverageOf, passageHas } from '../src/engine/ranking/coverage.ts';
import { expandQuestion } from '../src/engine/ranking/expand.ts';
import { findCandidates } from '../src/engine/ranking/candidates.ts';
import { documentFrequencies, weighUnits } from '../src/engine/ranking/weights.ts';
import { buildIndex } from '../src/engine/searchIndex.ts';
import { loadCorpus } from '../src/store/corpus.ts';

const { values, positionals } = parseArgs({
  options: { corpus: { type: 'string', default: 'corpus' } },
  allowPositionals: true,
});
const index = buildIndex((await loadCorpus(values.corpus)).documents);
const opts = defaultAnswerOptions;
for (const q of positionals) {
  const analyzed = expandQuestion(index, analyzeQuestion(q), opts);
  const df = documentFrequencies(index, analyzed.terms);
  const units = weighUnits(index, analyzed, (t) => df.get(t) ?? 0, opts);
  console.log(`\n${q}  asks=${analyzed.asks} meta=${analyzed.meta} identity=${analyzed.asksIdentity}`);
  for (const { unit, weight } of units) {
    const alts = unit.alternatives.map((a) => `${a.text}(${a.via} ${a.credit})`).join(' ');
    console.log(`  ${unit.name ? 'name ' : 'focus'} ${unit.text} w=${weight.toFixed(1)} ${alts}`);
  }
  const candidates = findCandidates(index, analyzed, opts.candidates, df);
  const rows = [...candidates.passages.keys()].map((o) => {
    const has = passageHas(index.normalizedText(o), null, opts);
    return {
      o,
      cov: coverageOf(units, has, opts.charCredit),
      type: holdsAnswerType(index.normalizedText(o).body.text, analyzed),
    };
  });
  rows.sort((a, b) => b.cov - a.cov);
  for (const r of rows.slice(0, 4)) {
    const p = index.passages[r.o]!;
    console.log(`  ${p.id} cov=${r.cov.toFixed(2)} type=${r.type} ${p.text.slice(0, 50).replace(/\n/g, ' ')}`);
  }
}

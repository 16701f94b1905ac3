// Sweeps ranking options over the TUNE parts of the evaluation suites and prints one line per setting:
// how the defaults of src/engine/ranking/options.ts were chosen. The test parts are never read here.
// Usage: node --import tsx tooling/tune.ts [--suite article|manpages|gimp|all]
import { parseArgs } from 'node:util';
import type { AnswerOptions } from '../src/engine/answer.ts';
import { buildIndex, type SearchIndex } from '../src/engine/searchIndex.ts';
import { loadCorpus } from '../src/store/corpus.ts';
import { evaluate, readEvalSet, type EvalSet } from './eval/evaluate.ts';
import { SUITES } from './eval/suites.ts';

const { values } = parseArgs({ options: { suite: { type: 'string', default: 'all' } } });
const suites = values.suite === 'all' ? SUITES : SUITES.filter((s) => s.name === values.suite);
const loaded: Array<{ name: string; index: SearchIndex; set: EvalSet }> = [];
for (const suite of suites) {
  const dir = await suite.corpus();
  if (dir === null) continue;
  const sets = await Promise.all(suite.tune.map(readEvalSet));
  loaded.push({
    name: suite.name,
    index: buildIndex((await loadCorpus(dir)).documents),
    set: { name: suite.name, questions: sets.flatMap((s) => s.questions) },
  });
}

/** The settings swept: edit this grid to explore another option. */
const grid: Array<Partial<AnswerOptions>> = [];
for (const minCoverage of [0.3, 0.35, 0.4])
  for (const documentWeight of [0, 0.3, 0.6, 1]) grid.push({ minCoverage, documentWeight });

console.log(`setting | ${loaded.map((l) => `${l.name}: hit@1 hit@3 falseAbst abstained`).join(' | ')}`);
for (const options of grid) {
  const cols = loaded.map(({ index, set }) => {
    const r = evaluate(index, set, options).overall;
    return `${r.hitAt1} ${r.hitAt3} ${r.falseAbstentions}/${r.answerable} ${r.abstained}/${r.unanswerable}`;
  });
  console.log(`${JSON.stringify(options)} | ${cols.join(' | ')}`);
}

// Sweeps ranking options over the TUNE parts of the evaluation suites and prints one line per setting:
// how the defaults of src/engine/ranking/options.ts were chosen. The test parts are never read here.
// Usage: node --import tsx tooling/tune.ts [--suite article|manpages|gimp|all] [--kind KIND] [--option NAME]
// (--option: only the settings of the grid that set that option).
import { parseArgs } from 'node:util';
import type { AnswerOptions } from '../src/engine/answer.ts';
import { buildIndex, type SearchIndex } from '../src/engine/searchIndex.ts';
import { loadCorpus } from '../src/store/corpus.ts';
import { evaluate, readEvalSet, type EvalScores, type EvalSet } from './eval/evaluate.ts';
import { SUITES } from './eval/suites.ts';

const { values } = parseArgs({
  options: { suite: { type: 'string', default: 'all' }, kind: { type: 'string' }, option: { type: 'string' } },
});
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

function pick(s: EvalScores | undefined): Partial<EvalScores> {
  return s
    ? { hitAt1: s.hitAt1, hitAt3: s.hitAt3, falseAbstentions: s.falseAbstentions, answerable: s.answerable }
    : {};
}

/** The settings swept: edit this grid to explore another option. */
const grid: Array<Partial<AnswerOptions>> = [];
// The sweeps behind this session's defaults, one option at a time (the others at their defaults).
for (const crossScriptMinCoverage of [0.2, 0.25, 0.3, 0.35, 0.4]) grid.push({ crossScriptMinCoverage });
for (const sameMeaningCredit of [0, 0.5, 0.7, 0.9]) grid.push({ sameMeaningCredit });
for (const typedCoverageShare of [0, 0.7, 0.8, 0.85, 0.9, 1]) grid.push({ typedCoverageShare });
for (const leadBoost of [0.5, 1, 2]) grid.push({ leadBoost });
for (const charCredit of [0, 0.25, 0.5, 0.7]) grid.push({ charCredit });
for (const minCoverage of [0.35, 0.4, 0.45, 0.5]) grid.push({ minCoverage });
for (const documentWeight of [0.3, 0.5, 0.8])
  for (const bm25Weight of [0.25, 0.5]) grid.push({ documentWeight, bm25Weight });

console.log(`setting | ${loaded.map((l) => `${l.name}: hit@1 hit@3 falseAbst abstained`).join(' | ')}`);
for (const options of grid.filter((o) => values.option === undefined || values.option in o)) {
  const cols = loaded.map(({ index, set }) => {
    const scores = evaluate(index, set, options);
    // --kind english: that kind's scores (and the traps/off-topic abstentions overall) instead of everything's.
    const r = values.kind ? { ...scores.overall, ...pick(scores.byKind[values.kind]) } : scores.overall;
    return `${r.hitAt1} ${r.hitAt3} ${r.falseAbstentions}/${r.answerable} ${r.abstained}/${r.unanswerable}`;
  });
  console.log(`${JSON.stringify(options)} | ${cols.join(' | ')}`);
}

// Shows how a question is analysed and ranked: its units (name or focus, weight, alternatives), the
// answer type asked for, the best candidates with their score's parts, and what the engine answers.
// Usage: node --import tsx tooling/debugAnswer.ts [--suite article|manpages|gimp | --corpus DIR] [--expect DOC] QUESTION ...
import { parseArgs } from 'node:util';
import { answerQuestion, defaultAnswerOptions } from '../src/engine/answer.ts';
import { analyzeQuestion } from '../src/engine/question.ts';
import { holdsAnswerType } from '../src/engine/ranking/answerType.ts';
import { expandQuestion } from '../src/engine/ranking/expand.ts';
import { crossScript, scoreCandidates } from '../src/engine/ranking/rank.ts';
import { documentFrequencies, weighUnits } from '../src/engine/ranking/weights.ts';
import { buildIndex } from '../src/engine/searchIndex.ts';
import { loadCorpus } from '../src/store/corpus.ts';
import { SUITES } from './eval/suites.ts';

const { values, positionals } = parseArgs({
  options: {
    corpus: { type: 'string' },
    suite: { type: 'string' },
    expect: { type: 'string' },
    rows: { type: 'string', default: '6' },
    /** Ranking options over the defaults, as JSON: --options '{"aboutWeight":0.5}'. */
    options: { type: 'string' },
  },
  allowPositionals: true,
});
const suite = SUITES.find((s) => s.name === (values.suite ?? 'article'));
const dir = values.corpus ?? (await suite?.corpus()) ?? 'corpus';
const index = buildIndex((await loadCorpus(dir)).documents);
const opts = { ...defaultAnswerOptions, ...(values.options ? (JSON.parse(values.options) as object) : {}) };
const f = (n: number): string => n.toFixed(2);
for (const q of positionals) {
  const analyzed = expandQuestion(index, analyzeQuestion(q), opts);
  const df = documentFrequencies(index, analyzed.terms);
  const units = weighUnits(index, analyzed, (t) => df.get(t) ?? 0, opts);
  const cross = crossScript(index, units);
  console.log(`\n${q}  asks=${analyzed.asks} meta=${analyzed.meta} identity=${analyzed.asksIdentity} cross=${cross}`);
  for (const { unit, weight } of units) {
    const alts = unit.alternatives.map((a) => `${a.text}(${a.via} ${a.credit})`).join(' ');
    console.log(
      `  ${unit.name ? 'name ' : 'focus'} ${unit.text} w=${weight.toFixed(1)} df=${Math.max(0, ...unit.terms.map((t) => df.get(t) ?? 0))} ${alts}`,
    );
  }
  const ranked = scoreCandidates(index, analyzed, units, opts, df);
  const show = (r: (typeof ranked)[number], rank: number): void => {
    const p = index.passages[r.ordinal]!;
    const type = holdsAnswerType(index.normalizedText(r.ordinal).body.text, analyzed);
    console.log(
      `  #${rank + 1} ${p.id} score=${f(r.score)} cov=${f(r.coverage)} bm25=${f(r.bm25)} doc=${f(r.document)} type=${type} ${p.text.slice(0, 40).replace(/\s+/g, ' ')}`,
    );
  };
  ranked.slice(0, Number(values.rows)).forEach(show);
  if (values.expect) {
    const at = ranked.findIndex((r) => index.passages[r.ordinal]!.docId === values.expect);
    if (at >= Number(values.rows)) show(ranked[at]!, at);
    else if (at < 0) console.log(`  ${values.expect}: not among the ${ranked.length} candidates`);
  }
  const answer = answerQuestion(index, q);
  console.log(`  → ${answer.passages.map((p) => p.id).join(', ') || 'not in the corpus'}`);
}

// `npm run eval`: answer quality on question sets, per question kind.
//   npm run eval                               the article suite (tune and test parts)
//   npm run eval -- --suite manpages|gimp|all  the documentation corpora (rendered or read from Debian's packages)
//   npm run eval -- --corpus DIR FILE ...      any corpus with any question files
// --misses prints the questions a tune set got wrong (never a test set's: those are for reporting only,
// unless --test-misses is given); --json prints one JSON object per file.
import { parseArgs } from 'node:util';
import { buildIndex } from '../../src/engine/searchIndex.ts';
import { loadCorpus } from '../../src/store/corpus.ts';
import { evaluate, formatReport, readEvalSet } from './evaluate.ts';
import { SUITES } from './suites.ts';

const { values, positionals } = parseArgs({
  options: {
    corpus: { type: 'string' },
    suite: { type: 'string' },
    json: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
    'test-misses': { type: 'boolean', default: false },
  },
  allowPositionals: true,
});

interface Run {
  corpus: string;
  files: Array<{ file: string; test: boolean }>;
}

async function runsOf(): Promise<Run[]> {
  if (values.corpus) {
    const files = positionals.length > 0 ? positionals : ['eval/dev-questions.json'];
    return [{ corpus: values.corpus, files: files.map((file) => ({ file, test: file.includes('test') })) }];
  }
  const wanted = values.suite ?? 'article';
  const suites = wanted === 'all' ? SUITES : SUITES.filter((s) => s.name === wanted);
  if (suites.length === 0) throw new Error(`no suite ${wanted}: one of ${SUITES.map((s) => s.name).join(', ')}, all`);
  const runs: Run[] = [];
  for (const suite of suites) {
    const corpus = await suite.corpus();
    if (corpus === null) {
      console.log(`\n${suite.name}: corpus not installed, skipped`);
      continue;
    }
    const files = [
      ...suite.tune.map((file) => ({ file, test: false })),
      ...suite.test.map((file) => ({ file, test: true })),
    ];
    runs.push({ corpus, files });
  }
  return runs;
}

try {
  for (const run of await runsOf()) {
    const started = performance.now();
    const corpus = await loadCorpus(run.corpus);
    const index = buildIndex(corpus.documents);
    const buildMs = performance.now() - started;
    if (!values.json)
      console.log(
        `\n${run.corpus}: ${corpus.documents.length} documents, ${index.passages.length} passages, built in ${Math.round(buildMs)} ms`,
      );
    for (const { file, test } of run.files) {
      const report = evaluate(index, await readEvalSet(file));
      if (values.json) {
        console.log(JSON.stringify({ corpus: run.corpus, test, ...report }));
        continue;
      }
      console.log(`\n${file} (${test ? 'test: reported only' : 'tune'})`);
      if ((values.misses && !test) || values['test-misses']) {
        for (const m of report.misses)
          console.log(`  miss [${m.kind}/${m.outcome}] ${m.question}\n       → ${m.got ?? '(nothing)'}`);
      }
      console.log(formatReport(report));
    }
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
}

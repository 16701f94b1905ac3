import { answerQuestion } from '../src/engine/answer.ts';
import { Library } from '../src/store/library.ts';
const lib = new Library({ corpusDir: '/work/main/tests/fixtures/ranking-corpus', snapshot: 'off' } as never);
await lib.open();
for (const q of process.argv.slice(2)) {
  const a = answerQuestion(lib.index, q, { top: 3 });
  console.log(q, '→', a.answered ? a.passages.map((p) => `${p.id} ${p.coverage}`).join(' | ') : 'NOT IN CORPUS');
}

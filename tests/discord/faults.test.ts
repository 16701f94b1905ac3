import { afterAll, beforeAll, it } from 'vitest';
import { opt, startHarness, type Harness } from '../support/botHarness.ts';

let h: Harness;
beforeAll(async () => { h = await startHarness({ env: { COOLDOWN_QUESTIONS: '1000' } }); });
afterAll(async () => { await h?.stop(); });

function dump(label: string) { console.log('=== ' + label); for (const l of h.logs.splice(0)) console.log(l.slice(0, 3000)); }

it('explore', async () => {
  dump('start');
  const t0 = Date.now();
  h.fake.inject({ match: (r) => r.path.endsWith('/callback'), status: 500, times: 4 });
  const { id } = h.fake.command('ask', [opt.string('question', '贾扬清')]);
  await new Promise((r) => setTimeout(r, 3000));
  console.log('500x4', h.fake.find((r) => r.path.includes(id)).map((r) => [r.method, r.at - t0, (r.body as any)?.data?.content]));
  dump('500x4');
  h.fake.inject({ match: (r) => r.path.endsWith('/callback'), status: 404, body: { message: 'Unknown interaction', code: 10062 }, times: 2 });
  const x = h.fake.command('ask', [opt.string('question', '贾扬清')]);
  await new Promise((r) => setTimeout(r, 500));
  console.log('404', h.fake.find((r) => r.path.includes(x.id)).length);
  dump('404');
}, 30_000);

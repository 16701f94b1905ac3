// Load test: /ask interactions through a fake Discord and the real bot (discord.js client, handlers,
// engine), on loopback only. Prints one JSON object on stdout.
//   npm run load [-- --paced 1000 --rate 40 --burst 300] [-- --heap] [-- --teaching] [-- --process [--bot-node-options='…'] [--entry OTHER/dist/index.js]]
// By default the bot runs in this process, beside the fake. With --process it is the compiled bot
// (`npm run build` first) in a process of its own, as in production: its CPU is read from /proc and the
// fake's work no longer shares its thread; the marks between dispatch and callback (below) need the
// in-process bot, so only the end-to-end latency is reported.
// With --teaching the bot runs with what moderators teach it in use: TEACHING_ENTRIES FAQ entries added by
// /faq add (their questions among those asked), votes from three members on as many questions' answers,
// a mod log channel (each unanswered question counts towards its posts). Runs with and without it, taken
// alternately, say what the teaching features cost the answer path (issue 13).
// Phase 1: `paced` questions at `rate` per second. Phase 2: `burst` questions dispatched at once.
// Phase 3: phase 1 again, with a moderator's /reindex dispatched half-way.
// Latency is measured at the fake: from the moment it sends INTERACTION_CREATE to the moment the
// interaction's callback request has arrived. Marks in between (the bot's gateway frame, its handler,
// the REST call) say where the time goes. In-process, the fake runs in the bot's event loop, so its own
// work (JSON, HTTP parsing) is in the figures: a real bot does less. The fake also keeps every
// interaction and message it saw (tests read them), so the process's memory grows with the run; with
// --heap, heap snapshots before and after tell the bot's own heap from that history (slow: seconds).
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { Events, RESTEvents, type Interaction } from 'discord.js';
import { round, roundSummary, summarize, type Summary } from '../src/cli/stats.ts';
import { opt, type Harness } from './harness/botHarness.ts';
import {
  MOD_ROLE_ID,
  OTHER_CHANNEL_ID,
  PERMS_MANAGE_GUILD,
  type FakeDiscord,
  type RecordedRequest,
} from './harness/fakeDiscord.ts';
import { bounded } from './lib/args.ts';
import { inProcessTarget, processTarget, type LoadTarget } from './lib/loadTarget.ts';
import { readEvalQuestions } from './lib/questions.ts';
import { shuffled } from './lib/random.ts';
import { sleep } from './lib/sleep.ts';
import { machine } from './lib/machine.ts';

const { values } = parseArgs({
  options: {
    paced: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '40' },
    burst: { type: 'string', default: '300' },
    heap: { type: 'boolean', default: false },
    teaching: { type: 'boolean', default: false },
    process: { type: 'boolean', default: false },
    /** With --process: node options for the bot's process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"). */
    'bot-node-options': { type: 'string' },
    /** With --process: the compiled entry to run instead of dist/index.js (another build's, to compare). */
    entry: { type: 'string' },
  },
});
const PACED = bounded(values.paced, 1, 100_000);
const RATE = bounded(values.rate, 1, 1_000);
const BURST = bounded(values.burst, 1, 10_000);
/** After the last dispatch, how long a phase waits for the missing callbacks before calling them failed. */
const DRAIN_MS = 30_000;
/** 100 members take turns, so the per-user cooldown (set far above the rate) never applies. */
const USERS = Array.from({ length: 100 }, (_, i) => `7${String(i).padStart(17, '0')}`);
const MOD_USER = '790000000000000001';
/** With --teaching: how many FAQ entries are added, and how many questions' answers get votes. */
const TEACHING_ENTRIES = 20;
/** Questions dispatched at once while warming up. */
const WARM_BURST = 100;
/** The /faq add reply that says the entry was added (English or Chinese). */
const FAQ_ADDED = /Added FAQ entry|已添加常见问题/;

type Outcome = 'answered' | 'notInCorpus' | 'error' | 'cooldown' | 'other';

/** The life of one interaction, in performance.now() ms. */
interface Marks {
  sent: number;
  /** The bot's client decoded the gateway frame (discord.js's raw event). */
  raw?: number;
  /** The bot's interactionCreate handler began (discord.js built the Interaction). */
  handler?: number;
  /** The bot handed the callback request to its HTTP client. */
  restStart?: number;
  /** The fake had the whole callback request. */
  callback?: number;
  /** The bot had the fake's answer to it. */
  restEnd?: number;
  outcome?: Outcome;
}

const marks = new Map<string, Marks>();
const engineMs: number[] = [];
/** Waits discord.js's REST limiter imposed (callbacks bypass it; edits and follow-ups do not). */
let restLimiterWaits = 0;

/** On- and off-topic questions from the eval sets, shuffled with a fixed seed so runs compare. */
async function loadQuestions(): Promise<{ all: string[]; onTopic: number; offTopic: number }> {
  const { onTopic, offTopic } = await readEvalQuestions();
  return { all: shuffled([...onTopic, ...offTopic], 42), onTopic: onTopic.length, offTopic: offTopic.length };
}

function classify(body: unknown): Outcome {
  const { type, data } = (body ?? {}) as { type?: number; data?: { content?: string; embeds?: unknown[] } };
  if (type !== 4) return 'other';
  if ((data?.embeds?.length ?? 0) > 0) return 'answered';
  const text = data?.content ?? '';
  if (/Not in the corpus|语料中没有找到/.test(text)) return 'notInCorpus';
  if (/Sorry, something went wrong|抱歉/.test(text)) return 'error';
  if (/asking fast|太快/.test(text)) return 'cooldown';
  return 'other';
}

/** The event-loop delay monitor's timer, ms: its samples include this period, so it is subtracted. */
const LOOP_RESOLUTION_MS = 5;

const CALLBACK = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

/** The fake's hook that stamps each interaction's callback and outcome: the end of its latency. */
function instrumentFake(fake: FakeDiscord): void {
  fake.onRequest((r: RecordedRequest) => {
    const id = CALLBACK.exec(r.path)?.[1];
    const m = id === undefined ? undefined : marks.get(id);
    if (!m || m.callback !== undefined) return;
    m.callback = performance.now();
    m.outcome = classify(r.body);
  });
}

/** Hooks that stamp the marks in between, in the in-process bot's client and its REST client. */
function instrumentClient(h: Harness): void {
  const client = h.bot.client;
  const stamp = (id: string | undefined, key: 'raw' | 'handler' | 'restStart' | 'restEnd'): void => {
    const m = id === undefined ? undefined : marks.get(id);
    if (m && m[key] === undefined) m[key] = performance.now();
  };
  // prepend: before the bot's own listener, which does all its synchronous work (the engine) at once.
  client.prependListener('raw', (packet: { t?: string; d?: { id?: string } }) => {
    if (packet.t === 'INTERACTION_CREATE') stamp(packet.d?.id, 'raw');
  });
  client.prependListener(Events.InteractionCreate, (interaction: Interaction) => stamp(interaction.id, 'handler'));
  client.rest.on(RESTEvents.RateLimited, () => restLimiterWaits++);
  const rest = client.rest.options;
  const makeRequest = rest.makeRequest.bind(rest);
  rest.makeRequest = async (url, init) => {
    const id = /\/interactions\/(\d+)\//.exec(url)?.[1];
    stamp(id, 'restStart');
    const response = await makeRequest(url, init);
    stamp(id, 'restEnd');
    return response;
  };
}

let asked = 0;
/** Dispatches one /ask as the next member in turn; returns its id. */
function ask(fake: FakeDiscord, questions: readonly string[]): string {
  const question = questions[asked % questions.length]!;
  const user = { id: USERS[asked % USERS.length]! };
  asked++;
  const sent = performance.now();
  const { id } = fake.command('ask', [opt.string('question', question)], { user });
  marks.set(id, { sent });
  return id;
}

/** Waits until every id has its callback, or DRAIN_MS passes. */
async function drain(ids: readonly string[]): Promise<void> {
  const until = performance.now() + DRAIN_MS;
  while (ids.some((id) => marks.get(id)?.callback === undefined) && performance.now() < until) await sleep(5);
}

interface Reindex {
  sentAt: number;
  deferredMs: number | null;
  doneMs: number | null;
  text: string | null;
}

/** A moderator's /reindex: timed from dispatch to its deferral and to its final edit (bounded wait). */
async function reindexAsModerator(fake: FakeDiscord): Promise<Reindex> {
  const sentAt = performance.now();
  const { id, token } = fake.command('reindex', [], { permissions: PERMS_MANAGE_GUILD, user: { id: MOD_USER } });
  const result: Reindex = { sentAt, deferredMs: null, doneMs: null, text: null };
  const deferred = fake
    .waitForRequest((r) => r.path.startsWith(`/interactions/${id}/`), DRAIN_MS)
    .then(() => (result.deferredMs = performance.now() - sentAt));
  const edit = await fake
    .waitForRequest(
      (r) =>
        r.method === 'PATCH' &&
        r.path.includes(token) &&
        /Reindexed|重建/.test(String((r.body as { content?: string }).content)),
      DRAIN_MS,
    )
    .catch(() => null);
  await deferred.catch(() => undefined);
  if (edit) {
    result.doneMs = performance.now() - sentAt;
    result.text = String((edit.body as { content?: string }).content).split('\n')[0] ?? null;
  }
  return result;
}

const ms = (samples: number[]): Summary => roundSummary(summarize(samples), 2);

/** Durations between two marks over the interactions that have both. */
function between(ids: readonly string[], from: keyof Marks, to: keyof Marks): number[] {
  const out: number[] = [];
  for (const id of ids) {
    const m = marks.get(id);
    const a = m?.[from];
    const b = m?.[to];
    if (typeof a === 'number' && typeof b === 'number') out.push(b - a);
  }
  return out;
}

interface PhaseOptions {
  label: string;
  count: number;
  /** Questions per second; null dispatches them all in one go. */
  rate: number | null;
  /** Run at the half-way dispatch (phase 3's /reindex). */
  midway?: () => Promise<Reindex>;
}

/** Dispatches a phase's questions (paced on a schedule that does not drift, or all at once), then drains. */
async function runPhase(
  target: LoadTarget,
  questions: readonly string[],
  options: PhaseOptions,
): Promise<Record<string, unknown>> {
  const { fake } = target;
  const inProcess = target.harness !== null;
  fake.clear();
  engineMs.length = 0;
  const ids: string[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const elu = performance.eventLoopUtilization();
  const cpuBefore = await target.cpuMs();
  const loadAverage = os.loadavg()[0] ?? 0;
  const connections = fake.httpConnections;
  const limiterWaits = restLimiterWaits;
  const started = performance.now();
  let midway: Promise<Reindex> | null = null;
  const deadline = started + (options.rate ? (options.count / options.rate) * 1000 : 0) + DRAIN_MS;
  for (let i = 0; i < options.count && performance.now() < deadline; i++) {
    if (options.rate) {
      const wait = started + (i * 1000) / options.rate - performance.now();
      if (wait >= 1) await sleep(wait);
    }
    if (i === Math.floor(options.count / 2) && options.midway) midway = options.midway();
    ids.push(ask(fake, questions));
  }
  const dispatchedMs = performance.now() - started;
  await drain(ids);
  const reindex = midway ? await midway : null;
  const wallMs = performance.now() - started;
  loopDelay.disable();
  const cpuMs = (await target.cpuMs()) - cpuBefore;
  const outcomes = countOutcomes(ids);
  const failed = ids.length - outcomes.answered - outcomes.notInCorpus;
  return {
    phase: options.label,
    questions: ids.length,
    answered: outcomes.answered + outcomes.notInCorpus,
    failed,
    outcomes,
    dispatchSeconds: round(dispatchedMs / 1000),
    wallSeconds: round(wallMs / 1000),
    latencyMs: ms(between(ids, 'sent', 'callback')),
    ...(inProcess ? inProcessFigures(ids, elu, loopDelay) : {}),
    cpu: {
      seconds: round(cpuMs / 1000),
      msPerQuestion: round(cpuMs / ids.length),
      // CPU seconds per wall second, all threads: GC helpers can take it past 1; in-process, far below
      // the loop's utilization means the process was waiting for a core (other load on the machine).
      perWallSecond: round(cpuMs / wallMs),
      ...(inProcess ? { engineShare: round(engineMs.reduce((a, b) => a + b, 0) / cpuMs) } : {}),
      loadAverage1mAtStart: round(loadAverage, 2),
    },
    newTcpConnections: fake.httpConnections - connections,
    restLimiterWaits: restLimiterWaits - limiterWaits,
    ...(reindex ? { reindex: describeReindex(reindex, ids) } : {}),
  };
}

/** Where the time went and how busy the event loop was: what only an in-process bot can tell. */
function inProcessFigures(
  ids: readonly string[],
  elu: ReturnType<typeof performance.eventLoopUtilization>,
  loopDelay: ReturnType<typeof monitorEventLoopDelay>,
): Record<string, unknown> {
  return {
    where: {
      dispatchToBotFrame: ms(between(ids, 'sent', 'raw')),
      frameToHandler: ms(between(ids, 'raw', 'handler')),
      handlerToRestCall: ms(between(ids, 'handler', 'restStart')),
      restCallToFake: ms(between(ids, 'restStart', 'callback')),
      fakeToBotResponse: ms(between(ids, 'callback', 'restEnd')),
      engine: ms([...engineMs]),
    },
    eventLoop: {
      utilization: round(performance.eventLoopUtilization(elu).utilization),
      delayP50Ms: lateness(loopDelay.percentile(50)),
      delayP99Ms: lateness(loopDelay.percentile(99)),
      delayMaxMs: lateness(loopDelay.max),
    },
  };
}

/** How late the monitor's timer fired, ms, from a histogram value in ns. */
function lateness(ns: number): number {
  return round(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS));
}

function countOutcomes(ids: readonly string[]): Record<Outcome | 'missing', number> {
  const counts: Record<Outcome | 'missing', number> = {
    answered: 0,
    notInCorpus: 0,
    error: 0,
    cooldown: 0,
    other: 0,
    missing: 0,
  };
  for (const id of ids) counts[marks.get(id)?.outcome ?? 'missing']++;
  return counts;
}

/** The reindex's times, and how the questions dispatched while it ran fared. */
function describeReindex(r: Reindex, ids: readonly string[]): Record<string, unknown> {
  const end = r.doneMs === null ? Number.POSITIVE_INFINITY : r.sentAt + r.doneMs;
  const during = ids.filter((id) => {
    const sent = marks.get(id)!.sent;
    return sent >= r.sentAt && sent <= end;
  });
  return {
    deferredMs: r.deferredMs === null ? null : round(r.deferredMs),
    doneMs: r.doneMs === null ? null : round(r.doneMs),
    reply: r.text,
    questionsDuring: during.length,
    latencyDuringMs: ms(between(during, 'sent', 'callback')),
  };
}

function pct(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : round(((after - before) / before) * 100, 1);
}

/** The bot's heapUsed (in-process only) and RSS in MB, rounded. */
async function memory(target: LoadTarget): Promise<{ heapUsedMB: number | null; rssMB: number }> {
  const m = await target.memory();
  return { heapUsedMB: m.heapUsedMB === null ? null : round(m.heapUsedMB, 1), rssMB: round(m.rssMB, 1) };
}

/** The FakeDiscord fields that hold its history of interactions, messages and requests. */
const FAKE_HISTORY = new Set([
  '#interactions',
  '#interactionsByToken',
  '#messages',
  '#deletedMessages',
  '#requests',
  'requests',
]);

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; edge_fields: string[]; node_types: [string[]]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/**
 * Bytes reachable from the GC roots of a heap snapshot: in all, and without following the fake's history
 * fields — what the bot (and the harness) hold by themselves.
 */
async function reachableHeap(): Promise<{ allMB: number; withoutFakeHistoryMB: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const chunks: Buffer[] = [];
  for await (const chunk of v8.getHeapSnapshot()) chunks.push(chunk as Buffer);
  const snap = JSON.parse(Buffer.concat(chunks).toString('utf8')) as HeapSnapshot;
  chunks.length = 0;
  const {
    node_fields: nf,
    edge_fields: ef,
    node_types: [nodeTypes],
    edge_types: [edgeTypes],
  } = snap.snapshot.meta;
  const [N, E] = [nf.length, ef.length];
  const [typeAt, nameAt, edgeCountAt, sizeAt] = [
    nf.indexOf('type'),
    nf.indexOf('name'),
    nf.indexOf('edge_count'),
    nf.indexOf('self_size'),
  ];
  const [edgeTypeAt, edgeNameAt, toAt] = [ef.indexOf('type'), ef.indexOf('name_or_index'), ef.indexOf('to_node')];
  const count = snap.nodes.length / N;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += snap.nodes[i * N + edgeCountAt]! * E;
    firstEdge[i + 1] = e;
  }
  const fakes = new Set<number>();
  for (let i = 0; i < count; i++)
    if (
      nodeTypes[snap.nodes[i * N + typeAt]!] === 'object' &&
      snap.strings[snap.nodes[i * N + nameAt]!] === 'FakeDiscord'
    )
      fakes.add(i);
  const reach = (cutHistory: boolean): number => {
    const seen = new Uint8Array(count);
    const stack = [0];
    seen[0] = 1;
    let bytes = 0;
    while (stack.length > 0) {
      const i = stack.pop()!;
      bytes += snap.nodes[i * N + sizeAt]!;
      for (let e = firstEdge[i]!; e < firstEdge[i + 1]!; e += E) {
        const type = edgeTypes[snap.edges[e + edgeTypeAt]!];
        if (type === 'weak') continue;
        if (
          cutHistory &&
          fakes.has(i) &&
          type === 'property' &&
          FAKE_HISTORY.has(snap.strings[snap.edges[e + edgeNameAt]!]!)
        )
          continue;
        const j = snap.edges[e + toAt]! / N;
        if (!seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    return bytes;
  };
  return { allMB: round(reach(false) / 2 ** 20, 1), withoutFakeHistoryMB: round(reach(true) / 2 ** 20, 1) };
}

/**
 * Puts the teaching features to use before the run: FAQ entries for the first questions on the list (each
 * added by a moderator's /faq add, answered by the entry when asked again) and three members' 👎 on the first
 * answer of the next ones (so their answers are re-ranked by votes). Returns how many of each took.
 */
async function teach(
  fake: FakeDiscord,
  onTopic: readonly string[],
): Promise<{ faqEntries: number; votedQuestions: number }> {
  const mod = { roles: [MOD_ROLE_ID], user: { id: MOD_USER } };
  let faqEntries = 0;
  for (const [i, question] of onTopic.slice(0, TEACHING_ENTRIES).entries()) {
    const add = fake.command(
      'faq',
      [
        opt.sub('add', [
          opt.string('question', question),
          opt.string('answer', `版主整理的回答 ${i + 1}。`),
          opt.string('phrasings', question.replace(/[?？]$/u, '')),
        ]),
      ],
      mod,
    );
    // The reply comes once the entry is answerable (the corpus writer waits for the reindex).
    const reply = await fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(add.token), DRAIN_MS);
    if (FAQ_ADDED.test(String((reply.body as { content?: string }).content))) faqEntries++;
  }
  let votedQuestions = 0;
  for (const question of onTopic.slice(TEACHING_ENTRIES, 2 * TEACHING_ENTRIES)) {
    const { id } = fake.command('ask', [opt.string('question', question)], { user: { id: USERS[0]! } });
    const data = (await fake.callbackOf(id, DRAIN_MS)).data as { embeds?: unknown[] } | undefined;
    if (!data?.embeds?.length) continue;
    for (const voter of USERS.slice(1, 4))
      await fake.callbackOf(
        fake.button('wd:fb:down', { embeds: data.embeds, components: [] }, { user: { id: voter } }).id,
        DRAIN_MS,
      );
    votedQuestions++;
  }
  return { faqEntries, votedQuestions };
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc)
    console.error('warning: run with --expose-gc (npm run load) for comparable memory figures');
  const { all: questions, onTopic, offTopic } = await loadQuestions();
  const teachingEnv = values.teaching ? { MOD_ROLE_IDS: MOD_ROLE_ID, MODLOG_CHANNEL_ID: OTHER_CHANNEL_ID } : {};
  if (values.process && values.heap) throw new Error("--heap reads this process's heap: not with --process");
  const targetOptions = {
    env: { COOLDOWN_QUESTIONS: '1000', COOLDOWN_SECONDS: '1', LOG_LEVEL: 'info', ...teachingEnv },
    onEngineMs: (tookMs: number) => engineMs.push(tookMs),
    nodeArgs: values['bot-node-options']?.split(/\s+/).filter(Boolean) ?? [],
    ...(values.entry ? { entry: path.resolve(values.entry) } : {}),
  };
  const target = values.process ? await processTarget(targetOptions) : await inProcessTarget(targetOptions);
  const { fake, harness } = target;
  try {
    instrumentFake(fake);
    if (harness) instrumentClient(harness);
    const teaching = values.teaching ? await teach(fake, (await readEvalQuestions()).onTopic) : null;
    // Warm up (JIT, sockets, and each index's lazily filled caches: every question asked twice, in bursts
    // of 100) outside the figures, so that they measure the answer path's steady state, with and without
    // --teaching alike (its FAQ entries make 20 new indexes, each starting cold), then take the baseline.
    for (let i = 0; i < 2 * questions.length; i += WARM_BURST)
      await drain(Array.from({ length: Math.min(WARM_BURST, 2 * questions.length - i) }, () => ask(fake, questions)));
    marks.clear();
    fake.clear();
    const before = await memory(target);
    const heapBefore = values.heap ? await reachableHeap() : null;
    const phases = [
      await runPhase(target, questions, { label: `paced ${PACED} at ${RATE}/s`, count: PACED, rate: RATE }),
      await runPhase(target, questions, { label: `burst of ${BURST}`, count: BURST, rate: null }),
      await runPhase(target, questions, {
        label: `paced ${PACED} at ${RATE}/s with a /reindex half-way`,
        count: PACED,
        rate: RATE,
        midway: () => reindexAsModerator(fake),
      }),
    ];
    marks.clear();
    fake.clear();
    const after = await memory(target);
    const heapAfter = values.heap ? await reachableHeap() : null;
    console.log(
      JSON.stringify(
        {
          machine: machine(),
          bot: values.process ? 'its own process (dist/index.js)' : 'in this process, beside the fake',
          corpus: harness
            ? { documents: harness.library.index.documents.size, passages: harness.library.index.passages.length }
            : 'the article corpus',
          questions: { distinct: questions.length, onTopic, offTopic },
          teaching,
          phases,
          memory: {
            before,
            after,
            heapChangePct: pct(before.heapUsedMB, after.heapUsedMB),
            rssChangePct: pct(before.rssMB, after.rssMB),
            ...(heapBefore && heapAfter
              ? {
                  reachable: {
                    before: heapBefore,
                    after: heapAfter,
                    withoutFakeHistoryChangePct: pct(heapBefore.withoutFakeHistoryMB, heapAfter.withoutFakeHistoryMB),
                  },
                }
              : harness
                ? {
                    note: "includes the fake's history of every interaction and message; run with --heap to separate it",
                  }
                : {}),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await target.stop();
  }
}

await main();

// Prints what Discord shows for each teaching command and reply (the README's samples): the real bot
// against the fake Discord (tooling/harness/), on a copy of the shipped corpus, each reply rendered as
// text. Run: `node --import tsx tooling/teachSamples.ts`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answerQuestion } from '../src/engine/answer.ts';
import { servingStateOf, startObservability } from '../src/observe/index.ts';
import { FAQ_MODAL_ID, SYNONYM_MODAL_ID } from '../src/discord/customIds.ts';
import {
  GUILD_ID,
  MOD_ROLE_ID,
  OTHER_CHANNEL_ID,
  OTHER_GUILD_ID,
  OTHER_USER_ID,
  defaultGuild,
  type FakeMessage,
} from './harness/fakeDiscord.ts';
import { opt, startHarness, type Harness } from './harness/botHarness.ts';

const FORUM_ID = '300000000000000015';
const MODLOG_ID = OTHER_CHANNEL_ID;
const MOD = { roles: [MOD_ROLE_ID], user: { id: '700000000000000011' } };
const MEMBER = { user: { id: '700000000000000012' } };
const OTHER_MEMBER = { user: { id: '700000000000000013' } };
const WAIT_MS = 30_000;

// Discord JSON, read loosely: a sample printer, not a validator.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
type Options = Parameters<Harness['fake']['command']>[1];

/** Markdown as Discord renders it, roughly: escapes dropped, mentions as names. */
function rendered(text: string): string {
  return text.replace(/\\([\\*_~`|>#[\]()<-])/g, '$1').replace(/<@!?(\d+)>/g, '@member');
}

/** A message as a reader sees it: content, then each embed as a quoted block, then the buttons. */
function show(data: Json | undefined): string {
  if (!data) return '(nothing)';
  const out: string[] = [];
  if (data.content) out.push(String(data.content));
  for (const e of (data.embeds ?? []) as Json[]) {
    const lines: string[] = [];
    if (e.author?.name) lines.push(String(e.author.name));
    if (e.title) lines.push(`**${String(e.title)}**`);
    if (e.description) lines.push(...String(e.description).split('\n'));
    for (const f of (e.fields ?? []) as Json[]) lines.push(`**${String(f.name)}**  ${String(f.value)}`);
    if (e.footer?.text) lines.push(String(e.footer.text).replace(/\n/g, ' · '));
    out.push(lines.map((l) => `┃ ${l}`).join('\n'));
  }
  const buttons = ((data.components ?? []) as Json[])
    .flatMap((row) => (row.components ?? []) as Json[])
    .map((b) => `[${[b.emoji?.name, b.label].filter(Boolean).join(' ')}]`);
  if (buttons.length) out.push(buttons.join(' '));
  return rendered(out.join('\n'));
}

/** A modal as Discord shows it: its title and each field with what it is prefilled with. */
function showModal(data: Json | undefined): string {
  const fields = ((data?.components ?? []) as Json[]).flatMap((row) => (row.components ?? []) as Json[]);
  return [
    `▭ ${String(data?.title)}`,
    ...fields.map((f) => `  ${String(f.label)}: ${f.value ? String(f.value) : '…'}`),
  ].join('\n');
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'teach-samples-'));
  const guild = defaultGuild();
  guild.channels.push({ id: FORUM_ID, name: 'help-forum', type: 15, topic: null });
  const h: Harness = await startHarness({
    env: {
      MOD_ROLE_IDS: MOD_ROLE_ID,
      COOLDOWN_QUESTIONS: '100000',
      MODLOG_CHANNEL_ID: MODLOG_ID,
      AUTO_ANSWER_CHANNEL_IDS: FORUM_ID,
      DATA_DIR: dataDir,
      QUERY_LOG: 'on',
      CORPUS_GUILD_IDS: GUILD_ID,
      LOG_LEVEL: 'warn',
    },
    fake: { guilds: [guild, defaultGuild({ id: OTHER_GUILD_ID, name: 'Another server' })] },
  });
  // The query log and metrics, wired as src/index.ts wires them (for /insights and the votes it keeps).
  const obs = await startObservability(h.ctx.config, h.ctx.logger, servingStateOf(h.library), {
    queryLog: { flushEveryMs: 50 },
  });
  h.ctx.observer = obs.observer;
  h.ctx.queryLog = obs.queryLog;
  const print = (what: string, text: string): void => console.log(`${what}\n${text}\n`);

  /** The reply to an interaction: its callback, or for a deferred one the final edit of @original. */
  const reply = async (ix: { id: string; token: string }): Promise<string> => {
    const cb = await h.fake.callbackOf(ix.id, WAIT_MS);
    if (cb.type === 9) return showModal(cb.data);
    if (cb.type !== 5) return show(cb.data);
    const final = (): Json | undefined =>
      h.fake
        .find((r) => r.method === 'PATCH' && r.path.includes('/webhooks/') && r.path.includes(ix.token))
        .map((r) => r.body as Json)
        .find((b) => b.content && !String(b.content).startsWith('⏳'));
    await h.fake.waitUntil(final, WAIT_MS, 'the final edit');
    return show(final());
  };
  const command = (name: string, options: Options, who: object = MOD): Promise<string> =>
    reply(h.fake.command(name, options, who));
  const ask = async (question: string, who: object = MEMBER): Promise<Json> =>
    (await h.fake.callbackOf(h.fake.command('ask', [opt.string('question', question)], who).id, WAIT_MS)).data as Json;
  const botPosts = (channelId: string): FakeMessage[] => h.fake.messages(channelId).filter((m) => m.author.bot);
  const waitForPost = async (channelId: string, after: number): Promise<FakeMessage> => {
    await h.fake.waitUntil(() => botPosts(channelId).length > after || undefined, WAIT_MS, 'a post');
    return botPosts(channelId).at(-1)!;
  };

  try {
    const cited = answerQuestion(h.library.index, '贾扬清在哪里宣布离职?').passages[0]!.id;
    const faqAdd = [
      opt.string('question', '贾扬清在哪里宣布离职?'),
      opt.string('answer', '他在朋友圈宣布离职。'),
      opt.string('cites', cited),
      opt.string('phrasings', '贾扬清是在什么地方宣布离开阿里的'),
    ];
    print(
      `/faq add question:贾扬清在哪里宣布离职? answer:他在朋友圈宣布离职。 cites:${cited} phrasings:贾扬清是在什么地方宣布离开阿里的   (only you)`,
      await command('faq', [opt.sub('add', faqAdd)]),
    );
    print('/ask question:贾扬清是在哪里宣布离职的', show(await ask('贾扬清是在哪里宣布离职的')));
    print('/faq list   (only you)', await command('faq', [opt.sub('list')]));
    print('/faq add … by a member   (only them)', await command('faq', [opt.sub('add', faqAdd)], MEMBER));
    print(
      '/faq list by a moderator of another server   (only them)',
      await command('faq', [opt.sub('list')], { ...MOD, guildId: OTHER_GUILD_ID }),
    );
    const entry = h.library.index.documentList.find((d) => d.id.startsWith('faq/'))!.id;
    print(
      `/faq remove entry:${entry}   (only you)`,
      await command('faq', [opt.sub('remove', [opt.string('entry', entry)])]),
    );

    print(
      '/synonyms add words:删除 移除 删掉   (only you)',
      await command('synonyms', [opt.sub('add', [opt.string('words', '删除 移除 删掉')])]),
    );
    await command('synonyms', [opt.sub('add', [opt.string('words', 'SenseTime 商汤科技 商汤')])]);
    print('/synonyms list   (only you)', await command('synonyms', [opt.sub('list')]));
    print(
      '/synonyms remove group:删除   (only you)',
      await command('synonyms', [opt.sub('remove', [opt.string('group', '删除')])]),
    );

    print(
      '/synonyms add words:zorblax by a moderator   (only you)',
      await command('synonyms', [opt.sub('add', [opt.string('words', 'zorblax')])]),
    );

    const about = (content: string, author: object): Promise<string> =>
      reply(h.fake.messageCommand('Ask the bot about this', { content, author }, MEMBER));
    print(
      'Apps → Ask the bot about this, on a member’s message "光年之外融资多少"',
      await about('光年之外融资多少', { id: OTHER_USER_ID }),
    );
    print(
      'Apps → Ask the bot about this, on a message the corpus cannot answer   (only you)',
      await about('how do I cook pasta al dente?', { id: OTHER_USER_ID }),
    );

    const thread = h.fake.threadCreate({ name: '光年之外融资多少', parentId: FORUM_ID, owner: MEMBER.user });
    print(
      'a new forum post "光年之外融资多少" in #help-forum → the bot posts in its thread',
      show(await waitForPost(thread, 0)),
    );

    const answer = await ask('王慧文的公司叫什么');
    let posts = botPosts(MODLOG_ID).length;
    print(
      '👎 on the answer to "王慧文的公司叫什么"   (only the voter)',
      await reply(h.fake.button('wd:fb:down', { embeds: answer.embeds, components: [] }, MEMBER)),
    );
    const voted = await waitForPost(MODLOG_ID, posts);
    print('#mod-log after the 👎', show(voted));
    posts = botPosts(MODLOG_ID).length;
    for (let i = 0; i < 3; i++) await ask('where is the fish market in Atlantis');
    print('#mod-log after a question went unanswered three times', show(await waitForPost(MODLOG_ID, posts)));

    const post = { id: voted.id, embeds: voted.embeds, components: voted.components };
    print('[Add FAQ entry] on the mod log post (a moderator)', await reply(h.fake.button('wd:teach:faq', post, MOD)));
    print(
      'the form sent   (only you)',
      await reply(
        h.fake.modalSubmit(
          FAQ_MODAL_ID,
          { question: '王慧文的公司叫什么', answer: '光年之外。', cites: '', phrasings: '' },
          MOD,
        ),
      ),
    );
    print('[Add synonym] on the mod log post', await reply(h.fake.button('wd:teach:synonym', post, MOD)));
    print(
      'the form sent with "光年 光年之外"   (only you)',
      await reply(h.fake.modalSubmit(SYNONYM_MODAL_ID, { words: '光年 光年之外' }, MOD)),
    );
    print(
      '[Add FAQ entry] pressed by a member   (only them)',
      await reply(h.fake.button('wd:teach:faq', post, MEMBER)),
    );

    const question = '王小川做什么';
    const before = await ask(question);
    for (const who of [MEMBER, OTHER_MEMBER])
      await reply(h.fake.button('wd:fb:down', { embeds: before.embeds, components: [] }, who));
    await ask(question);
    print(
      '/insights, after two members marked the answer to "王小川做什么" 👎   (only you)',
      await command('insights', []),
    );
  } finally {
    await obs.close();
    await h.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();

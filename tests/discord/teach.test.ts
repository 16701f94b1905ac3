import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/engine/answer.ts';
import { FAQ_MODAL_ID, SYNONYM_MODAL_ID } from '../../src/discord/customIds.ts';
import {
  CHANNEL_ID,
  GUILD_ID,
  MOD_ROLE_ID,
  OTHER_CHANNEL_ID,
  OTHER_GUILD_ID,
  OTHER_USER_ID,
  defaultGuild,
  type FakeMessage,
} from '../../tooling/harness/fakeDiscord.ts';
import { opt, startHarness, type Harness } from '../../tooling/harness/botHarness.ts';
import { SLOW_WAIT_MS, until } from '../support/wait.ts';
import type { ReplyData as Data } from '../support/replyData.ts';

// Moderators teach the bot (FAQ entries, from the mod log too), and it answers where members ask: on
// someone else's message and in new forum threads. Each from the member's side and the moderator's,
// with the refusals.

const EPHEMERAL = 64;
const FORUM_ID = '300000000000000015';
const MODLOG_ID = OTHER_CHANNEL_ID;
const MOD = { roles: [MOD_ROLE_ID], user: { id: '700000000000000011' } };
const MEMBER = { user: { id: '700000000000000012' } };
const ASKED = '贾扬清在哪里宣布离职?';
const CLOSE = '贾扬清是在哪里宣布离职的';
const WEAK = '贾扬清离职后创办了什么公司?';
const NOTHING = 'how do I cook pasta al dente?';
const ANSWER = '他在**朋友圈**宣布离职(版主整理)。';

let h: Harness;
let dataDir: string;
/** The mod log's latest post. */
const modlogPost = (): FakeMessage =>
  h.fake
    .messages(MODLOG_ID)
    .filter((m) => m.author.bot)
    .at(-1)!;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'teach-data-'));
  const guild = defaultGuild();
  guild.channels.push({ id: FORUM_ID, name: 'help-forum', type: 15, topic: null });
  h = await startHarness({
    env: {
      MOD_ROLE_IDS: MOD_ROLE_ID,
      COOLDOWN_QUESTIONS: '100000',
      MODLOG_CHANNEL_ID: MODLOG_ID,
      AUTO_ANSWER_CHANNEL_IDS: FORUM_ID,
      DATA_DIR: dataDir,
      CORPUS_GUILD_IDS: GUILD_ID,
    },
    fake: { guilds: [guild, defaultGuild({ id: OTHER_GUILD_ID, name: 'Another server' })] },
  });
});
afterAll(async () => {
  await h?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** A deferred moderator command's final edit of @original. */
async function deferredResult(interaction: { id: string; token: string }): Promise<string> {
  const cb = await h.fake.callbackOf(interaction.id);
  expect(cb.type).toBe(5);
  expect(cb.data?.flags).toBe(EPHEMERAL);
  const final = (): string | undefined =>
    h.fake
      .find((r) => r.method === 'PATCH' && r.path.includes('/webhooks/') && r.path.includes(interaction.token))
      .map((e) => (e.body as Data).content ?? '')
      .find((c) => c !== '' && !c.startsWith('⏳'));
  await until(() => final() !== undefined, `the final edit for ${interaction.id}`, SLOW_WAIT_MS);
  return final()!.replace(/\\([\\*_~`|>#[\]()<-])/g, '$1');
}

async function ephemeralText(interaction: { id: string }): Promise<string> {
  const cb = await h.fake.callbackOf(interaction.id);
  expect(cb.type).toBe(4);
  expect(cb.data?.flags).toBe(EPHEMERAL);
  return String(cb.data?.content);
}

async function ask(question: string, who: object = MEMBER): Promise<Data> {
  const cb = await h.fake.callbackOf(h.fake.command('ask', [opt.string('question', question)], who).id);
  return cb.data as Data;
}

function addFaq(who: object, cites: string): { id: string; token: string } {
  return h.fake.command(
    'faq',
    [
      opt.sub('add', [
        opt.string('question', ASKED),
        opt.string('answer', ANSWER),
        opt.string('cites', cites),
        opt.string('phrasings', '贾扬清是在什么地方宣布离开阿里的'),
      ]),
    ],
    who,
  );
}

describe('FAQ entries', () => {
  it('a moderator adds one; a close question gets it first, marked and cited, then the best passages', async () => {
    const cited = answerQuestion(h.library.index, ASKED).passages[0]!.id;
    expect(await deferredResult(addFaq(MOD, cited))).toMatch(/Added FAQ entry `faq\/[0-9a-f]{8}\.md`/);
    const data = await ask(CLOSE);
    const [faq, ...passages] = data.embeds ?? [];
    expect(faq?.author?.name).toMatch(/moderator’s answer/);
    expect(faq?.description).toContain('朋友圈');
    expect(faq?.description).toContain(cited);
    expect(passages.length).toBeGreaterThan(0);
    expect(passages.every((e) => !String(e.footer?.text).startsWith('faq/'))).toBe(true);
  });

  it('a weak match does not override a good passage', async () => {
    // The same name, or the same kind of question about it, is not the same question.
    for (const weak of [WEAK, '贾扬清在哪里工作?']) {
      const data = await ask(weak);
      const plain = answerQuestion(h.library.index, weak, { top: 3 });
      expect(plain.answered).toBe(true);
      expect(data.embeds?.[0]?.author).toBeUndefined();
      expect(String(data.embeds?.[0]?.footer?.text).split('\n')[0]).toBe(plain.passages[0]!.id);
    }
  });

  it('/faq list shows the entry to moderators; members are refused add, list and remove', async () => {
    expect(await ephemeralText(h.fake.command('faq', [opt.sub('list')], MOD))).toContain(ASKED);
    for (const sub of [opt.sub('list'), opt.sub('remove', [opt.string('entry', 'faq/x.md')])])
      expect(await ephemeralText(h.fake.command('faq', [sub], MEMBER))).toMatch(/Only moderators/);
    expect(await ephemeralText(addFaq(MEMBER, ''))).toMatch(/Only moderators/);
    expect(await ephemeralText(addFaq(MOD, 'no-such.md#p1'))).toMatch(/no passage `no-such\.md#p1`/);
  });
});

describe('removing a FAQ entry', () => {
  it('autocomplete offers entries to moderators only; removing one puts retrieval back first', async () => {
    const focused = [opt.sub('remove', [opt.string('entry', '贾扬清', true)])];
    const choices = await h.fake.autocomplete('faq', focused, MOD).waitForChoices();
    const entry = choices.find((c) => c.name === ASKED);
    expect(entry?.value).toMatch(/^faq\/[0-9a-f]{8}\.md$/);
    expect(await h.fake.autocomplete('faq', focused, MEMBER).waitForChoices()).toEqual([]);
    const removed = h.fake.command('faq', [opt.sub('remove', [opt.string('entry', String(entry?.value))])], MOD);
    expect(await deferredResult(removed)).toMatch(/Removed FAQ entry `faq\/[0-9a-f]{8}\.md` \(recoverable from/);
    const after = await ask(CLOSE);
    expect(after.embeds?.[0]?.author).toBeUndefined();
    expect(after.embeds?.length).toBeGreaterThan(0);
  });
});

describe('ask the bot about a message', () => {
  it('answers publicly, addressed to the message’s author: the only mention allowed', async () => {
    const ix = h.fake.messageCommand(
      'Ask the bot about this',
      { content: ASKED, author: { id: OTHER_USER_ID } },
      MEMBER,
    );
    const cb = await h.fake.callbackOf(ix.id);
    const data = cb.data as Data;
    expect(cb.type).toBe(4);
    expect(data.flags ?? 0).toBe(0);
    expect(data.content).toBe(`<@${OTHER_USER_ID}>`);
    expect(data.allowed_mentions).toEqual({ parse: [], users: [OTHER_USER_ID], replied_user: false });
    expect(data.embeds?.length).toBeGreaterThan(0);
  });

  it('"not in the corpus" only to the member who asked, pinging nobody; a bot’s message pings nobody', async () => {
    const miss = h.fake.messageCommand('Ask the bot about this', { content: NOTHING, author: { id: OTHER_USER_ID } });
    const missed = (await h.fake.callbackOf(miss.id)).data as Data;
    expect(missed.flags).toBe(EPHEMERAL);
    expect(missed.content).toMatch(/Not in the corpus/);
    expect(missed.allowed_mentions!.users).toBeUndefined();
    const bot = h.fake.messageCommand('Ask the bot about this', {
      content: ASKED,
      author: { id: '700000000000000099', bot: true },
    });
    const toBot = (await h.fake.callbackOf(bot.id)).data as Data;
    expect(toBot.content).toBeUndefined();
    expect(toBot.allowed_mentions!.users).toBeUndefined();
  });

  it('a message with no text gets a clear reason', async () => {
    const ix = h.fake.messageCommand('Ask the bot about this', { content: '' });
    expect(await ephemeralText(ix)).toMatch(/no text to ask about/);
  });
});

describe('forum threads', () => {
  const postsIn = (channelId: string): FakeMessage[] => h.fake.messages(channelId).filter((m) => m.author.bot);

  it('a new post whose title the corpus answers confidently gets the answer in its thread', async () => {
    const thread = h.fake.threadCreate({ name: '光年之外融资多少', parentId: FORUM_ID, owner: MEMBER.user });
    await until(() => postsIn(thread).length > 0, 'the answer in the thread', SLOW_WAIT_MS);
    expect(postsIn(thread)).toHaveLength(1);
    expect(postsIn(thread)[0]!.embeds.length).toBeGreaterThan(0);
  });

  it('an unconfident title, and a post by a bot, get no post', async () => {
    const unsure = h.fake.threadCreate({ name: NOTHING, parentId: FORUM_ID, owner: MEMBER.user });
    const byBot = h.fake.threadCreate({
      name: ASKED,
      parentId: FORUM_ID,
      owner: { id: '700000000000000098', bot: true },
    });
    const said = (id: string, reason: string): boolean =>
      h.logs.some((l) => l.includes('thread not answered') && l.includes(id) && l.includes(reason));
    await until(() => said(unsure, 'not confident') && said(byBot, 'bot'), 'both threads skipped', SLOW_WAIT_MS);
    expect(postsIn(unsure)).toHaveLength(0);
    expect(postsIn(byBot)).toHaveLength(0);
  });

  it('threads in other channels are not asked', async () => {
    const elsewhere = h.fake.threadCreate({ name: '光年之外融资多少', parentId: CHANNEL_ID, owner: MEMBER.user });
    const inForum = h.fake.threadCreate({ name: '王慧文的公司叫什么', parentId: FORUM_ID, owner: MEMBER.user });
    await until(() => postsIn(inForum).length > 0, 'the forum thread answered', SLOW_WAIT_MS);
    expect(postsIn(elsewhere)).toHaveLength(0);
  });
});

describe('the mod log', () => {
  const modlog = (): FakeMessage[] => postsIn(MODLOG_ID);
  const postsIn = (channelId: string): FakeMessage[] => h.fake.messages(channelId).filter((m) => m.author.bot);
  let voted: FakeMessage;

  it('a 👎 is posted with the question, the passages shown and the voter hashed, pinging nobody', async () => {
    const answer = await ask('王慧文的公司叫什么');
    const message = { embeds: answer.embeds, components: [] };
    const before = modlog().length;
    const vote = h.fake.button('wd:fb:down', message, MEMBER);
    expect(await ephemeralText(vote)).toMatch(/Thanks/);
    await until(() => modlog().length > before, 'a mod log post', SLOW_WAIT_MS);
    voted = modlog().at(-1)!;
    const text = JSON.stringify(voted.embeds);
    expect(text).toContain('王慧文的公司叫什么');
    expect(text).toContain(String(answer.embeds?.[0]?.footer?.text).split('\n')[0]);
    expect(text).not.toContain(MEMBER.user.id);
    expect(text).toMatch(/Voter:\*\* `[0-9a-f]{32}`/);
    const sent = h.fake.find((r) => r.method === 'POST' && r.path === `/channels/${MODLOG_ID}/messages`).at(-1);
    expect((sent?.body as Data).allowed_mentions).toEqual({ parse: [] });
  });

  it('the same question is posted at most once an hour', async () => {
    const answer = await ask('王慧文的公司叫什么');
    await ephemeralText(h.fake.button('wd:fb:down', { embeds: answer.embeds, components: [] }, MEMBER));
    const other = await ask('光年之外融资多少');
    await ephemeralText(h.fake.button('wd:fb:down', { embeds: other.embeds, components: [] }, MEMBER));
    await until(
      () => JSON.stringify(modlog().at(-1)?.embeds).includes('光年之外融资多少'),
      'the other post',
      SLOW_WAIT_MS,
    );
    expect(modlog().filter((m) => JSON.stringify(m.embeds).includes('王慧文的公司叫什么'))).toHaveLength(1);
  });

  it('a question unanswered three times in a day is posted', async () => {
    const question = 'where is the fish market in Atlantis';
    for (let i = 0; i < 3; i++) expect((await ask(question)).content).toMatch(/Not in the corpus/);
    await until(
      () => JSON.stringify(modlog().at(-1)?.embeds).includes('Atlantis'),
      'the unanswered post',
      SLOW_WAIT_MS,
    );
    expect(JSON.stringify(modlog().at(-1)?.embeds)).toMatch(/Unanswered 3 times/);
  });

  it('a moderator turns a post into a FAQ entry through a prefilled form; a member is refused', async () => {
    const post = { id: voted.id, embeds: voted.embeds, components: voted.components };
    expect(await ephemeralText(h.fake.button('wd:teach:faq', post, MEMBER))).toMatch(/Only moderators/);
    const open = h.fake.button('wd:teach:faq', post, MOD);
    const cb = await h.fake.callbackOf(open.id);
    expect(cb.type).toBe(9);
    const form = JSON.stringify(cb.data);
    expect(form).toContain('王慧文的公司叫什么');
    expect(form).toContain('#p'); // the passages shown, offered as citations
    expect(await ephemeralText(h.fake.modalSubmit(FAQ_MODAL_ID, { question: 'q', answer: 'a' }, MEMBER))).toMatch(
      /Only moderators/,
    );
    const saved = h.fake.modalSubmit(
      FAQ_MODAL_ID,
      { question: '王慧文的公司叫什么', answer: '光年之外。', cites: '', phrasings: '' },
      MOD,
    );
    expect(await deferredResult(saved)).toMatch(/Added FAQ entry/);
    expect((await ask('王慧文的公司叫什么')).embeds?.[0]?.author?.name).toMatch(/moderator’s answer/);
  });
});

describe('votes move answers', () => {
  const first = (data: Data): string => String(data.embeds?.[0]?.footer?.text).split('\n')[0] ?? '';

  it('a passage several members mark 👎 sinks below a near-equal one; /insights shows what moved', async () => {
    const question = '王小川做什么';
    const before = await ask(question);
    const sunk = first(before);
    // One member voting twice is one vote: nothing moves yet.
    for (const who of [MEMBER, MEMBER])
      await ephemeralText(h.fake.button('wd:fb:down', { embeds: before.embeds, components: [] }, who));
    expect(first(await ask(question))).toBe(sunk);
    await ephemeralText(
      h.fake.button('wd:fb:down', { embeds: before.embeds, components: [] }, { user: { id: '700000000000000013' } }),
    );
    const after = await ask(question);
    expect(first(after)).not.toBe(sunk);
    const ids = (after.embeds ?? []).map((e) => String(e.footer?.text).split('\n')[0]);
    expect(ids).toContain(sunk);
    const insights = await ephemeralText(h.fake.command('insights', [], MOD));
    expect(insights).toMatch(/Moved by votes/);
    expect(insights).toMatch(new RegExp(`\`${sunk.replace(/[.#]/g, '\\$&')}\` 1 → [23] \\(👎 2\\)`));
  });
});

describe('synonyms', () => {
  it('a moderator adds a group and the next question uses it, with no reindex; list and remove', async () => {
    const question = 'zorblax的估值是多少';
    expect((await ask(question)).content).toMatch(/Not in the corpus/);
    await until(() => !h.library.reindexing, 'earlier rebuilds to finish', SLOW_WAIT_MS);
    const reindexes = h.library.reindexCount;
    const added = h.fake.command('synonyms', [opt.sub('add', [opt.string('words', 'zorblax, 光年之外')])], MOD);
    expect(await deferredResult(added)).toMatch(/Synonyms saved: zorblax 光年之外/);
    expect(await readFile(path.join(h.corpusDir, 'synonyms.txt'), 'utf8')).toContain('zorblax 光年之外');
    expect((await ask(question)).embeds?.length).toBeGreaterThan(0);
    expect(h.library.reindexing).toBe(false);
    expect(h.library.reindexCount).toBe(reindexes);
    expect(await ephemeralText(h.fake.command('synonyms', [opt.sub('list')], MOD))).toContain('zorblax 光年之外');
    const removed = h.fake.command('synonyms', [opt.sub('remove', [opt.string('group', 'zorblax')])], MOD);
    expect(await deferredResult(removed)).toMatch(/Removed the synonym group: zorblax 光年之外/);
    expect((await ask(question)).content).toMatch(/Not in the corpus/);
    expect(h.library.reindexCount).toBe(reindexes);
  });

  it('members are refused; one word is not a group', async () => {
    const add = (words: string, who: object) =>
      h.fake.command('synonyms', [opt.sub('add', [opt.string('words', words)])], who);
    expect(await ephemeralText(add('a b', MEMBER))).toMatch(/Only moderators/);
    expect(await ephemeralText(h.fake.command('synonyms', [opt.sub('list')], MEMBER))).toMatch(/Only moderators/);
    const lone = add('zorblax', MOD);
    expect(await ephemeralText(lone)).toMatch(/two words or more/);
  });
});

describe('synonyms from the mod log', () => {
  it('a moderator opens the form from a post, prefilled with the question’s words, and saves a group', async () => {
    const post = { embeds: modlogPost().embeds, components: [] };
    const open = h.fake.button('wd:teach:synonym', post, MOD);
    const cb = await h.fake.callbackOf(open.id);
    expect(cb.type).toBe(9);
    const form = JSON.stringify(cb.data);
    expect(form).toContain('"custom_id":"words"');
    const value = /"custom_id":"words"[^}]*"value":"([^"]+)"/.exec(form)?.[1] ?? '';
    const asked = String(post.embeds[0]?.footer?.text).split('❓ ')[1] ?? '';
    expect(value).not.toBe('');
    for (const word of value.split(' ')) expect(asked.toLowerCase()).toContain(word);
    const saved = h.fake.modalSubmit(SYNONYM_MODAL_ID, { words: 'quux 光年之外' }, MOD);
    expect(await deferredResult(saved)).toMatch(/Synonyms saved: quux 光年之外/);
    expect(await ephemeralText(h.fake.modalSubmit(SYNONYM_MODAL_ID, { words: 'a b' }, MEMBER))).toMatch(
      /Only moderators/,
    );
  });
});

describe('from the other server (not a corpus server)', () => {
  const there = { ...MOD, guildId: OTHER_GUILD_ID };

  it('its moderators are refused /faq, /synonyms and the mod log form', async () => {
    for (const ix of [
      h.fake.command('faq', [opt.sub('list')], there),
      h.fake.command('synonyms', [opt.sub('list')], there),
      h.fake.modalSubmit(FAQ_MODAL_ID, { question: 'q', answer: 'a' }, there),
    ])
      expect(await ephemeralText(ix)).toMatch(/cannot be changed from this server/);
    const post = { embeds: modlogPost().embeds, components: [] };
    expect(await ephemeralText(h.fake.button('wd:teach:faq', post, there))).toMatch(
      /cannot be changed from this server/,
    );
  });

  it('its members still ask about messages, and their votes do not move this server’s answers', async () => {
    const ix = h.fake.messageCommand(
      'Ask the bot about this',
      { content: ASKED, author: { id: OTHER_USER_ID } },
      {
        ...MEMBER,
        guildId: OTHER_GUILD_ID,
      },
    );
    expect(((await h.fake.callbackOf(ix.id)).data as Data).content).toBe(`<@${OTHER_USER_ID}>`);
    const question = '大模型创业';
    const here = await ask(question);
    const top = String(here.embeds?.[0]?.footer?.text).split('\n')[0];
    for (const id of ['700000000000000021', '700000000000000022', '700000000000000023'])
      await ephemeralText(
        h.fake.button('wd:fb:down', { embeds: here.embeds, components: [] }, { user: { id }, guildId: OTHER_GUILD_ID }),
      );
    expect(String((await ask(question)).embeds?.[0]?.footer?.text).split('\n')[0]).toBe(top);
  });
});

describe('forum posts with the Message Content intent', () => {
  it('the first message is asked with the title; without the intent the title alone is', async () => {
    const guild = defaultGuild();
    guild.channels.push({ id: FORUM_ID, name: 'help-forum', type: 15, topic: null });
    const env = { AUTO_ANSWER_CHANNEL_IDS: FORUM_ID, COOLDOWN_QUESTIONS: '100000', DATA_DIR: dataDir };
    const reading = await startHarness({ env: { ...env, MESSAGE_CONTENT_INTENT: 'true' }, fake: { guilds: [guild] } });
    try {
      const post = { name: '求助', parentId: FORUM_ID, owner: MEMBER.user, firstMessage: '光年之外融资多少' };
      const thread = reading.fake.threadCreate(post);
      const posted = (): FakeMessage[] => reading.fake.messages(thread).filter((m) => m.author.bot);
      await until(() => posted().length > 0, 'the answer from the first message', SLOW_WAIT_MS);
      expect(JSON.stringify(posted()[0]!.embeds)).toContain('光年之外');
      // The same post where the bot may not read messages: the title says too little.
      const titleOnly = h.fake.threadCreate(post);
      await until(
        () => h.logs.some((l) => l.includes('thread not answered') && l.includes(titleOnly)),
        'the title-only thread skipped',
        SLOW_WAIT_MS,
      );
      expect(h.fake.messages(titleOnly).filter((m) => m.author.bot)).toHaveLength(0);
    } finally {
      await reading.stop();
    }
  });
});

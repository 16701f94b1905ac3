import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GUILD_ID,
  OTHER_GUILD_ID,
  PERMS_MANAGE_GUILD,
  defaultGuild,
  nextSnowflake,
  type InteractionOptions,
} from '../../tooling/harness/fakeDiscord.ts';
import { opt, startHarness, type Harness } from '../../tooling/harness/botHarness.ts';
import { commands, messageCommands } from '../../src/discord/commands/index.ts';
import { planRegistrations } from '../../src/discord/registration.ts';

// One corpus serves every server, so only moderators of the corpus servers (CORPUS_GUILD_IDS) may
// change it: the bot in two servers, a moderator in each, through the fake Discord.

const EPHEMERAL = 64;
const TWO_SERVERS = { guilds: [defaultGuild(), defaultGuild({ id: OTHER_GUILD_ID, name: 'Another server' })] };
/** A moderator (Manage Server) of one of the two servers, as the options of the fake's interactions. */
function moderator(id: string, guildId: string): InteractionOptions {
  return { user: { id, username: `mod${id.slice(-2)}` }, guildId, permissions: PERMS_MANAGE_GUILD };
}
const HOME_MOD = moderator('700000000000000001', GUILD_ID);
const OTHER_MOD = moderator('700000000000000011', OTHER_GUILD_ID);

/** Every command that changes the corpus, as a moderator would send it. */
function corpusCommands(h: Harness, who: InteractionOptions): Array<{ what: string; id: string }> {
  const fileId = nextSnowflake();
  const bytes = Buffer.from('# Notes\n\nTea grows on hills.\n');
  const url = h.fake.serveAttachment(`${fileId}-notes.md`, bytes);
  const file = {
    id: fileId,
    filename: 'notes.md',
    size: bytes.length,
    url,
    proxy_url: url,
    content_type: 'text/plain',
  };
  const send = (
    what: string,
    name: string,
    options: Array<Record<string, unknown>>,
    more: InteractionOptions = {},
  ) => ({
    what,
    id: h.fake.command(name, options, { ...who, ...more }).id,
  });
  return [
    send('/reindex', 'reindex', []),
    send('/corpus list', 'corpus', [opt.sub('list')]),
    send('/corpus add', 'corpus', [opt.sub('add', [opt.attachment('file', fileId)])], {
      resolved: { attachments: { [fileId]: file } },
    }),
    send('/corpus remove', 'corpus', [opt.sub('remove', [opt.string('document', 'ai-2-0-founders.md')])]),
  ];
}

async function refusal(h: Harness, id: string): Promise<string> {
  const cb = await h.fake.callbackOf(id);
  expect(cb.type).toBe(4);
  expect(cb.data?.flags).toBe(EPHEMERAL);
  return String(cb.data?.content);
}

describe('CORPUS_GUILD_IDS names the home server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { CORPUS_GUILD_IDS: GUILD_ID, COOLDOWN_QUESTIONS: '1000' }, fake: TWO_SERVERS });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a moderator of the other server is refused, ephemerally, for every command that changes the corpus', async () => {
    for (const { what, id } of corpusCommands(h, OTHER_MOD))
      expect(await refusal(h, id), what).toMatch(/cannot be changed from this server.*home server/);
    expect(h.library.index.documents.has('ai-2-0-founders.md')).toBe(true);
  });

  it('… in Chinese for a Chinese client (traditional for zh-TW), and autocomplete lists no documents there', async () => {
    const tw = h.fake.command('reindex', [], { ...OTHER_MOD, locale: 'zh-TW' });
    expect(await refusal(h, tw.id)).toMatch(/不能在這個伺服器修改語料/);
    const cn = h.fake.command('reindex', [], { ...OTHER_MOD, locale: 'zh-CN' });
    expect(await refusal(h, cn.id)).toMatch(/不能在这个服务器修改语料/);
    const ac = h.fake.autocomplete('corpus', [opt.sub('remove', [opt.string('document', 'ai', true)])], OTHER_MOD);
    expect(((await h.fake.callbackOf(ac.id)).data as { choices: unknown[] }).choices).toEqual([]);
  });

  it("the home server's moderator reindexes and lists the corpus", async () => {
    const reindex = h.fake.command('reindex', [], HOME_MOD);
    expect((await h.fake.callbackOf(reindex.id)).type).toBe(5);
    const list = await h.fake.callbackOf(h.fake.command('corpus', [opt.sub('list')], HOME_MOD).id);
    expect(String(list.data?.content)).toMatch(/ai-2-0-founders\.md/);
    await h.library.reindex(); // joins the one /reindex started, so the corpus is not removed under it
  });

  it('/insights, which changes nothing, still answers a moderator of the other server', async () => {
    const text = await refusal(h, h.fake.command('insights', [], OTHER_MOD).id);
    expect(text).not.toMatch(/cannot be changed|CORPUS_GUILD_IDS/);
  });
});

describe('CORPUS_GUILD_IDS unset', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { COOLDOWN_QUESTIONS: '1000' }, fake: TWO_SERVERS });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('in two servers, even the first server refuses, telling the operator which variable to set', async () => {
    for (const who of [HOME_MOD, OTHER_MOD])
      for (const { what, id } of corpusCommands(h, who)) expect(await refusal(h, id), what).toMatch(/CORPUS_GUILD_IDS/);
  });
});

describe('deploy-commands', () => {
  const names = (list: ReadonlyArray<{ data: { name: string } }>): string[] => list.map((c) => c.data.name);
  it('offers the corpus commands only in the corpus servers', () => {
    const plan = planRegistrations({ discordGuildId: null, corpusGuildIds: [GUILD_ID] }, commands);
    expect(plan.map((r) => r.guildId)).toEqual([null, GUILD_ID]);
    expect(names(plan[0]!.commands)).not.toContain('reindex');
    expect(names(plan[0]!.commands)).toContain('ask');
    expect(names(plan[1]!.commands).sort()).toEqual(['corpus', 'faq', 'reindex', 'synonyms']);
    // The message menu ("Ask the bot about this") is offered wherever /ask is.
    const withMenu = planRegistrations({ discordGuildId: null, corpusGuildIds: [GUILD_ID] }, [
      ...commands,
      ...messageCommands,
    ]);
    expect(names(withMenu[0]!.commands)).toContain('Ask the bot about this');
    expect(names(withMenu[1]!.commands)).not.toContain('Ask the bot about this');
  });

  it('to one server: everything when it is the home server, no corpus commands when it is not', () => {
    const home = planRegistrations({ discordGuildId: GUILD_ID, corpusGuildIds: [] }, commands);
    expect(names(home[0]!.commands)).toEqual(names(commands));
    const other = planRegistrations({ discordGuildId: OTHER_GUILD_ID, corpusGuildIds: [GUILD_ID] }, commands);
    expect(names(other[0]!.commands)).not.toContain('corpus');
  });
});

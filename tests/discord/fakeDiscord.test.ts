import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ButtonStyle,
  Client,
  ComponentType,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type Interaction,
  type Message,
} from 'discord.js';
import {
  BOT_ID,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  FAKE_TOKEN,
  FakeDiscord,
  GUILD_ID,
  MOD_ROLE_ID,
  MODERATOR_USER,
  OTHER_GUILD_ID,
  OTHER_USER,
  defaultGuild,
  faults,
} from '../../tooling/harness/fakeDiscord.ts';
import { opt } from '../../tooling/harness/botHarness.ts';

// The fake Discord itself, driven by a real discord.js client: login (REST discovery, HELLO, IDENTIFY,
// READY, GUILD_CREATE), interactions and their callbacks, messages and replies in a guild and a DM,
// two servers, a resumable gateway close, and a 429 on the callback route.

let fake: FakeDiscord;
let client: Client;
/** Errors thrown by the listeners below (a failed reply must fail the test, not vanish). */
const errors: unknown[] = [];

function onInteraction(interaction: Interaction): Promise<unknown> {
  if (interaction.isChatInputCommand()) {
    if (interaction.commandName === 'whois') {
      const user = interaction.options.getUser('user', true);
      return interaction.reply({
        content: `that is ${user.username}`,
        components: [
          {
            type: ComponentType.ActionRow,
            components: [
              { type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: 'again', label: 'Again' },
            ],
          },
        ],
      });
    }
    if (interaction.commandName === 'where')
      return interaction.reply({
        content: `${interaction.guild?.name} ${interaction.channelId} ${interaction.guildLocale}`,
      });
    return interaction.reply({ content: 'pong' });
  }
  if (interaction.isAutocomplete()) {
    const typed = interaction.options.getFocused();
    return interaction.respond([{ name: `${typed}!`, value: typed }]);
  }
  if (interaction.isButton())
    return interaction.update({
      content: `clicked ${interaction.customId} on ${interaction.message.id}`,
      components: [],
    });
  return Promise.resolve();
}

function onMessage(message: Message): Promise<unknown> {
  if (message.author.bot) return Promise.resolve();
  return message.reply({ content: `got: ${message.content}` });
}

beforeAll(async () => {
  fake = await FakeDiscord.start({
    token: FAKE_TOKEN,
    guilds: [defaultGuild(), defaultGuild({ id: OTHER_GUILD_ID, name: 'Another server', preferredLocale: 'zh-CN' })],
  });
  client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: fake.apiUrl },
    allowedMentions: { parse: [], repliedUser: false },
  });
  client.on(
    Events.InteractionCreate,
    (interaction) => void onInteraction(interaction).catch((err: unknown) => errors.push(err)),
  );
  client.on(Events.MessageCreate, (message) => void onMessage(message).catch((err: unknown) => errors.push(err)));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(FAKE_TOKEN);
  await ready;
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

describe('a real discord.js client against the fake Discord', () => {
  it('logs in: gateway/bot over REST with the token, one IDENTIFY, READY and the guild with its roles', async () => {
    expect(client.user?.id).toBe(BOT_ID);
    const guild = client.guilds.cache.get(GUILD_ID);
    expect(guild?.available).toBe(true);
    expect(guild?.roles.cache.has(MOD_ROLE_ID)).toBe(true);
    expect(guild?.channels.cache.get(CHANNEL_ID)?.isTextBased()).toBe(true);
    // A member's roles.cache keeps only roles the guild declared: the moderator's role survives.
    const moderator = await guild!.members.fetch(MODERATOR_USER.id);
    expect([...moderator.roles.cache.keys()]).toContain(MOD_ROLE_ID);

    const discovery = fake.find((r) => r.method === 'GET' && r.path === '/gateway/bot');
    expect(discovery).toHaveLength(1);
    expect(discovery[0]!.authorization).toBe(`Bot ${FAKE_TOKEN}`);
    expect(fake.gateway.identifyCount).toBe(1);
    // discord.js 14.28 asks for no compression here (zlib-sync is not installed): plain JSON frames.
    expect(fake.gateway.connections[0]!.query).toEqual({ v: '10', encoding: 'json' });
    expect(fake.gateway.identifies[0]!.compress).toBe(false);
  });

  it('a slash command: the reply is a type 4 callback, without Authorization, and the token is sent nowhere else', async () => {
    const ix = fake.command('ping');
    const callback = await ix.waitForCallback();
    expect(callback.path).toBe(`/interactions/${ix.id}/${ix.token}/callback`);
    expect(callback.query.get('with_response')).toBe('false');
    expect(callback.status).toBe(204);
    expect(callback.body).toMatchObject({ type: 4, data: { content: 'pong' } });
    expect(callback.authorization).toBeUndefined();
    expect((await ix.waitForResponse()).content).toBe('pong');

    const leaks = fake.requests.filter((r) =>
      [r.path, r.query.toString(), r.rawBody].some((part) => part.includes(FAKE_TOKEN)),
    );
    expect(leaks).toEqual([]);
  });

  it('a user option resolves from data.resolved; autocomplete answers choices; a button updates the reply it is on', async () => {
    const ix = fake.command('whois', [opt.user('user', OTHER_USER.id)], {
      resolved: { users: { [OTHER_USER.id]: OTHER_USER } },
    });
    const reply = await ix.waitForResponse();
    expect(reply.content).toBe(`that is ${OTHER_USER.username}`);
    expect((await fake.callbackOf(ix.id)).data?.components).toMatchObject([{ components: [{ custom_id: 'again' }] }]);

    const auto = fake.autocomplete('whois', [opt.string('query', 'ab', true)]);
    expect(await auto.waitForChoices()).toEqual([{ name: 'ab!', value: 'ab' }]);

    // The button's message is the stored reply, with interaction_metadata as discord.js needs it.
    const click = fake.button('again', { id: reply.id, components: reply.components });
    const updated = await click.waitForResponse();
    expect(updated.id).toBe(reply.id);
    expect(updated.content).toBe(`clicked again on ${reply.id}`);
    expect(updated.components).toEqual([]);
  });

  it('a guild mention and a DM are answered with message.reply: POST /channels/:id/messages with message_reference', async () => {
    const mention = fake.userMessage(`<@${BOT_ID}> hello there`, { mentions: [BOT_ID] });
    const post = await fake.waitForRequest({ method: 'POST', path: `/channels/${CHANNEL_ID}/messages` });
    expect(post.body).toMatchObject({
      content: `got: <@${BOT_ID}> hello there`,
      message_reference: { message_id: mention },
      allowed_mentions: { parse: [], replied_user: false },
    });
    expect(post.authorization).toBe(`Bot ${FAKE_TOKEN}`);

    const dm = fake.userMessage('a private question', { dm: true });
    const dmPost = await fake.waitForRequest({ method: 'POST', path: `/channels/${DM_CHANNEL_ID}/messages` });
    expect(dmPost.body).toMatchObject({ content: 'got: a private question', message_reference: { message_id: dm } });
    expect(errors).toEqual([]);
  });

  it('two servers: a command and a message from the second come from its own channel, with its locale', async () => {
    const channel = fake.guild(OTHER_GUILD_ID).channels[0]!.id;
    expect(channel).not.toBe(CHANNEL_ID);
    expect(client.channels.cache.get(channel)).toMatchObject({ guildId: OTHER_GUILD_ID, name: 'general' });
    expect(client.channels.cache.get(CHANNEL_ID)).toMatchObject({ guildId: GUILD_ID });

    const there = fake.command('where', [], { guildId: OTHER_GUILD_ID });
    expect(there.payload).toMatchObject({ guild_id: OTHER_GUILD_ID, channel_id: channel });
    expect((await there.waitForResponse()).content).toBe(`Another server ${channel} zh-CN`);
    const home = fake.command('where');
    expect((await home.waitForResponse()).content).toBe(`Test server ${CHANNEL_ID} en-US`);

    const message = fake.userMessage(`<@${BOT_ID}> over here`, { mentions: [BOT_ID], guildId: OTHER_GUILD_ID });
    const post = await fake.waitForRequest({ method: 'POST', path: `/channels/${channel}/messages` });
    expect(post.body).toMatchObject({
      content: `got: <@${BOT_ID}> over here`,
      message_reference: { message_id: message },
    });
    expect(errors).toEqual([]);
  });

  it('a resumable close (4000): the client RESUMEs the same session, and an interaction sent meanwhile is replayed', async () => {
    const identifies = fake.identifies;
    const resumes = fake.resumes;
    fake.closeGateway(4000);
    // Sent while the client is away: the session buffers it and replays it after RESUME.
    const during = fake.command('ping');
    await fake.waitFor('resumes', resumes + 1);
    expect((await during.waitForResponse()).content).toBe('pong');
    expect(fake.identifies).toBe(identifies);
    expect(fake.gateway.connections.at(-1)!.path).toBe('/resume'); // READY's resume_gateway_url

    const after = fake.command('ping');
    expect((await after.waitForResponse()).content).toBe('pong');
  });

  it('a 429 on the callback: @discordjs/rest waits Retry-After and retries, and the reply arrives', async () => {
    const fault = fake.injectFault(
      { method: 'POST', path: '/interactions/:id/:token/callback' },
      faults.rateLimit(0.05),
      1,
    );
    const ix = fake.command('ping');
    const ok = await ix.waitForCallback();
    expect(ok.status).toBe(204);
    expect(ix.state().callbacks.map((r) => r.status)).toEqual([429, 204]);
    expect(fault.hits).toBe(1);
    expect((await ix.waitForResponse()).flags & MessageFlags.Ephemeral).toBe(0);
    expect(errors).toEqual([]);
  });
});

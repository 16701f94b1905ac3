import { interactionCallback } from './callbacks.ts';
import { echoCommand, putCommands, registeredCommands } from './commands.ts';
import { OWNER_USER } from './ids.ts';
import { isObject, isoNow, str } from './json.ts';
import { applyBody, echoMessage, storeMessage, toWire } from './messages.ts';
import { channelPayload, dmChannelPayload, findChannel, guildPayload, memberPayload } from './payloads.ts';
import type { RecordedRequest } from './records.ts';
import type { FakeDiscordServer } from './server.ts';
import { formError } from './validate.ts';
import { validateEdit } from './validateMessages.ts';
import { deleteMessage, editWebhookMessage, followUp, postChannelMessage, webhookMessage } from './webhooks.ts';

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Runs after the response is written (gateway echoes). */
  after?: () => void;
}

export interface RouteContext {
  request: RecordedRequest;
  params: Record<string, string>;
}

export interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  auth: boolean;
  handle: (ctx: RouteContext) => RouteResult;
}

export function compileRoute(pattern: string): RegExp {
  const body = pattern
    .split('/')
    .map((seg) => (seg.startsWith(':') ? `(?<${seg.slice(1)}>[^/]+)` : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${body}$`);
}

export function error(status: number, code: number, message: string): RouteResult {
  return { status, body: { message, code } };
}

export function addRoute(
  fake: FakeDiscordServer,
  method: string,
  pattern: string,
  handle: (ctx: RouteContext) => RouteResult,
  auth = true,
): void {
  fake.state.routes.push({ method, pattern, regex: compileRoute(pattern), auth, handle });
}

export function installRoutes(fake: FakeDiscordServer): void {
  // Gateway discovery.
  addRoute(fake, 'GET', '/gateway/bot', () => ({
    status: 200,
    body: {
      url: fake.gatewayUrl,
      shards: fake.settings.shardCount,
      session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
    },
  }));
  addRoute(fake, 'GET', '/gateway', () => ({ status: 200, body: { url: fake.gatewayUrl } }), false);

  // Users and DMs.
  addRoute(fake, 'GET', '/users/@me', () => ({
    status: 200,
    body: { ...fake.botUser, bot: true, verified: true, flags: 0 },
  }));
  addRoute(fake, 'POST', '/users/@me/channels', ({ request }) => {
    const recipient = isObject(request.body) ? str(request.body.recipient_id) : undefined;
    if (!recipient)
      return formError([{ path: ['recipient_id'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
    const user = fake.state.users.get(recipient);
    if (!user) return error(404, 10013, 'Unknown User');
    return { status: 200, body: dmChannelPayload(fake.dmChannelFor(recipient), user) };
  });
  addRoute(fake, 'GET', '/users/:user', ({ params }) => {
    const user = fake.state.users.get(params.user ?? '');
    return user ? { status: 200, body: user } : error(404, 10013, 'Unknown User');
  });

  // The application.
  const application = (): RouteResult => ({
    status: 200,
    body: {
      id: fake.applicationId,
      name: fake.botUser.username,
      icon: null,
      description: '',
      summary: '',
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      owner: OWNER_USER,
      team: null,
      bot: fake.botUser,
    },
  });
  addRoute(fake, 'GET', '/applications/@me', application);
  addRoute(fake, 'GET', '/oauth2/applications/@me', application);

  // Command registration.
  for (const scope of ['/applications/:app/commands', '/applications/:app/guilds/:guild/commands']) {
    addRoute(fake, 'PUT', scope, ({ request, params }) => putCommands(fake, request, params));
    addRoute(fake, 'GET', scope, ({ params }) =>
      params.app === fake.applicationId
        ? { status: 200, body: registeredCommands(fake, params.guild) }
        : error(403, 50001, 'Missing Access'),
    );
    addRoute(fake, 'POST', scope, ({ request, params }) => {
      if (params.app !== fake.applicationId) return error(403, 50001, 'Missing Access');
      if (!isObject(request.body))
        return formError([{ path: ['name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
      const key = params.guild ?? 'global';
      const list = fake.state.commands.get(key) ?? [];
      const command = echoCommand(fake, request.body, params.guild, list);
      fake.state.commands.set(key, [...list.filter((c) => c.name !== command.name), command]);
      return { status: 201, body: command };
    });
    addRoute(fake, 'DELETE', `${scope}/:command`, ({ params }) => {
      const key = params.guild ?? 'global';
      const list = fake.state.commands.get(key) ?? [];
      if (!list.some((c) => c.id === params.command)) return error(404, 10063, 'Unknown application command');
      fake.state.commands.set(
        key,
        list.filter((c) => c.id !== params.command),
      );
      return { status: 204 };
    });
  }

  // Interactions.
  addRoute(fake, 'POST', '/interactions/:id/:token/callback', (ctx) => interactionCallback(fake, ctx), false);
  addRoute(fake, 'POST', '/webhooks/:app/:token', (ctx) => followUp(fake, ctx), false);
  addRoute(
    fake,
    'GET',
    '/webhooks/:app/:token/messages/:message',
    (ctx) => {
      const found = webhookMessage(fake, ctx.params);
      return 'status' in found ? found : { status: 200, body: toWire(found.message) };
    },
    false,
  );
  addRoute(fake, 'PATCH', '/webhooks/:app/:token/messages/:message', (ctx) => editWebhookMessage(fake, ctx), false);
  addRoute(
    fake,
    'DELETE',
    '/webhooks/:app/:token/messages/:message',
    (ctx) => {
      const found = webhookMessage(fake, ctx.params);
      if ('status' in found) return found;
      return { status: 204, after: deleteMessage(fake, found.message) };
    },
    false,
  );

  // Channels and messages.
  addRoute(fake, 'GET', '/channels/:channel', ({ params }) => {
    const found = findChannel(fake, params.channel ?? '');
    if (!found) return error(404, 10003, 'Unknown Channel');
    return {
      status: 200,
      body:
        'dmUser' in found
          ? dmChannelPayload(params.channel ?? '', found.dmUser)
          : channelPayload(found.guild, found.channel),
    };
  });
  addRoute(fake, 'POST', '/channels/:channel/messages', (ctx) => postChannelMessage(fake, ctx));
  addRoute(fake, 'GET', '/channels/:channel/messages', ({ request, params }) => {
    if (!findChannel(fake, params.channel ?? '')) return error(404, 10003, 'Unknown Channel');
    const limit = Math.min(100, Math.max(1, Number(request.query.get('limit') ?? 50) || 50));
    return { status: 200, body: fake.messages(params.channel).reverse().slice(0, limit).map(toWire) };
  });
  addRoute(fake, 'GET', '/channels/:channel/messages/:message', ({ params }) => {
    const message = fake.state.messages.get(params.message ?? '');
    if (!message || message.channel_id !== params.channel) return error(404, 10008, 'Unknown Message');
    return { status: 200, body: toWire(message) };
  });
  addRoute(fake, 'PATCH', '/channels/:channel/messages/:message', ({ request, params }) => {
    const message = fake.state.messages.get(params.message ?? '');
    if (!message || message.channel_id !== params.channel) return error(404, 10008, 'Unknown Message');
    if (message.author.id !== fake.botUser.id)
      return error(403, 50005, 'Cannot edit a message authored by another user');
    const body = isObject(request.body) ? request.body : {};
    const invalid = validateEdit(fake, message, body, request.files);
    if (invalid) return invalid;
    applyBody(fake, message, body, request.files, true);
    message.edited_timestamp = isoNow();
    storeMessage(fake, message);
    return { status: 200, body: toWire(message), after: () => echoMessage(fake, 'MESSAGE_UPDATE', message) };
  });
  addRoute(fake, 'DELETE', '/channels/:channel/messages/:message', ({ params }) => {
    const message = fake.state.messages.get(params.message ?? '');
    if (!message || message.channel_id !== params.channel) return error(404, 10008, 'Unknown Message');
    return { status: 204, after: deleteMessage(fake, message) };
  });
  addRoute(fake, 'POST', '/channels/:channel/typing', ({ params }) =>
    findChannel(fake, params.channel ?? '') ? { status: 204 } : error(404, 10003, 'Unknown Channel'),
  );
  for (const method of ['PUT', 'DELETE']) {
    addRoute(fake, method, '/channels/:channel/messages/:message/reactions/:emoji/:user', ({ params }) =>
      fake.state.messages.has(params.message ?? '') ? { status: 204 } : error(404, 10008, 'Unknown Message'),
    );
  }

  // Guilds.
  addRoute(fake, 'GET', '/guilds/:guild', ({ params }) => {
    const guild = fake.state.guilds.get(params.guild ?? '');
    return guild ? { status: 200, body: guildPayload(guild) } : error(404, 10004, 'Unknown Guild');
  });
  addRoute(fake, 'GET', '/guilds/:guild/roles', ({ params }) => {
    const guild = fake.state.guilds.get(params.guild ?? '');
    return guild ? { status: 200, body: guild.roles } : error(404, 10004, 'Unknown Guild');
  });
  addRoute(fake, 'GET', '/guilds/:guild/channels', ({ params }) => {
    const guild = fake.state.guilds.get(params.guild ?? '');
    return guild
      ? { status: 200, body: guild.channels.map((c) => channelPayload(guild, c)) }
      : error(404, 10004, 'Unknown Guild');
  });
  addRoute(fake, 'GET', '/guilds/:guild/members/:user', ({ params }) => {
    const guild = fake.state.guilds.get(params.guild ?? '');
    if (!guild) return error(404, 10004, 'Unknown Guild');
    const member = guild.members.find((m) => m.user.id === params.user);
    return member
      ? { status: 200, body: { ...memberPayload(member), user: member.user } }
      : error(404, 10007, 'Unknown Member');
  });
}

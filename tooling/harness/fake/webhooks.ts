import { interactionMetadata } from './callbacks.ts';
import { isObject, isoNow, str } from './json.ts';
import { applyBody, echoDelete, echoMessage, interactionReply, newMessage, storeMessage, toWire } from './messages.ts';
import { findChannel } from './payloads.ts';
import type { FakeMessage, InteractionState } from './records.ts';
import { error, type RouteContext, type RouteResult } from './routes.ts';
import type { FakeDiscordServer } from './server.ts';
import { formError } from './validate.ts';
import { validateCreate, validateEdit } from './validateMessages.ts';

export function webhookState(fake: FakeDiscordServer, params: Record<string, string>): InteractionState | RouteResult {
  const state = fake.state.interactionsByToken.get(params.token ?? '');
  if (params.app !== fake.applicationId || !state) return error(404, 10015, 'Unknown Webhook');
  return state;
}

export function webhookMessage(
  fake: FakeDiscordServer,
  params: Record<string, string>,
): { state: InteractionState; message: FakeMessage } | RouteResult {
  const state = webhookState(fake, params);
  if ('status' in state) return state;
  const id = params.message === '@original' ? state.originalMessageId : (params.message ?? null);
  const message = id === null ? undefined : fake.state.messages.get(id);
  const ours = message && (message.id === state.originalMessageId || state.followUpIds.includes(message.id));
  if (!message || !ours) return error(404, 10008, 'Unknown Message');
  return { state, message };
}

export function followUp(fake: FakeDiscordServer, { request, params }: RouteContext): RouteResult {
  const state = webhookState(fake, params);
  if ('status' in state) return state;
  if (state.acknowledgedAt === null) return error(404, 10015, 'Unknown Webhook');
  const body = isObject(request.body) ? request.body : {};
  const invalid = validateCreate(fake, body, [], request.files);
  if (invalid) return invalid;
  const guild = state.guildId ? (fake.state.guilds.get(state.guildId) ?? null) : null;
  const message = interactionReply(fake, state, guild);
  applyBody(fake, message, body, request.files, false);
  message.flags &= 64 | 4 | 4096 | (1 << 15);
  message.webhook_id = fake.applicationId;
  message.application_id = fake.applicationId;
  message.interaction_metadata = {
    ...interactionMetadata(state),
    ...(state.originalMessageId ? { original_response_message_id: state.originalMessageId } : {}),
  };
  storeMessage(fake, message);
  state.followUpIds.push(message.id);
  const after = (): void => echoMessage(fake, 'MESSAGE_CREATE', message);
  if (request.query.get('wait') !== 'true') return { status: 204, after };
  return { status: 200, body: toWire(message), after };
}

export function editWebhookMessage(fake: FakeDiscordServer, { request, params }: RouteContext): RouteResult {
  const found = webhookMessage(fake, params);
  if ('status' in found) return found;
  const { state, message } = found;
  const body = isObject(request.body) ? request.body : {};
  const invalid = validateEdit(fake, message, body, request.files);
  if (invalid) return invalid;
  const wasLoading = (message.flags & 128) !== 0;
  applyBody(fake, message, body, request.files, true);
  message.flags &= ~128;
  if (!wasLoading) message.edited_timestamp = isoNow();
  if (message.id === state.originalMessageId) state.originalEdits += 1;
  storeMessage(fake, message);
  return { status: 200, body: toWire(message), after: () => echoMessage(fake, 'MESSAGE_UPDATE', message) };
}

export function deleteMessage(fake: FakeDiscordServer, message: FakeMessage): () => void {
  fake.state.messages.delete(message.id);
  fake.state.deletedMessages.add(message.id);
  fake.notify();
  return () => echoDelete(fake, message);
}

export function postChannelMessage(fake: FakeDiscordServer, { request, params }: RouteContext): RouteResult {
  const channelId = params.channel ?? '';
  const found = findChannel(fake, channelId);
  if (!found) return error(404, 10003, 'Unknown Channel');
  const body = isObject(request.body) ? request.body : {};
  const invalid = validateCreate(fake, body, [], request.files);
  if (invalid) return invalid;
  const guild = 'guild' in found ? found.guild : null;
  let referenced: FakeMessage | null = null;
  const ref = body.message_reference;
  if (isObject(ref) && (ref.type ?? 0) === 0) {
    const refId = str(ref.message_id) ?? '';
    referenced = fake.state.messages.get(refId) ?? null;
    if (
      !referenced ||
      (ref.channel_id !== undefined && ref.channel_id !== referenced.channel_id) ||
      referenced.channel_id !== channelId
    ) {
      if (ref.fail_if_not_exists !== false) {
        return formError([
          { path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' },
        ]);
      }
      referenced = null;
    }
  }
  const message = newMessage({ channelId, guild, author: fake.botUser, type: referenced ? 19 : 0, flags: 0 });
  if (referenced) {
    message.message_reference = {
      type: 0,
      message_id: referenced.id,
      channel_id: referenced.channel_id,
      ...(referenced.guild_id ? { guild_id: referenced.guild_id } : {}),
    };
    message.referenced_message = referenced;
  }
  applyBody(fake, message, body, request.files, false);
  storeMessage(fake, message);
  return { status: 200, body: toWire(message), after: () => echoMessage(fake, 'MESSAGE_CREATE', message) };
}

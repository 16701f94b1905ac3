import { asArray, isObject, isoNow, type JsonObject } from './json.ts';
import { applyBody, echoMessage, interactionReply, storeMessage, toWire } from './messages.ts';
import type { FakeMessage, InteractionKind, InteractionState } from './records.ts';
import { error, type RouteContext, type RouteResult } from './routes.ts';
import type { FakeDiscordServer } from './server.ts';
import { LIMITS, formError, maxLength, type FormProblem } from './validate.ts';
import { validateCreate, validateEdit } from './validateMessages.ts';

export function interactionMetadata(state: InteractionState): JsonObject {
  const user = isObject(state.payload.member) ? state.payload.member.user : state.payload.user;
  const data = isObject(state.payload.data) ? state.payload.data : {};
  return {
    id: state.id,
    type: state.payload.type,
    user,
    authorizing_integration_owners: state.payload.authorizing_integration_owners,
    ...(state.kind === 'command' ? { name: data.name, command_type: 1 } : {}),
    ...(state.interactedMessageId ? { interacted_message_id: state.interactedMessageId } : {}),
  };
}

export function interactionCallback(fake: FakeDiscordServer, { request, params }: RouteContext): RouteResult {
  const state = fake.state.interactions.get(params.id ?? '');
  if (!state || state.token !== params.token) return error(404, 10062, 'Unknown interaction');
  if (state.acknowledgedAt !== null) return error(400, 40060, 'Interaction has already been acknowledged.');
  const deadline = fake.settings.interactionDeadlineMs;
  if (deadline !== null && Date.now() - state.createdAt > deadline) return error(404, 10062, 'Unknown interaction');
  const body = isObject(request.body) ? request.body : {};
  const type = body.type;
  const data = isObject(body.data) ? body.data : {};
  const allowed: Record<InteractionKind, readonly number[]> = {
    command: [4, 5, 9, 12],
    autocomplete: [8],
    component: [4, 5, 6, 7, 9, 12],
    // A modal cannot answer with another modal.
    modal: [4, 5, 6, 7],
  };
  if (typeof type !== 'number' || !allowed[state.kind].includes(type)) {
    return formError([
      {
        path: ['type'],
        code: 'INTERACTION_RESPONSE_TYPE_INVALID',
        message: `Interaction response type ${String(type)} is invalid for this interaction`,
      },
    ]);
  }
  const guild = state.guildId ? (fake.state.guilds.get(state.guildId) ?? null) : null;
  let message: FakeMessage | null = null;
  let after: (() => void) | undefined;
  switch (type) {
    case 4: {
      const invalid = validateCreate(fake, data, ['data'], request.files);
      if (invalid) return invalid;
      message = interactionReply(fake, state, guild);
      applyBody(fake, message, data, request.files, false);
      break;
    }
    case 5:
      message = interactionReply(fake, state, guild);
      message.flags = ((typeof data.flags === 'number' ? data.flags : 0) & 64) | 128;
      break;
    case 6:
    case 7: {
      const target = state.interactedMessageId ? fake.state.messages.get(state.interactedMessageId) : undefined;
      if (!target) return error(404, 10008, 'Unknown Message');
      if (type === 7) {
        const invalid = validateEdit(fake, target, data, request.files);
        if (invalid) return invalid;
        applyBody(fake, target, data, request.files, true);
        target.edited_timestamp = isoNow();
        after = () => echoMessage(fake, 'MESSAGE_UPDATE', target);
      }
      state.originalMessageId = target.id;
      break;
    }
    case 8: {
      const choices = asArray(data.choices);
      if (fake.settings.validate) {
        const problems: FormProblem[] = [];
        if (choices.length > LIMITS.choices)
          problems.push({
            path: ['data', 'choices'],
            code: 'BASE_TYPE_MAX_LENGTH',
            message: `Must be ${LIMITS.choices} or fewer in length.`,
          });
        choices.forEach((c, i) => {
          if (!isObject(c)) return;
          maxLength(problems, ['data', 'choices', i, 'name'], c.name, LIMITS.choiceName, true);
          if (typeof c.value === 'string')
            maxLength(problems, ['data', 'choices', i, 'value'], c.value, LIMITS.choiceValue);
        });
        if (problems.length > 0) return formError(problems);
      }
      state.choices = choices.filter(isObject);
      break;
    }
    case 9:
      state.modal = data;
      break;
    default:
      break;
  }
  if (message) {
    message.webhook_id = fake.applicationId;
    message.application_id = fake.applicationId;
    message.interaction_metadata = interactionMetadata(state);
    storeMessage(fake, message);
    state.originalMessageId = message.id;
    const created = message;
    after = () => echoMessage(fake, 'MESSAGE_CREATE', created);
  }
  state.acknowledgedAt = Date.now();
  state.responseType = type;
  fake.notify();
  if (request.query.get('with_response') !== 'true') return { status: 204, ...(after ? { after } : {}) };
  const original = state.originalMessageId ? fake.state.messages.get(state.originalMessageId) : undefined;
  return {
    status: 200,
    body: {
      interaction: {
        id: state.id,
        type: state.payload.type,
        ...(original
          ? {
              response_message_id: original.id,
              response_message_loading: (original.flags & 128) !== 0,
              response_message_ephemeral: (original.flags & 64) !== 0,
            }
          : {}),
      },
      resource: {
        type,
        ...(original && (type === 4 || type === 5 || type === 7) ? { message: toWire(original) } : {}),
      },
    },
    ...(after ? { after } : {}),
  };
}

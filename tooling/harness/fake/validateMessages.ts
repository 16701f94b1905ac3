import type { APIAttachment, APIEmbed } from 'discord.js';
import { asArray, isObject, str, type JsonObject } from './json.ts';
import type { FakeMessage, RecordedFile } from './records.ts';
import { error, type RouteResult } from './routes.ts';
import type { FakeDiscordServer } from './server.ts';
import { formError, isEmptyMessage, messageProblems } from './validate.ts';

export function validateCreate(
  fake: FakeDiscordServer,
  body: JsonObject,
  prefix: Array<string | number>,
  files: readonly RecordedFile[],
): RouteResult | null {
  if (!fake.settings.validate) return null;
  const problems = messageProblems(body, prefix);
  if (problems.length > 0) return formError(problems);
  const probe = {
    content: str(body.content) ?? '',
    embeds: asArray(body.embeds) as APIEmbed[],
    components: asArray(body.components).filter(isObject),
    attachments: files.length > 0 ? [{} as APIAttachment] : [],
  };
  if (isEmptyMessage(probe) && asArray(body.sticker_ids).length === 0 && !isObject(body.poll))
    return error(400, 50006, 'Cannot send an empty message');
  return null;
}

export function validateEdit(
  fake: FakeDiscordServer,
  message: FakeMessage,
  body: JsonObject,
  files: readonly RecordedFile[],
): RouteResult | null {
  if (!fake.settings.validate) return null;
  const problems = messageProblems(body, []);
  if (problems.length > 0) return formError(problems);
  const after = {
    content: 'content' in body ? (str(body.content) ?? '') : message.content,
    embeds: Array.isArray(body.embeds) ? (body.embeds as APIEmbed[]) : message.embeds,
    components: Array.isArray(body.components) ? body.components.filter(isObject) : message.components,
    attachments:
      Array.isArray(body.attachments) || files.length > 0
        ? files.length > 0 || asArray(body.attachments).length > 0
          ? [{} as APIAttachment]
          : []
        : message.attachments,
  };
  if (isEmptyMessage(after) && (message.flags & 128) === 0) return error(400, 50006, 'Cannot send an empty message');
  return null;
}

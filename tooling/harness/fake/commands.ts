import { nextSnowflake } from './ids.ts';
import { asArray, isObject, str, type JsonObject } from './json.ts';
import type { RecordedRequest } from './records.ts';
import { error, type RouteResult } from './routes.ts';
import type { FakeDiscordServer } from './server.ts';
import { formError, maxLength, type FormProblem } from './validate.ts';

export function putCommands(
  fake: FakeDiscordServer,
  request: RecordedRequest,
  params: Record<string, string>,
): RouteResult {
  if (params.app !== fake.applicationId) return error(403, 50001, 'Missing Access');
  if (params.guild !== undefined && !fake.state.guilds.has(params.guild)) return error(404, 10004, 'Unknown Guild');
  const body = request.body;
  if (!Array.isArray(body)) return formError([{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }]);
  if (fake.settings.validate) {
    const problems: FormProblem[] = [];
    if (body.length > 100)
      problems.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
    body.forEach((c, i) => {
      if (!isObject(c)) return;
      const name = str(c.name) ?? '';
      const type = typeof c.type === 'number' ? c.type : 1;
      if (type === 1 && !/^[-_'\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u.test(name))
        problems.push({
          path: [i, 'name'],
          code: 'APPLICATION_COMMAND_INVALID_NAME',
          message: 'Command name is invalid',
        });
      if (type === 1) maxLength(problems, [i, 'description'], c.description, 100, true);
      if (asArray(c.options).length > 25)
        problems.push({
          path: [i, 'options'],
          code: 'BASE_TYPE_MAX_LENGTH',
          message: 'Must be 25 or fewer in length.',
        });
    });
    const names = body.filter(isObject).map((c) => `${typeof c.type === 'number' ? c.type : 1}:${String(c.name)}`);
    if (new Set(names).size !== names.length)
      problems.push({
        path: [],
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: 'Application command names must be unique',
      });
    if (problems.length > 0) return formError(problems);
  }
  const key = params.guild ?? 'global';
  const previous = fake.state.commands.get(key) ?? [];
  const commands = body.filter(isObject).map((c) => echoCommand(fake, c, params.guild, previous));
  fake.state.commands.set(key, commands);
  return { status: 200, body: commands };
}

export function echoCommand(
  fake: FakeDiscordServer,
  input: JsonObject,
  guildId: string | undefined,
  previous: readonly JsonObject[],
): JsonObject {
  const existing = previous.find((c) => c.name === input.name && (c.type ?? 1) === (input.type ?? 1));
  return {
    type: 1,
    default_member_permissions: null,
    nsfw: false,
    ...input,
    id: str(existing?.id) ?? nextSnowflake(),
    application_id: fake.applicationId,
    version: nextSnowflake(),
    ...(guildId === undefined ? {} : { guild_id: guildId }),
  };
}

/** Commands registered with PUT/POST (global, or for a guild), as echoed back. */
export function registeredCommands(fake: FakeDiscordServer, guildId?: string): JsonObject[] {
  return fake.state.commands.get(guildId ?? 'global') ?? [];
}

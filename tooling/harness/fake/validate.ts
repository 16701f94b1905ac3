import { asArray, codePoints, isObject, type JsonObject } from './json.ts';
import type { FakeMessage } from './records.ts';
import type { RouteResult } from './routes.ts';

export const LIMITS = {
  content: 2_000,
  embeds: 10,
  embedTotal: 6_000,
  title: 256,
  description: 4_096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footer: 2_048,
  author: 256,
  rows: 5,
  rowItems: 5,
  customId: 100,
  label: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
};

export interface FormProblem {
  path: Array<string | number>;
  code: string;
  message: string;
}

export function formError(problems: readonly FormProblem[]): RouteResult {
  const root: JsonObject = {};
  for (const p of problems) {
    let node = root;
    for (const key of p.path) {
      const next = node[String(key)];
      if (isObject(next)) node = next;
      else {
        const created: JsonObject = {};
        node[String(key)] = created;
        node = created;
      }
    }
    const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : [];
    list.push({ code: p.code, message: p.message });
    node._errors = list;
  }
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: root } };
}

export function maxLength(
  problems: FormProblem[],
  path: Array<string | number>,
  value: unknown,
  max: number,
  required = false,
): number {
  if (typeof value !== 'string') {
    if (required) problems.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
    return 0;
  }
  const n = codePoints(value);
  if (n > max) problems.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  if (required && n === 0) problems.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  return n;
}

/** Discord's length and shape checks for a message body (content, embeds, components, allowed_mentions). */
export function messageProblems(body: JsonObject, prefix: Array<string | number>): FormProblem[] {
  const problems: FormProblem[] = [];
  if ('content' in body && body.content !== null)
    maxLength(problems, [...prefix, 'content'], body.content, LIMITS.content);
  const embeds = body.embeds;
  if (Array.isArray(embeds)) {
    if (embeds.length > LIMITS.embeds)
      problems.push({
        path: [...prefix, 'embeds'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${LIMITS.embeds} or fewer in length.`,
      });
    let total = 0;
    embeds.forEach((embed, i) => {
      if (!isObject(embed)) return;
      const at = [...prefix, 'embeds', i];
      total += maxLength(problems, [...at, 'title'], embed.title, LIMITS.title);
      total += maxLength(problems, [...at, 'description'], embed.description, LIMITS.description);
      const fields = asArray(embed.fields);
      if (fields.length > LIMITS.fields)
        problems.push({
          path: [...at, 'fields'],
          code: 'BASE_TYPE_MAX_LENGTH',
          message: `Must be ${LIMITS.fields} or fewer in length.`,
        });
      fields.forEach((field, j) => {
        if (!isObject(field)) return;
        total += maxLength(problems, [...at, 'fields', j, 'name'], field.name, LIMITS.fieldName, true);
        total += maxLength(problems, [...at, 'fields', j, 'value'], field.value, LIMITS.fieldValue, true);
      });
      const footer = embed.footer;
      if (isObject(footer)) total += maxLength(problems, [...at, 'footer', 'text'], footer.text, LIMITS.footer, true);
      const author = embed.author;
      if (isObject(author)) total += maxLength(problems, [...at, 'author', 'name'], author.name, LIMITS.author, true);
    });
    if (total > LIMITS.embedTotal)
      problems.push({
        path: [...prefix, 'embeds'],
        code: 'MAX_EMBED_SIZE_EXCEEDED',
        message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}`,
      });
  }
  const components = body.components;
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  if (Array.isArray(components) && (flags & (1 << 15)) === 0) {
    if (components.length > LIMITS.rows)
      problems.push({
        path: [...prefix, 'components'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `Must be ${LIMITS.rows} or fewer in length.`,
      });
    const seen = new Set<string>();
    components.forEach((row, i) => {
      const at = [...prefix, 'components', i];
      if (!isObject(row) || row.type !== 1) {
        problems.push({
          path: [...at, 'type'],
          code: 'UNION_TYPE_CHOICES',
          message: 'Value of field "type" must be one of (1,).',
        });
        return;
      }
      const items = asArray(row.components);
      if (items.length === 0 || items.length > LIMITS.rowItems)
        problems.push({
          path: [...at, 'components'],
          code: 'BASE_TYPE_BAD_LENGTH',
          message: `Must be between 1 and ${LIMITS.rowItems} in length.`,
        });
      items.forEach((item, j) => {
        if (!isObject(item)) return;
        const ip = [...at, 'components', j];
        const customId = item.custom_id;
        if (item.type === 2) {
          const style = item.style;
          if (style === 5) {
            if (typeof item.url !== 'string')
              problems.push({ path: [...ip, 'url'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
            if (customId !== undefined)
              problems.push({
                path: [...ip, 'custom_id'],
                code: 'COMPONENT_LINK_BUTTON_CUSTOM_ID',
                message: 'A link button cannot have a custom id',
              });
          } else if (style !== 6) {
            maxLength(problems, [...ip, 'custom_id'], customId, LIMITS.customId, true);
          }
          if ('label' in item) maxLength(problems, [...ip, 'label'], item.label, LIMITS.label);
        } else {
          maxLength(problems, [...ip, 'custom_id'], customId, LIMITS.customId, true);
          if (asArray(item.options).length > 25)
            problems.push({
              path: [...ip, 'options'],
              code: 'BASE_TYPE_MAX_LENGTH',
              message: 'Must be 25 or fewer in length.',
            });
        }
        if (typeof customId === 'string') {
          if (seen.has(customId))
            problems.push({
              path: [...ip, 'custom_id'],
              code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
              message: 'Component custom id cannot be duplicated',
            });
          seen.add(customId);
        }
      });
    });
  }
  const allowed = body.allowed_mentions;
  if (isObject(allowed)) {
    const parse = asArray(allowed.parse);
    if (parse.includes('users') && Array.isArray(allowed.users) && allowed.users.length > 0) {
      problems.push({
        path: [...prefix, 'allowed_mentions'],
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: 'parse:["users"] and users: [ids...] are mutually exclusive.',
      });
    }
    if (parse.includes('roles') && Array.isArray(allowed.roles) && allowed.roles.length > 0) {
      problems.push({
        path: [...prefix, 'allowed_mentions'],
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: 'parse:["roles"] and roles: [ids...] are mutually exclusive.',
      });
    }
  }
  return problems;
}

export function isEmptyMessage(
  message: Pick<FakeMessage, 'content' | 'embeds' | 'components' | 'attachments'>,
): boolean {
  return (
    message.content.trim() === '' &&
    message.embeds.length === 0 &&
    message.components.length === 0 &&
    message.attachments.length === 0
  );
}

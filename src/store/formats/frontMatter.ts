import { isMap, parseDocument, type Document } from 'yaml';
import { UserFacingError } from '../../errors.ts';
import type { Message } from '../../words/index.ts';

/** Front matter split from a Markdown file: the parsed object and the body after it. */
export interface FrontMatter {
  /** The whole parsed YAML mapping (empty when the file has none). */
  meta: Record<string, unknown>;
  body: string;
  /** The front matter's YAML text (between the --- lines), or null when the file has none. */
  yamlText: string | null;
}

const OPEN = '---\n';

/** What a YAML error means for someone writing front matter by hand. */
function describeYamlError(code: string, message: string): Message {
  if (/implicit map key|implicit key/i.test(message) || code === 'BLOCK_AS_IMPLICIT_KEY')
    return { key: 'yaml.notKeyValue', params: {} };
  if (/missing closing.*quote/i.test(message)) return { key: 'yaml.unclosedQuote', params: {} };
  if (code === 'TAB_AS_INDENT') return { key: 'yaml.tabIndent', params: {} };
  return { key: 'yaml.invalid', params: { detail: message.split('\n')[0]! } };
}

/** Every front matter problem has the one code `document.frontMatter`. */
const FRONT_MATTER = { code: 'document.frontMatter' };
const CLOSE_RE = /^(?:---|\.\.\.)[ \t]*$/m;

// A line YAML reads exactly as `key: value` with a string value: a JSON string, or plain text that YAML
// would not read as anything else (no indicator first, no ": " or " #" inside, not a number, bool or null).
const SIMPLE_LINE_RE =
  /^([A-Za-z_][\w-]*):[ \t]*(?:("(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*")|([^-?:,[\]{}#&*!|>'"%@`\s][^\n]*?))?[ \t]*$/;
const PLAIN_UNSAFE_RE =
  /: |:$|[ \t]#|^(?:true|false|yes|no|on|off|null|~|[-+]?(?:\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+|0x[0-9a-f]+|0o[0-7]+|\.inf|\.nan))$/i;

/**
 * The mapping of front matter made only of simple `key: "string"` or `key: text` lines, read without the
 * YAML parser (a third of a millisecond a file, which thousands of small files add up); null when any
 * line needs it. For these lines the result is exactly what YAML gives.
 */
function simpleFrontMatter(yamlText: string): Record<string, unknown> | null {
  const meta: Record<string, unknown> = {};
  for (const line of yamlText.split('\n')) {
    if (line.trim() === '') continue;
    const m = SIMPLE_LINE_RE.exec(line);
    if (!m) return null;
    const key = m[1]!;
    if (key in meta) return null;
    if (m[2] !== undefined) meta[key] = JSON.parse(m[2]) as string;
    else if (m[3] === undefined) meta[key] = null;
    else if (PLAIN_UNSAFE_RE.test(m[3])) return null;
    else meta[key] = m[3];
  }
  return meta;
}

/**
 * Splits YAML front matter (between a first line `---` and a line `---` or `...`) from a Markdown file and
 * parses it with the `yaml` package: lists and nested values are fine, and whatever is wrong — no closing
 * line, bad YAML, something other than `key: value` pairs — is a UserFacingError naming the file's line.
 */
export function parseFrontMatter(source: string): FrontMatter {
  if (!source.startsWith(OPEN)) return { meta: {}, body: source, yamlText: null };
  const rest = source.slice(OPEN.length);
  const close = CLOSE_RE.exec(rest);
  if (close === null) {
    throw new UserFacingError('document.frontMatterUnclosed', {}, FRONT_MATTER);
  }
  const yamlText = rest.slice(0, close.index);
  const afterClose = OPEN.length + close.index + close[0].length;
  const body = source.slice(source[afterClose] === '\n' ? afterClose + 1 : afterClose);
  const simple = simpleFrontMatter(yamlText);
  if (simple !== null) return { meta: simple, body, yamlText };
  const yaml = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: false });
  const error = yaml.errors[0];
  if (error) {
    // The error's offset, kept within the text (an unclosed quote is reported at the very end); the file's
    // line 1 is the opening ---.
    const at = Math.min(error.pos[0], yamlText.trimEnd().length);
    const yamlLine = yamlText.slice(0, at).split('\n').length;
    const text = yamlText.split('\n')[yamlLine - 1]?.trim().slice(0, 60) ?? '';
    const problem = describeYamlError(error.code, error.message);
    throw text
      ? new UserFacingError('document.frontMatterLineAt', { line: yamlLine + 1, problem, text }, FRONT_MATTER)
      : new UserFacingError('document.frontMatterLine', { line: yamlLine + 1, problem }, FRONT_MATTER);
  }
  if (yaml.contents !== null && !isMap(yaml.contents)) {
    throw new UserFacingError('document.frontMatterNotMap', {}, FRONT_MATTER);
  }
  let meta: unknown;
  try {
    meta = yaml.toJS({ maxAliasCount: 50 });
  } catch (err) {
    // An alias expanding past the limit (a "billion laughs" document) or a key that cannot be one.
    throw new UserFacingError('document.frontMatterUnreadable', { detail: (err as Error).message }, FRONT_MATTER);
  }
  return { meta: (meta ?? {}) as Record<string, unknown>, body, yamlText };
}

/** The value of a key, looked up without regard to case (`Title:` and `title:` both count). */
function valueOf(meta: Record<string, unknown>, key: string): unknown {
  if (key in meta) return meta[key];
  const found = Object.keys(meta).find((k) => k.toLowerCase() === key);
  return found === undefined ? undefined : meta[found];
}

/** A scalar value as text; null for an absent, empty or structured value. */
export function textOf(meta: Record<string, unknown>, key: string): string | null {
  const value = valueOf(meta, key);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** A list of words: a YAML list of scalars, or one string with items separated by commas. */
export function listOf(meta: Record<string, unknown>, key: string): string[] {
  const value = valueOf(meta, key);
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\uff0c]/) : [];
  return items
    .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    .map((v) => String(v).trim())
    .filter((v) => v !== '');
}

/** The file with `key: value` set in its front matter (added when there is none), comments kept. */
export function withFrontMatterKey(source: string, key: string, value: string): string {
  const { body, yamlText } = parseFrontMatter(source);
  const doc: Document = parseDocument(yamlText ?? '');
  doc.contents ??= doc.createNode({});
  doc.set(key, value);
  return `---\n${doc.toString({ lineWidth: 0 })}---\n${body}`;
}

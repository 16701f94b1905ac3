import { isMap, parseDocument, type Document } from 'yaml';
import { UserFacingError } from '../../errors.ts';

/** Front matter split from a Markdown file: the parsed object and the body after it. */
export interface FrontMatter {
  /** The whole parsed YAML mapping (empty when the file has none). */
  meta: Record<string, unknown>;
  body: string;
  /** The YAML document, for rewriting the front matter with its comments kept; null when there is none. */
  yaml: Document | null;
}

const OPEN = '---\n';

/** What a YAML error means for someone writing front matter by hand. */
function describeYamlError(code: string, message: string): string {
  if (/implicit map key|implicit key/i.test(message) || code === 'BLOCK_AS_IMPLICIT_KEY')
    return 'is not "key: value" (or a list item of the key above, indented under it)';
  if (/missing closing.*quote/i.test(message)) return 'has an unclosed quote';
  if (code === 'TAB_AS_INDENT') return 'is indented with a tab (YAML needs spaces)';
  return `is not valid YAML (${message.split('\n')[0]!})`;
}
const CLOSE_RE = /^(?:---|\.\.\.)[ \t]*$/m;

/**
 * Splits YAML front matter (between a first line `---` and a line `---` or `...`) from a Markdown file and
 * parses it with the `yaml` package: lists and nested values are fine, and whatever is wrong — no closing
 * line, bad YAML, something other than `key: value` pairs — is a UserFacingError naming the file's line.
 */
export function parseFrontMatter(source: string): FrontMatter {
  if (!source.startsWith(OPEN)) return { meta: {}, body: source, yaml: null };
  const rest = source.slice(OPEN.length);
  const close = CLOSE_RE.exec(rest);
  if (close === null) {
    throw new UserFacingError('document.frontMatter', 'front matter starts with --- but has no closing --- line');
  }
  const yamlText = rest.slice(0, close.index);
  const afterClose = OPEN.length + close.index + close[0].length;
  const body = source.slice(source[afterClose] === '\n' ? afterClose + 1 : afterClose);
  const yaml = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: false });
  const error = yaml.errors[0];
  if (error) {
    // The error's offset, kept within the text (an unclosed quote is reported at the very end); the file's
    // line 1 is the opening ---.
    const at = Math.min(error.pos[0], yamlText.trimEnd().length);
    const yamlLine = yamlText.slice(0, at).split('\n').length;
    const text = yamlText.split('\n')[yamlLine - 1]?.trim().slice(0, 60) ?? '';
    throw new UserFacingError(
      'document.frontMatter',
      `front matter line ${yamlLine + 1} ${describeYamlError(error.code, error.message)}${text ? `: ${text}` : ''}`,
    );
  }
  if (yaml.contents !== null && !isMap(yaml.contents)) {
    throw new UserFacingError('document.frontMatter', 'front matter must be "key: value" lines, not a list or a value');
  }
  let meta: unknown;
  try {
    meta = yaml.toJS({ maxAliasCount: 50 });
  } catch (err) {
    // An alias expanding past the limit (a "billion laughs" document) or a key that cannot be one.
    throw new UserFacingError('document.frontMatter', `front matter cannot be read: ${(err as Error).message}`);
  }
  return { meta: (meta ?? {}) as Record<string, unknown>, body, yaml };
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
  const { body, yaml } = parseFrontMatter(source);
  const doc = yaml ?? parseDocument('');
  if (doc.contents === null) doc.contents = doc.createNode({});
  doc.set(key, value);
  return `---\n${doc.toString({ lineWidth: 0 })}---\n${body}`;
}

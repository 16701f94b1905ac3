import { UserFacingError } from '../errors.ts';

/** The front matter keys a document may set; others are ignored. */
export interface FrontMatter {
  title?: string;
  author?: string;
  publisher?: string;
  url?: string;
  published?: string;
  language?: string;
}

const KEYS = new Set(['title', 'author', 'publisher', 'url', 'published', 'language']);

/**
 * Splits optional YAML-style front matter (`---` lines around `key: value` pairs) from a Markdown body.
 * Only flat scalar values are supported, which is all the corpus format uses; anything else — a line
 * without a colon, an unterminated block, an unclosed quote — is a clear error naming the line.
 */
export function parseFrontMatter(source: string): { meta: FrontMatter; body: string } {
  if (!source.startsWith('---\n')) return { meta: {}, body: source };
  const end = source.indexOf('\n---', 3);
  const close = end < 0 ? null : /^[ \t]*(?:\n|$)/.exec(source.slice(end + 4));
  if (close === null) {
    throw new UserFacingError('document.frontMatter', 'front matter starts with --- but has no closing --- line');
  }
  const meta: Record<string, string> = {};
  const lines = source.slice(4, end + 1).split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!m)
      throw new UserFacingError(
        'document.frontMatter',
        `front matter line ${i + 2} is not "key: value": ${line.slice(0, 60)}`,
      );
    const key = m[1]!.toLowerCase();
    let value = m[2]!.trim();
    const quote = value[0];
    if (quote === '"' || quote === "'") {
      if (value.length < 2 || value.at(-1) !== quote) {
        throw new UserFacingError('document.frontMatter', `front matter line ${i + 2} has an unclosed quote`);
      }
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\"/g, '"');
    }
    if (KEYS.has(key) && value !== '') meta[key] = value;
  });
  const bodyStart = end + 4 + close[0].length;
  return { meta: meta as FrontMatter, body: source.slice(bodyStart) };
}

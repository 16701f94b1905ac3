/**
 * Control characters (newlines, tabs, escapes) and bidirectional-text controls (which can make
 * "evil‮txt.md" read as "evilmd.txt") as visible escapes, e.g. `\n`, `\u202E`: a file name as it is
 * shown to a moderator, in Discord and in the CLI. Everything else is left as it is.
 */
export function displaySafe(name: string): string {
  return name.replace(/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

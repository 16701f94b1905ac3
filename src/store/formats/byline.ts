// A Chinese news byline: "文|光锥智能,作者|郝鑫".
const BYLINE_RE = /^文\s*[|\uff5c丨]\s*([^,\uff0c]+?)\s*[,\uff0c]\s*作者\s*[|\uff5c丨]\s*(.+?)\s*$/;

/** The publisher and author a first line names as a Chinese news byline, or null. */
export function bylineOf(line: string): { publisher: string; author: string } | null {
  const m = BYLINE_RE.exec(line.trim());
  return m ? { publisher: m[1]!, author: m[2]! } : null;
}

/** The first line of `text` that is not blank, trimmed, with its offset; null when there is none. */
export function firstLine(text: string): { line: string; start: number } | null {
  const m = /\S[^\n]*/.exec(text);
  return m ? { line: m[0].trim(), start: m.index } : null;
}

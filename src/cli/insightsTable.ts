import type { Insights } from '../observe/insights.ts';

/** Member text on one terminal line: control characters (escape sequences) removed, whitespace collapsed. */
function oneLine(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Numbers right-aligned in fixed columns, the free text last, so wide (CJK) characters never skew a column. */
function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: ReadonlyArray<string | number>): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? String(c) : String(c).padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].map((l) => `  ${l}`);
}

const pct = (share: number): string => `${Math.round(share * 100)}%`;
const day = (d: Date): string => d.toISOString().slice(0, 16).replace('T', ' ');

/** Insights as a plain-text report for a terminal (`npm run insights`). */
export function renderInsightsTable(i: Insights, source: string): string {
  const out = [
    `${source} · last ${i.days} day${i.days === 1 ? '' : 's'} (${day(i.from)} → ${day(i.to)} UTC)`,
    `questions ${i.questions} · members ${i.askers} · answered ${i.answeredShare === null ? '–' : pct(i.answeredShare)} · votes up ${i.votes.up}, down ${i.votes.down}`,
  ];
  if (i.questions === 0) return [...out, '', 'No questions in this period.'].join('\n');
  out.push('', 'Not answered, most asked first');
  out.push(
    ...(i.topUnanswered.length === 0
      ? ['  (every question was answered)']
      : table(
          ['times', 'members', 'question'],
          i.topUnanswered.map((g) => [g.count, g.askers, oneLine(g.example)]),
        )),
  );
  out.push('', 'Most asked');
  out.push(
    ...table(
      ['times', 'members', 'answered', 'question'],
      i.topAsked.map((g) => [g.count, g.askers, pct(g.answered / g.count), oneLine(g.example)]),
    ),
  );
  if (i.mostDownvoted.length > 0) {
    out.push('', 'Passages in answers voted down');
    out.push(
      ...table(
        ['down', 'up', 'passage'],
        i.mostDownvoted.map((p) => [p.down, p.up, oneLine(p.passageId)]),
      ),
    );
  }
  return out.join('\n');
}

import type { Insights, QuestionGroup } from '../observe/insights.ts';
import type { RecordedMove } from '../observe/voteBook.ts';
import type { Lang } from './i18n.ts';
import { MAX_CONTENT_LENGTH } from './limits.ts';
import { truncateMarkdown } from './payload.ts';
import { escapeForDiscord, truncate } from './safeText.ts';

/** Entries per ranking, and characters per quoted question or passage id: every line stays one line on a phone. */
export const INSIGHTS_TOP = 5;
const MAX_ITEM_CHARS = 60;

const percent = (share: number): string => `${Math.round(share * 100)}%`;
/** Member text, shortened then escaped (so a cut never lands inside an escape), on one line. */
const quote = (text: string): string => escapeForDiscord(truncate(text.replace(/\s+/g, ' ').trim(), MAX_ITEM_CHARS));

const WORDS = {
  en: {
    head: (i: Insights) =>
      `📊 **Last ${i.days} day${i.days === 1 ? '' : 's'}**: ${i.questions} question${i.questions === 1 ? '' : 's'} from ${i.askers} member${i.askers === 1 ? '' : 's'} · ${percent(i.answeredShare ?? 0)} answered · 👍 ${i.votes.up} · 👎 ${i.votes.down}`,
    none: (days: number) => `📊 No questions in the last ${days} day${days === 1 ? '' : 's'}.`,
    unanswered: '**Not answered**, most asked first',
    asked: '**Most asked**',
    downvoted: '**Passages with the most 👎**',
    members: (n: number) => `${n} member${n === 1 ? '' : 's'}`,
    answered: (g: QuestionGroup) => `${percent(g.answered / g.count)} answered`,
    up: (n: number) => `👍 ${n}`,
  },
  zh: {
    head: (i: Insights) =>
      `📊 **最近 ${i.days} 天**:${i.questions} 个问题,来自 ${i.askers} 位成员 · 已回答 ${percent(i.answeredShare ?? 0)} · 👍 ${i.votes.up} · 👎 ${i.votes.down}`,
    none: (days: number) => `📊 最近 ${days} 天没有人提问。`,
    unanswered: '**未能回答**(按次数排序)',
    asked: '**最常问**',
    downvoted: '**👎 最多的段落**',
    members: (n: number) => `${n} 位成员`,
    answered: (g: QuestionGroup) => `已回答 ${percent(g.answered / g.count)}`,
    up: (n: number) => `👍 ${n}`,
  },
} as const;

/**
 * Insights as a short Discord message: a headline, then each ranking as "`12×` question · detail"
 * lines. Member text is escaped; the whole stays within the content limit.
 */
export function renderInsights(insights: Insights, lang: Lang): string {
  const w = WORDS[lang === 'en' ? 'en' : 'zh'];
  if (insights.questions === 0 && insights.votes.up + insights.votes.down === 0) return w.none(insights.days);
  const lines: string[] = [w.head(insights)];
  const section = <T>(title: string, items: readonly T[], line: (item: T) => string): void => {
    if (items.length === 0) return;
    lines.push('', title, ...items.slice(0, INSIGHTS_TOP).map(line));
  };
  section(w.unanswered, insights.topUnanswered, (g) => `\`${g.count}×\` ${quote(g.example)} · ${w.members(g.askers)}`);
  section(w.asked, insights.topAsked, (g) => `\`${g.count}×\` ${quote(g.example)} · ${w.answered(g)}`);
  section(w.downvoted, insights.mostDownvoted, (p) => `\`${p.down}×\` ${quote(p.passageId)} · ${w.up(p.up)}`);
  return truncateMarkdown(lines.join('\n'), MAX_CONTENT_LENGTH);
}

/** Why there is nothing to show: the log is off, or it could not be read. */
export function insightsUnavailable(reason: 'off' | 'unreadable', lang: Lang): string {
  if (reason === 'off') {
    return lang !== 'en'
      ? '提问记录已关闭(QUERY_LOG=off),没有可显示的统计。'
      : 'The query log is off (QUERY_LOG=off): there is nothing to show.';
  }
  return lang !== 'en'
    ? '提问记录暂时无法读取,详情见机器人的日志。'
    : 'The query log cannot be read right now: the bot’s log says why.';
}

/**
 * The passages members' votes moved in this server (since the bot started), newest first: "question ·
 * `id` 1 → 2 (👎 2)". Empty when nothing moved.
 */
export function renderVoteMoves(moves: readonly RecordedMove[], lang: Lang): string {
  if (moves.length === 0) return '';
  const title = lang !== 'en' ? '**投票调整的段落**(自启动以来)' : '**Moved by votes** (since the bot started)';
  const lines = moves.slice(0, INSIGHTS_TOP).map((m) => {
    const votes = m.net < 0 ? `👎 ${-m.net}` : `👍 ${m.net}`;
    return `${quote(m.question)} · \`${truncate(m.id, MAX_ITEM_CHARS)}\` ${m.from} → ${m.to} (${votes})`;
  });
  return [title, ...lines].join('\n');
}

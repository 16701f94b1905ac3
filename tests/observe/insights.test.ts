import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderInsightsTable } from '../../src/cli/insightsTable.ts';
import { renderInsights } from '../../src/discord/insightsView.ts';
import { MAX_CONTENT_LENGTH } from '../../src/discord/limits.ts';
import type { Insights } from '../../src/observe/insights.ts';
import { questionKey } from '../../src/observe/questionKey.ts';
import { QueryLog } from '../../src/observe/queryLog.ts';
import { capturedLogger, feedbackEvent, questionEvent, tempDataDir } from './helpers.ts';

const DAY = 86_400_000;
const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const user = (n: number): string => `2000000000000000${String(n).padStart(2, '0')}`;

describe('questionKey: which questions count as the same', () => {
  it('groups wordings that differ only in question words, particles, punctuation, width and script', () => {
    expect(questionKey('光年之外估值?')).toBe(questionKey('光年之外的估值是多少'));
    expect(questionKey('光年之外估值?')).toBe(questionKey('光年之外的估值是多少？'));
    expect(questionKey('Who founded 商汤科技?')).toBe(questionKey('who founded 商汤科技'));
    expect(questionKey('王慧文是谁')).toBe(questionKey('谁是王慧文'));
    expect(questionKey('賈揚清在哪裡宣布離職')).toBe(questionKey('贾扬清在哪里宣布离职'));
  });

  it('keeps different questions apart', () => {
    expect(questionKey('光年之外估值?')).not.toBe(questionKey('商汤科技估值?'));
  });

  it('falls back to the bare text when a question has no content words', () => {
    expect(questionKey('???')).toBe('');
    expect(questionKey('什么?')).toBe(questionKey('什么'));
  });
});

describe('insights on a seeded log', () => {
  let data: ReturnType<typeof tempDataDir>;
  let log: QueryLog;
  const now = Date.UTC(2025, 5, 30, 12);
  let clock = now;

  beforeEach(() => {
    data = tempDataDir();
    log = QueryLog.open({
      dataDir: data.dir,
      retentionDays: 90,
      logger: capturedLogger().logger,
      flushEveryMs: 0,
      now: () => clock,
    });
    const ask = (
      question: string,
      userNo: number,
      answered: boolean,
      over: Parameters<typeof questionEvent>[0] = {},
    ): void =>
      log.recordQuestion(
        questionEvent({
          question,
          userId: user(userNo),
          guildId: GUILD,
          passages: answered ? ['ai.md#p5'] : [],
          ...over,
        }),
      );
    clock = now - 10 * DAY; // outside a 7-day period
    for (let i = 0; i < 10; i++) ask('十天前的问题', 9, false);
    clock = now - DAY;
    // Two wordings of one unanswered question, by three members (one of them asks twice).
    ask('光年之外估值?', 1, false);
    ask('光年之外估值?', 2, false);
    ask('光年之外估值?', 2, false);
    ask('光年之外的估值是多少', 3, false);
    ask('光年之外的估值是多少', 3, false);
    // Asked as often, by more members, and mostly answered.
    for (const n of [1, 2, 3, 4]) ask('Who founded 商汤科技?', n, true);
    ask('who founded 商汤科技', 5, false);
    ask('2022 世界杯冠军是谁', 4, false);
    ask('2022 世界杯冠军是谁', 4, false);
    // Another server's and a DM's questions: never in this server's /insights.
    for (let i = 0; i < 6; i++) ask('别的服务器的问题', 6, false, { guildId: OTHER_GUILD });
    ask('私信里的问题', 7, false, { guildId: null, path: 'dm' });
    // 👎 on an answer that showed p5 and p6 (two members), on one that showed p5, 👍 on one that showed p6.
    log.recordFeedback(
      feedbackEvent({ userId: user(1), messageId: '300000000000000001', passageIds: ['ai.md#p5', 'ai.md#p6'] }),
    );
    log.recordFeedback(
      feedbackEvent({ userId: user(2), messageId: '300000000000000001', passageIds: ['ai.md#p5', 'ai.md#p6'] }),
    );
    log.recordFeedback(feedbackEvent({ userId: user(1), messageId: '300000000000000002', passageIds: ['ai.md#p5'] }));
    log.recordFeedback(
      feedbackEvent({ userId: user(3), messageId: '300000000000000003', passageIds: ['ai.md#p6'], vote: 'up' }),
    );
    log.recordFeedback(
      feedbackEvent({
        userId: user(6),
        guildId: OTHER_GUILD,
        messageId: '300000000000000004',
        passageIds: ['other.md#p1'],
      }),
    );
    clock = now;
  });
  afterEach(() => {
    log.close();
    data.cleanup();
  });

  const insights = (over: { guildId?: string; days?: number } = {}): Insights => {
    const got = log.insights({ days: 7, ...over });
    if (!got) throw new Error('the log is not readable');
    return got;
  };

  it('counts the questions of the period in this server, and the share answered', () => {
    const i = insights({ guildId: GUILD });
    expect(i).toMatchObject({ days: 7, questions: 12, answered: 4, askers: 5, votes: { up: 1, down: 3 } });
    expect(i.answeredShare).toBeCloseTo(4 / 12);
  });

  it('ranks unanswered questions by how often they went unanswered, wordings grouped, most common wording shown', () => {
    expect(
      insights({ guildId: GUILD }).topUnanswered.map(({ example, count, askers }) => ({ example, count, askers })),
    ).toEqual([
      { example: '光年之外估值?', count: 5, askers: 3 },
      { example: '2022 世界杯冠军是谁', count: 2, askers: 1 },
      // Only the time it went unanswered counts here: that wording, that member.
      { example: 'who founded 商汤科技', count: 1, askers: 1 },
    ]);
  });

  it('ranks the most asked by count, then by how many members asked (a tie of 5: 5 members beat 3)', () => {
    expect(
      insights({ guildId: GUILD }).topAsked.map(({ example, count, answered, askers }) => ({
        example,
        count,
        answered,
        askers,
      })),
    ).toEqual([
      { example: 'Who founded 商汤科技?', count: 5, answered: 4, askers: 5 },
      { example: '光年之外估值?', count: 5, answered: 0, askers: 3 },
      { example: '2022 世界杯冠军是谁', count: 2, answered: 0, askers: 1 },
    ]);
  });

  it('ranks passages by the 👎 on answers that showed them', () => {
    expect(insights({ guildId: GUILD }).mostDownvoted).toEqual([
      { passageId: 'ai.md#p5', down: 3, up: 0 },
      { passageId: 'ai.md#p6', down: 2, up: 1 },
    ]);
  });

  it('without a server (the operator CLI) includes every server, DMs, and a longer period', () => {
    const all = insights({ days: 30 });
    expect(all.questions).toBe(12 + 6 + 1 + 10);
    expect(all.topUnanswered[0]).toMatchObject({ example: '十天前的问题', count: 10 });
    expect(all.mostDownvoted.map((p) => p.passageId)).toContain('other.md#p1');
  });

  it('renders for Discord: short escaped lines within the content limit', () => {
    const text = renderInsights(insights({ guildId: GUILD }), 'en');
    expect(text.split('\n')[0]).toBe('📊 **Last 7 days**: 12 questions from 5 members · 33% answered · 👍 1 · 👎 3');
    expect(text).toContain('`5×` 光年之外估值? · 3 members');
    expect(text).toContain('`3×` ai.md\\#p5 · 👍 0');
    expect(renderInsights(insights({ guildId: GUILD }), 'zh-CN')).toContain('**未能回答**');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
  });

  it('renders for the terminal as a table', () => {
    const table = renderInsightsTable(insights({ guildId: GUILD }), 'data/query-log.sqlite');
    expect(table).toContain('questions 12 · members 5 · answered 33% · votes up 1, down 3');
    expect(table).toMatch(/times {2}members {2}question\n {6}5 {8}3 {2}光年之外估值\?/);
  });
});

describe('renderInsights: hostile and huge input', () => {
  const group = (example: string, count: number) => ({ key: example, example, count, answered: 0, askers: 1 });
  const base: Insights = {
    days: 7,
    from: new Date(0),
    to: new Date(0),
    questions: 1,
    answered: 0,
    answeredShare: 0,
    askers: 1,
    votes: { up: 0, down: 0 },
    topUnanswered: [],
    topAsked: [],
    mostDownvoted: [],
  };

  it('escapes mentions and Markdown in member text', () => {
    const text = renderInsights({ ...base, topUnanswered: [group('@everyone **look** <@123>', 1)] }, 'en');
    expect(text).not.toContain('@everyone');
    expect(text).toContain('\\*\\*look\\*\\*');
  });

  it('stays within 2,000 characters whatever it is given', () => {
    const long = '*'.repeat(500);
    const many = Array.from({ length: 50 }, (_, i) => group(`${long}${i}`, i + 1));
    const text = renderInsights(
      {
        ...base,
        topUnanswered: many,
        topAsked: many,
        mostDownvoted: many.map((g) => ({ passageId: g.example, down: 1, up: 0 })),
      },
      'en',
    );
    expect(text.length).toBeLessThanOrEqual(MAX_CONTENT_LENGTH);
  });

  it('says so when nothing was asked', () => {
    expect(renderInsights({ ...base, questions: 0, askers: 0, answeredShare: null }, 'en')).toBe(
      '📊 No questions in the last 7 days.',
    );
  });
});

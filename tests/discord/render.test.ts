import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasLoneSurrogate, isHigh, isLow } from '../support/unicode.ts';
import { sentenceEnds } from '../../src/engine/passages.ts';
import type { Answer, AnswerPassage } from '../../src/engine/types.ts';
import { decodeAction, encodeAction, passageRef, refMatches, type ButtonAction } from '../../src/discord/customIds.ts';
import {
  MAX_BUTTON_LABEL,
  MAX_CONTENT_LENGTH,
  MAX_CUSTOM_ID,
  MAX_EMBEDS,
  MAX_EMBEDS_TOTAL,
  MAX_EMBED_AUTHOR,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FOOTER,
  MAX_EMBED_TITLE,
} from '../../src/discord/limits.ts';
import {
  NO_MENTIONS,
  embedLength,
  fitPayload,
  truncateMarkdown,
  type ReplyPayload,
} from '../../src/discord/payload.ts';
import {
  QUESTION_MARK,
  notice,
  questionFromEmbeds,
  quotePassage,
  renderAnswer,
  renderSource,
} from '../../src/discord/render.ts';
import { defuseMentions, escapeForDiscord, isSafeCut, truncate } from '../../src/discord/safeText.ts';
import { seededRandom } from '../../tooling/lib/random.ts';

// Formatting for Discord at its limits, as pure functions: no client, no fake server. The checks read
// the rendered Markdown back with a small parser of their own (below) rather than trusting the
// renderer's idea of what it wrote.

// ---------------------------------------------------------------------------------------------
// Reading rendered Markdown back

/** Characters escapeForDiscord puts a backslash before. */
const MARKDOWN_CHARS = new Set(Array.from('\\*_~`|>#[]()<-'));

interface Parsed {
  /** Runs of literal text, split at "**" markers, unescaped (and "@\u200b" back to "@"). */
  segments: Array<{ bold: boolean; text: string }>;
  /** How many "**" markers (unescaped) the text has: odd means a bold left open. */
  markers: number;
  /** The text ends in a backslash that escapes nothing. */
  dangling: boolean;
  /** Positions of Markdown characters not escaped (other than the "**" markers). */
  rawSpecials: number[];
}

/** Reads rendered Markdown the way Discord does for the constructs the renderer uses: "\x" and "**". */
function parseRendered(md: string): Parsed {
  const segments: Parsed['segments'] = [];
  const rawSpecials: number[] = [];
  let bold = false;
  let text = '';
  let markers = 0;
  let dangling = false;
  const flush = (): void => {
    segments.push({ bold, text: text.replace(/@\u200b/g, '@') });
    text = '';
  };
  for (let i = 0; i < md.length;) {
    const c = md[i]!;
    if (c === '\\') {
      if (i + 1 >= md.length) {
        dangling = true;
        i += 1;
      } else {
        text += md[i + 1]!;
        i += 2;
      }
    } else if (c === '*' && md[i + 1] === '*') {
      flush();
      bold = !bold;
      markers += 1;
      i += 2;
    } else {
      if (MARKDOWN_CHARS.has(c)) rawSpecials.push(i);
      text += c;
      i += 1;
    }
  }
  flush();
  return { segments: segments.filter((s, i) => s.text !== '' || i === 0), markers, dangling, rawSpecials };
}

/** Inverse of escapeForDiscord: the text a reader sees. */
function unescapeDiscord(md: string): string {
  return parseRendered(md)
    .segments.map((s) => s.text)
    .join('');
}

/** A rendered quote (">>> " + before + **best** + after), read back. */
function readQuote(md: string): { before: string; best: string; after: string; parsed: Parsed } {
  expect(md.startsWith('>>> ')).toBe(true);
  const parsed = parseRendered(md.slice(4));
  const texts = parsed.segments;
  // Segments alternate plain / bold / plain when there is one bold run.
  const boldAt = texts.findIndex((s) => s.bold);
  if (boldAt < 0) return { before: texts.map((s) => s.text).join(''), best: '', after: '', parsed };
  return {
    before: texts
      .slice(0, boldAt)
      .map((s) => s.text)
      .join(''),
    best: texts[boldAt]!.text,
    after: texts
      .slice(boldAt + 1)
      .map((s) => s.text)
      .join(''),
    parsed,
  };
}

const LATIN = /[\p{L}\p{N}]/u;
const HAN = /\p{sc=Han}/u;
const isLatin = (c: string | undefined): boolean => c !== undefined && LATIN.test(c) && !HAN.test(c);

/** Cutting `text` at `i` would split a Latin word or a surrogate pair (our own oracle, not isSafeCut). */
function splitsWordOrPair(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return false;
  if (isHigh(text.charCodeAt(i - 1)) && isLow(text.charCodeAt(i))) return true;
  return isLatin(text[i - 1]) && isLatin(text[i]);
}

/** Whether text[i] is indentation: a space or tab with only spaces or tabs back to a line start (or the text's start). */
function isIndent(text: string, i: number): boolean {
  if (text[i] !== ' ' && text[i] !== '\t') return false;
  for (let k = i - 1; k >= 0; k--) {
    if (text[k] === '\n') return true;
    if (text[k] !== ' ' && text[k] !== '\t') return false;
  }
  return true;
}

/**
 * Matches `shown` against `text` from offset `from`, forwards or backwards, letting the text have
 * indentation the quote does not show (plain text is quoted without its lines' indentation); returns
 * the offset where the match ends, or -1 when the quote is not the text.
 */
function matchShown(text: string, from: number, shown: string, forward: boolean): number {
  let i = from;
  let j = forward ? 0 : shown.length - 1;
  while (forward ? j < shown.length : j >= 0) {
    const at = forward ? i : i - 1;
    if (text[at] === shown[j]) {
      i += forward ? 1 : -1;
      j += forward ? 1 : -1;
    } else if (at >= 0 && at < text.length && isIndent(text, at)) i += forward ? 1 : -1;
    else return -1;
  }
  return i;
}

/**
 * The verbatim piece of `text` a quote shows: before + best + after without the "…" marks, and where it
 * starts. Verbatim but for indentation: lines show without it.
 */
function locateQuote(
  text: string,
  best: { start: number; end: number },
  q: { before: string; best: string; after: string },
): { start: number; end: number; whole: boolean } {
  const before =
    q.before.startsWith('…') && matchShown(text, best.start, q.before, false) < 0 ? q.before.slice(1) : q.before;
  // A quote that opens with its bold sentence shows it without the whitespace it starts with.
  let from = best.start;
  if (before === '') while (from < best.end && /\s/u.test(text[from]!) && text[from] !== q.best[0]) from++;
  const bestEnd = matchShown(text, from, q.best, true);
  const after =
    q.after.endsWith('…') && (bestEnd < 0 || matchShown(text, bestEnd, q.after, true) < 0)
      ? q.after.slice(0, -1)
      : q.after;
  let bestText = q.best;
  if (bestEnd !== best.end) {
    // A sentence longer than the whole budget is itself cut: a prefix of it and "…".
    expect(bestText.endsWith('…')).toBe(true);
    bestText = bestText.slice(0, -1);
    expect(matchShown(text, best.start, bestText, true)).toBeGreaterThanOrEqual(0);
    expect(before).toBe('');
    expect(after).toBe('');
  }
  const start = before === '' ? from : matchShown(text, best.start, before, false);
  const middle = matchShown(text, from, bestText, true);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(middle).toBeGreaterThanOrEqual(0);
  const end = matchShown(text, middle, after, true);
  expect(end).toBeGreaterThanOrEqual(0);
  return { start, end, whole: bestEnd === best.end };
}

// ---------------------------------------------------------------------------------------------
// Building answers by hand

// Passages of a plain-text document: their text is escaped whole (Markdown documents render theirs,
// tests/discord/markdownQuote.test.ts).
function passage(
  text: string,
  best: { start: number; end: number },
  rank = 1,
  citation: Partial<AnswerPassage['citation']> = {},
): AnswerPassage {
  return {
    rank,
    score: 1,
    coverage: 1,
    id: `doc.txt#p${rank}`,
    text,
    bestSentence: best,
    highlights: [],
    citation: {
      docId: 'doc.txt',
      title: 'A document',
      author: null,
      section: null,
      paragraphs: [rank, rank],
      url: null,
      ...citation,
    },
  };
}

function answerOf(passages: AnswerPassage[], question = 'What does the corpus say?'): Answer {
  return { question, answered: passages.length > 0, tookMs: 1, passages, terms: ['corpus'], matchedTerms: ['corpus'] };
}

/** The sentences of a text as the engine sees them (leading white space not part of a sentence). */
function sentencesOf(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (const end of sentenceEnds(text)) {
    let s = start;
    while (s < end && /\s/.test(text[s]!)) s++;
    if (s < end) out.push({ start: s, end });
    start = end;
  }
  return out;
}

const EMOJI = ['😀', '🎉', '👍', '𠀀', '𝒜', '👩‍💻', '🇨🇳'];
const CJK = '贾扬清王慧文李开复光年之外大模型创业人工智能公司宣布离职估值美元芯片';

/** A huge passage: Latin words, CJK runs, emoji (surrogate pairs), sentence ends, Markdown and mentions. */
function hugePassage(chars: number, seed: number, extras: readonly string[] = []): string {
  const rand = seededRandom(seed); // the same huge passages every run
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const r = rand();
    let piece: string;
    if (r < 0.35)
      piece = `${Array.from({ length: 2 + Math.floor(rand() * 9) }, () => String.fromCharCode(97 + Math.floor(rand() * 26))).join('')} `;
    else if (r < 0.7) piece = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(Array.from(CJK))).join('');
    else if (r < 0.8) piece = pick(EMOJI);
    else if (r < 0.9) piece = pick(['. ', '。', '!', '? ', ',', '、']);
    else
      piece =
        extras.length > 0 && rand() < 0.5 ? pick(extras) : pick(['GPT-4 ', 'H100 ', '2023年', '36.60元', 'AI 2.0 ']);
    parts.push(piece);
    length += piece.length;
  }
  return parts.join('');
}

const HOSTILE_MARKDOWN = [
  '**bold** ',
  '__under__ ',
  '~~strike~~ ',
  '||spoiler|| ',
  '`code` ',
  '```js\nalert(1)\n``` ',
  '\n> quoted ',
  '\n# Heading\n',
  '[text](https://evil.example) ',
  '[masked](<https://evil.example>) ',
  '\\ ',
  '-# subtext ',
];
const HOSTILE_MENTIONS = [
  '@everyone ',
  '@here ',
  '<@&123456789012345678> ',
  '<@123456789012345678> ',
  '<@!123456789012345678> ',
  '<#123456789012345678> ',
];

/** No mention that Discord would render survives. */
const RAW_MENTION = /@(?:everyone|here)|<@[!&]?\d|<#\d/;

function expectWithinLimits(payload: ReplyPayload): void {
  expect(payload.content?.length ?? 0).toBeLessThanOrEqual(MAX_CONTENT_LENGTH);
  expect(payload.embeds.length).toBeLessThanOrEqual(MAX_EMBEDS);
  let total = 0;
  for (const e of payload.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(MAX_EMBED_TITLE);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(MAX_EMBED_FOOTER);
    expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(MAX_EMBED_AUTHOR);
    total += embedLength(e);
  }
  expect(total).toBeLessThanOrEqual(MAX_EMBEDS_TOTAL);
}

// ---------------------------------------------------------------------------------------------

describe('a huge passage', () => {
  const text = hugePassage(12_000, 1, [...HOSTILE_MARKDOWN, ...HOSTILE_MENTIONS]);
  const sentences = sentencesOf(text);
  // A best sentence in the middle, one at the start, one at the end.
  const picks = [sentences[Math.floor(sentences.length / 2)]!, sentences[0]!, sentences.at(-1)!];

  it('is what the test means by huge: over 10,000 characters of Latin, CJK and surrogate pairs', () => {
    expect(text.length).toBeGreaterThan(10_000);
    expect(text).toMatch(/\p{sc=Han}/u);
    expect(text).toMatch(/[a-z]{3}/);
    expect(text).toMatch(/[\ud800-\udbff][\udc00-\udfff]/);
    expect(hasLoneSurrogate(text)).toBe(false);
  });

  for (const [name, best] of [
    ['middle', picks[0]!],
    ['first', picks[1]!],
    ['last', picks[2]!],
  ] as const) {
    it(`quotes it within budget, cut at safe places, the ${name} sentence bold and verbatim`, () => {
      for (const budget of [1_000, 520, 200, 4_096]) {
        const md = quotePassage(passage(text, best), budget);
        expect(md.length, `budget ${budget}`).toBeLessThanOrEqual(budget);
        const q = readQuote(md);
        expect(q.parsed.markers).toBe(2);
        expect(q.parsed.dangling).toBe(false);
        // Only the quote's own Markdown is live: everything from the corpus is escaped.
        expect(q.parsed.rawSpecials).toEqual([]);
        expect(q.best).toBe(text.slice(best.start, best.end));
        const { start, end } = locateQuote(text, best, q);
        expect(
          splitsWordOrPair(text, start),
          `starts inside a word: ${JSON.stringify(text.slice(start - 5, start + 5))}`,
        ).toBe(false);
        expect(splitsWordOrPair(text, end), `ends inside a word: ${JSON.stringify(text.slice(end - 5, end + 5))}`).toBe(
          false,
        );
        expect(hasLoneSurrogate(q.before + q.best + q.after)).toBe(false);
        expect(md).not.toMatch(RAW_MENTION);
        // It quotes a good share of the budget, not a sliver.
        expect(md.length).toBeGreaterThan(budget * 0.4);
      }
    });
  }

  it('a best sentence longer than the budget is itself cut at a safe place, still bold, ending in "…"', () => {
    const long = `${'word '.repeat(400)}😀${'汉字'.repeat(300)}。`;
    const full = `Intro. ${long} Outro.`;
    const best = { start: 7, end: 7 + long.length };
    const md = quotePassage(passage(full, best), 500);
    expect(md.length).toBeLessThanOrEqual(500);
    const q = readQuote(md);
    expect(q.parsed.markers).toBe(2);
    expect(q.best.endsWith('…')).toBe(true);
    const shown = q.best.slice(0, -1);
    expect(long.startsWith(shown)).toBe(true);
    expect(splitsWordOrPair(long, shown.length)).toBe(false);
  });

  it('a passage that fits is quoted whole', () => {
    const small = 'First sentence. The **best** one here. Last.';
    const md = quotePassage(passage(small, { start: 16, end: 38 }), 1_000);
    expect(md).toBe('>>> First sentence. **The \\*\\*best\\*\\* one here.** Last.');
  });

  it('a wrapped, indented plain-text passage is shown without its indentation, its sentence whole across lines', () => {
    const wrapped = '       读取每个文件，把条目整理成一行\n       一个。没有文件时，读取标准\n       输入。';
    const ends = sentenceEnds(wrapped, true);
    const best = { start: 0, end: ends[0]! };
    expect(wrapped.slice(best.start, best.end)).toContain('一个。');
    const md = quotePassage(passage(wrapped, best), 1_000);
    expect(md).toBe('>>> **读取每个文件，把条目整理成一行\n一个。**没有文件时，读取标准\n输入。');
  });

  it('a long Latin word is never split: the quote stops before it', () => {
    const word = 'Pneumonoultramicroscopicsilicovolcanoconiosis';
    const t = `Best sentence here. ${`${word} `.repeat(60)}`;
    const md = quotePassage(passage(t, { start: 0, end: 19 }), 300);
    const q = readQuote(md);
    const after = q.after.replace(/…$/, '');
    expect(
      after
        .trim()
        .split(/\s+/)
        .every((w) => w === word),
    ).toBe(true);
  });
});

describe('many results', () => {
  const longTitle = `Title ${'标题'.repeat(200)} @everyone`;
  const manyHuge = (count: number): Answer =>
    answerOf(
      Array.from({ length: count }, (_, i) => {
        const text = hugePassage(10_500, 100 + i, HOSTILE_MARKDOWN);
        const sentences = sentencesOf(text);
        return passage(text, sentences[Math.floor(sentences.length / 3)]!, i + 1, {
          title: longTitle,
          section: `Section ${'节'.repeat(100)}`,
          url: 'https://example.com/doc',
        });
      }),
      `${'长问题'.repeat(90)}?`,
    );

  it('5 passages × 10,000+ characters fit Discord: each description ≤ 4,096, all embeds ≤ 6,000, ≤ 10 embeds', () => {
    for (const view of [
      { lang: 'en' as const, ephemeral: false },
      { lang: 'zh-CN' as const, ephemeral: true, addressee: '500000000000000006', header: 'Shared by someone' },
    ]) {
      const payload = renderAnswer(manyHuge(5), view);
      expectWithinLimits(payload);
      expect(payload.embeds).toHaveLength(5);
      for (const e of payload.embeds) {
        const parsed = parseRendered(e.description!.slice(4));
        expect(parsed.dangling).toBe(false);
        expect(parsed.markers % 2).toBe(0);
        expect(e.title).not.toMatch(RAW_MENTION);
      }
      // Every row Discord accepts: at most 5 buttons, custom ids and labels within their limits.
      expect(payload.components.length).toBeLessThanOrEqual(5);
      for (const row of payload.components) {
        expect(row.components.length).toBeLessThanOrEqual(5);
        for (const b of row.components) {
          if ('custom_id' in b) expect(b.custom_id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
          if ('label' in b && b.label !== undefined) expect(b.label.length).toBeLessThanOrEqual(MAX_BUTTON_LABEL);
        }
      }
    }
  });

  it('more passages than Discord allows embeds → at most 10 embeds, within every limit', () => {
    expectWithinLimits(renderAnswer(manyHuge(12), { lang: 'en', ephemeral: false }));
  });

  it('the question rides in the first footer and reads back exactly', () => {
    const answer = manyHuge(3);
    const payload = renderAnswer(answer, { lang: 'en', ephemeral: false });
    expect(payload.embeds[0]!.footer!.text).toContain(`\n${QUESTION_MARK}`);
    expect(questionFromEmbeds(payload.embeds)).toBe(answer.question);
    expect(payload.embeds[1]!.footer!.text).toBe('doc.txt#p2');
  });

  it('an unanswered question with long, hostile suggestions stays within 2,000 characters of content', () => {
    const payload = renderAnswer(
      { question: 'x', answered: false, tookMs: 1, passages: [], terms: ['x'], matchedTerms: [] },
      {
        lang: 'en',
        ephemeral: false,
        suggestions: [
          `@everyone ${'**'.repeat(600)}`,
          `<@&123> ${'建议'.repeat(900)}`,
          '[x](https://e.example)',
          'never shown',
        ],
      },
    );
    expectWithinLimits(payload);
    expect(payload.content).not.toMatch(RAW_MENTION);
    expect(payload.content).not.toContain('never shown');
    expect(parseRendered(payload.content!).dangling).toBe(false);
    expect(parseRendered(payload.content!).markers).toBe(0);
    expect(payload.allowedMentions).toEqual(NO_MENTIONS);
  });
});

describe('Markdown and mentions in corpus text', () => {
  const nasty = [
    'Before **bold** and __under__ and ~~strike~~ and ||spoiler|| and `code`.',
    '\n```js\nalert(1)\n```',
    '\n> a quote at line start',
    '\n# A heading',
    '\n[text](https://evil.example) and [masked](<https://evil.example>) and https://plain.example.',
    '\n@everyone @here <@&123> <@123> <@!123> <#123> \\*not bold\\*.',
  ].join('');

  it('is escaped everywhere in the quote, and the bold best sentence cannot be broken out of', () => {
    for (const best of sentencesOf(nasty)) {
      const md = quotePassage(passage(nasty, best), 1_000);
      const q = readQuote(md);
      expect(q.parsed.markers, JSON.stringify(md)).toBe(2);
      expect(q.parsed.rawSpecials, JSON.stringify(md)).toEqual([]);
      expect(q.best).toBe(nasty.slice(best.start, best.end));
      expect(q.before + q.best + q.after).toBe(nasty);
      expect(md).not.toMatch(RAW_MENTION);
    }
  });

  it('every mention form is defused in descriptions and titles, and no mention is allowed', () => {
    const payload = renderAnswer(
      answerOf([
        passage(nasty, sentencesOf(nasty).at(-1)!, 1, { title: '@everyone <@&123> rules', section: '<@123> @here' }),
      ]),
      { lang: 'en', ephemeral: false },
    );
    const e = payload.embeds[0]!;
    expect(e.description).not.toMatch(RAW_MENTION);
    expect(e.title).not.toMatch(/@(?:everyone|here)|<@[!&]?\d/);
    expect(e.description).toContain('@\u200beveryone');
    expect(payload.allowedMentions).toEqual({ parse: [], repliedUser: false });
    expect(payload.content).toBeUndefined();
  });

  it('renderSource escapes and defuses the passage and its neighbours', () => {
    const passages = [0, 1, 2].map((i) => ({
      id: `d.txt#p${i + 1}`,
      docId: 'd.txt',
      ordinal: i,
      text: `${nasty} (${i})`,
      section: '## <@&1> **s**',
      paragraphs: [i + 1, i + 1] as [number, number],
    }));
    const payload = renderSource(passages, 'd.txt#p2', '@everyone title', 'javascript:alert(1)', 'en');
    const e = payload.embeds[0]!;
    expectWithinLimits(payload);
    expect(JSON.stringify(payload.embeds)).not.toMatch(RAW_MENTION);
    expect(e.url).toBeUndefined(); // only http(s) links
    expect(e.description!.endsWith(`**${escapeForDiscord(`${nasty} (1)`)}**`)).toBe(true);
    expect(payload.ephemeral).toBe(true);
  });

  it('notice() never pings and stays within 2,000 characters', () => {
    const payload = notice(`@everyone ${'x'.repeat(3_000)}`);
    expectWithinLimits(payload);
    expect(payload.allowedMentions).toEqual(NO_MENTIONS);
  });

  it('a question with mentions and Markdown reads back from the footer unchanged', () => {
    const question = '**@everyone** <@&123> `x` [a](b) 什么?';
    const payload = renderAnswer(answerOf([passage('Some text. More.', { start: 0, end: 10 })], question), {
      lang: 'en',
      ephemeral: false,
    });
    const footer = payload.embeds[0]!.footer!.text;
    expect(footer.length).toBeLessThanOrEqual(MAX_EMBED_FOOTER);
    expect(questionFromEmbeds(payload.embeds)?.replace(/@\u200b/g, '@')).toBe(question);
  });

  // The asker's question is shown in the footer: no raw mention survives anywhere in a reply, footers included.
  it('the question in the footer has its mentions defused', () => {
    const payload = renderAnswer(
      answerOf([passage('Some text. More.', { start: 0, end: 10 })], '@everyone @here <@&123> <@123> 什么?'),
      { lang: 'en', ephemeral: false },
    );
    expect(payload.embeds[0]!.footer!.text).not.toMatch(RAW_MENTION);
  });
});

describe('truncateMarkdown', () => {
  it('never leaves a dangling backslash', () => {
    const md = escapeForDiscord('a*b*c*d*e*f*g*h');
    for (let max = 1; max < md.length; max++) {
      const out = truncateMarkdown(md, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(parseRendered(out).dangling, `${max}: ${out}`).toBe(false);
    }
  });

  it('never leaves a "**" open: it closes the bold or drops it', () => {
    const md = `>>> ${escapeForDiscord('before text. ')}**${escapeForDiscord('the best sentence, with * and ** inside.')}**${escapeForDiscord(' after text.')}`;
    for (let max = 1; max < md.length; max++) {
      const out = truncateMarkdown(md, max);
      expect(out.length).toBeLessThanOrEqual(max);
      const parsed = parseRendered(out);
      expect(parsed.markers % 2, `${max}: ${out}`).toBe(0);
      expect(parsed.dangling).toBe(false);
    }
  });

  it('leaves text within the limit alone', () => {
    expect(truncateMarkdown('**a**', 5)).toBe('**a**');
  });

  // "\\**" is a literal backslash followed by bold: that "**" counts when deciding whether the bold is left open.
  it('counts a "**" that follows an escaped backslash (a literal "\\" before the bold)', () => {
    const md = 'a\\\\**bold text here**';
    expect(unescapeDiscord(md)).toBe('a\\bold text here');
    const out = truncateMarkdown(md, 12);
    expect(parseRendered(out).markers % 2, out).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** Strings without lone surrogates: any code point, CJK-heavy, Markdown- and mention-heavy. */
const wellFormed = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300, size: 'medium' }),
  fc.string({
    unit: fc.oneof(
      { weight: 5, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...EMOJI, ' ', '。', 'a', 'Z', '9', '\n', '\u200b', '\u202e', 'é', 'e\u0301'),
      },
    ),
    maxLength: 300,
    size: 'medium',
  }),
  fc
    .array(
      fc.constantFrom(
        ...HOSTILE_MARKDOWN,
        ...HOSTILE_MENTIONS,
        'word ',
        'Latinword',
        '汉字',
        '😀',
        '\\',
        '*',
        '@',
        '<',
        ':',
        '\n',
        '. ',
        '。',
      ),
      { maxLength: 60, size: 'medium' },
    )
    .map((a) => a.join('')),
);
/** Long strings, built by repetition so that fast-check stays fast. */
const longText = fc.tuple(wellFormed, fc.integer({ min: 1, max: 80 })).map(([s, n]) => s.repeat(n));

describe('properties', () => {
  it('escapeForDiscord: never throws, leaves no Markdown live and no mention whole, and reads back to its input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          wellFormed,
          fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 }),
        ),
        (s) => {
          const out = escapeForDiscord(s);
          const parsed = parseRendered(out);
          expect(parsed.rawSpecials).toEqual([]);
          expect(parsed.markers).toBe(0);
          expect(parsed.dangling).toBe(false);
          expect(out).not.toMatch(RAW_MENTION);
          expect(unescapeDiscord(out)).toBe(s);
          expect(defuseMentions(s)).not.toMatch(/@(?:everyone|here)|<@[!&]?\d/);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('truncate: never throws, stays within max, never splits a surrogate pair, and cuts at a safe place when there is one', () => {
    fc.assert(
      fc.property(fc.oneof(wellFormed, longText), fc.integer({ min: 0, max: 400 }), (s, max) => {
        const out = truncate(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(hasLoneSurrogate(out)).toBe(false);
        if (s.length <= max) {
          expect(out).toBe(s);
          return;
        }
        if (max === 0) return;
        expect(out.endsWith('…')).toBe(true);
        const kept = out.slice(0, -1);
        expect(s.startsWith(kept)).toBe(true);
        // Some safe place to cut exists within the budget: then a word is never split.
        const anySafe = Array.from({ length: Math.max(0, max - 1) }, (_, i) => i + 1).some((i) => isSafeCut(s, i));
        if (anySafe)
          expect(splitsWordOrPair(s, kept.length), JSON.stringify(s.slice(kept.length - 3, kept.length + 3))).toBe(
            false,
          );
      }),
      { numRuns: 400 },
    );
  });

  it('quotePassage: within budget, one bold best sentence, verbatim, cut only at safe places', () => {
    fc.assert(
      fc.property(longText, fc.nat(), fc.integer({ min: 100, max: 4_096 }), (text, pick, budget) => {
        const sentences = sentencesOf(text);
        if (sentences.length === 0) return;
        const best = sentences[pick % sentences.length]!;
        const md = quotePassage(passage(text, best), budget);
        expect(md.length).toBeLessThanOrEqual(budget);
        const q = readQuote(md);
        expect(q.parsed.dangling).toBe(false);
        expect(q.parsed.rawSpecials).toEqual([]);
        const sentence = text.slice(best.start, best.end);
        if (sentence.trim() === '') return;
        expect(q.parsed.markers).toBe(2);
        const { start, end, whole } = locateQuote(text, best, q);
        if (whole) {
          expect(splitsWordOrPair(text, start)).toBe(false);
          expect(splitsWordOrPair(text, end)).toBe(false);
        }
        expect(hasLoneSurrogate(q.before + q.best + q.after)).toBe(false);
      }),
      // The first example is one CI found: indented lines, shown without their indentation.
      { numRuns: 150, examples: [['\n 一\n 一\n 一', 0, 100]] },
    );
  });

  it('truncateMarkdown on rendered quotes: within max, no dangling backslash, bold balanced', () => {
    fc.assert(
      fc.property(longText, fc.nat(), fc.integer({ min: 0, max: 1_200 }), (text, pick, max) => {
        const sentences = sentencesOf(text);
        if (sentences.length === 0) return;
        const md = quotePassage(passage(text, sentences[pick % sentences.length]!), 1_000);
        const out = truncateMarkdown(md, max);
        expect(out.length).toBeLessThanOrEqual(max);
        const parsed = parseRendered(out);
        expect(parsed.dangling, out).toBe(false);
        expect(parsed.markers % 2, out).toBe(0);
        expect(hasLoneSurrogate(out)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('fitPayload: never throws, and whatever goes in comes out within every Discord limit', () => {
    const embed = fc.record(
      {
        title: fc.oneof(wellFormed, longText),
        description: fc.oneof(
          wellFormed,
          longText,
          longText.map((s) => `>>> **${escapeForDiscord(s)}**`),
        ),
        footer: fc.oneof(wellFormed, longText).map((text) => ({ text })),
        author: wellFormed.map((name) => ({ name: name.repeat(3) })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.option(fc.oneof(wellFormed, longText), { nil: undefined }),
        fc.array(embed, { maxLength: 13 }),
        (content, embeds) => {
          const payload: ReplyPayload = {
            embeds,
            components: [],
            allowedMentions: NO_MENTIONS,
            ephemeral: false,
          };
          if (content !== undefined) payload.content = content;
          const out = fitPayload(payload);
          expectWithinLimits(out);
          expect(out.allowedMentions).toEqual(NO_MENTIONS);
          if (out.content !== undefined) expect(hasLoneSurrogate(out.content)).toBe(false);
          for (const e of out.embeds) {
            expect(hasLoneSurrogate(e.description ?? '')).toBe(false);
            expect(hasLoneSurrogate(e.title ?? '')).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Custom ids

/** Whether a decoded action is one the bot could have made. */
function isValidAction(a: ButtonAction): boolean {
  switch (a.kind) {
    case 'more':
      return (
        Number.isInteger(a.offset) &&
        a.offset >= 1 &&
        a.offset <= 50 &&
        Number.isInteger(a.count) &&
        a.count >= 1 &&
        a.count <= 5
      );
    case 'source':
      return /^(?:i:.{1,80}|h:[0-9a-f]{24})$/su.test(a.ref);
    case 'share':
      return Object.keys(a).length === 1;
    case 'feedback':
      return a.vote === 'up' || a.vote === 'down';
    default:
      return false;
  }
}

describe('custom ids', () => {
  const longId = `${'很长的文件名'.repeat(20)}.md#p12-13.4`;
  const actions: ButtonAction[] = [
    { kind: 'more', offset: 1, count: 1 },
    { kind: 'more', offset: 50, count: 5 },
    { kind: 'share' },
    { kind: 'feedback', vote: 'up' },
    { kind: 'feedback', vote: 'down' },
    { kind: 'source', ref: passageRef('ai-2-0-founders.md#p5-6') },
    { kind: 'source', ref: passageRef('a:b:c.md#p1') },
    { kind: 'source', ref: passageRef(longId) },
    { kind: 'source', ref: passageRef(`${'x'.repeat(76)}#p1`) },
  ];

  it.each(actions.map((a) => [JSON.stringify(a), a] as const))('%s survives encode → decode', (_, action) => {
    const id = encodeAction(action);
    expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
    expect(decodeAction(id)).toEqual(action);
  });

  it('a long passage id travels as a hash that matches it and nothing else', () => {
    const ref = passageRef(longId);
    expect(ref).toMatch(/^h:[0-9a-f]{24}$/);
    expect(refMatches(ref, longId)).toBe(true);
    expect(refMatches(ref, `${longId}x`)).toBe(false);
    expect(refMatches(passageRef('a.md#p1'), 'a.md#p1')).toBe(true);
  });

  it('round-trips every passage ref (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }), (id) => {
        const action: ButtonAction = { kind: 'source', ref: passageRef(id) };
        const decoded = decodeAction(encodeAction(action));
        expect(decoded).toEqual(action);
        expect(refMatches((decoded as { ref: string }).ref, id)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('decodeAction never throws on arbitrary strings and returns only valid actions (property)', () => {
    const shaped = fc
      .tuple(
        fc.constantFrom('wd', 'WD', 'x', ''),
        fc.constantFrom('more', 'src', 'share', 'fb', 'zz', ''),
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary', maxLength: 90 }),
            fc.integer({ min: -5, max: 60 }).map(String),
            fc.constantFrom('up', 'down', 'i', 'h', '0x1', '1e1', ' 3', '3.0', 'NaN', 'Infinity'),
          ),
          { maxLength: 4 },
        ),
      )
      .map(([a, b, rest]) => [a, b, ...rest].join(':'));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 150 }),
          fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 120 }),
          shaped,
        ),
        (id) => {
          const decoded = decodeAction(id);
          if (decoded === null) return;
          expect(isValidAction(decoded), JSON.stringify({ id, decoded })).toBe(true);
          expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
        },
      ),
      { numRuns: 1_000 },
    );
  });

  it('rejects forged and stale ids', () => {
    for (const forged of [
      '',
      'wd',
      'wd:',
      'wd:more',
      'wd:more:0:3',
      'wd:more:51:3',
      'wd:more:1:6',
      'wd:more:1.5:2',
      'wd:more:1:2:3',
      'wd:src:',
      'wd:src:i:',
      `wd:src:i:${'x'.repeat(81)}`,
      'wd:src:h:xyz',
      'wd:share:x',
      'wd:fb:maybe',
      'wd:fb:up:1',
      `wd:${'x'.repeat(200)}`,
      'evil:more:1:1',
    ]) {
      expect(decodeAction(forged), forged).toBeNull();
    }
  });
});

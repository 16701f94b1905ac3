import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, AnswerPassage } from '../../src/engine/types.ts';
import { MAX_EMBED_DESCRIPTION, MAX_EMBEDS_TOTAL } from '../../src/discord/limits.ts';
import { renderMarkdownQuote } from '../../src/discord/markdownQuote.ts';
import { renderAnswer, renderSource } from '../../src/discord/render.ts';

function passageOf(docId: string, text: string, best = { start: 0, end: text.length }): AnswerPassage {
  return {
    rank: 1,
    score: 1,
    coverage: 1,
    id: `${docId}#p1`,
    text,
    bestSentence: best,
    highlights: [],
    citation: { docId, title: 'Guide', author: null, section: null, paragraphs: [1, 1], url: null },
  };
}

function answerOf(p: AnswerPassage): Answer {
  return { question: 'how?', answered: true, tookMs: 1, passages: [p], terms: ['how'], matchedTerms: ['how'] };
}

/** Mentions as Discord would read them; a zero-width space after "@" or a backslash before "<" defuses one. */
const LIVE_MENTION = /@everyone|@here|<@!?&?\d+>|<#\d+>/;

const TEXT = 'Use **bold** and `npm ci`, see [the docs](https://example.com/docs). Ping @everyone or <@123> or <#9>.';

describe('Markdown passages in Discord', () => {
  it('bold, inline code and an https link render; mentions in the passage stay defused', () => {
    const payload = renderAnswer(answerOf(passageOf('guide.md', TEXT, { start: 0, end: 0 })), {
      lang: 'en',
      ephemeral: false,
    });
    const description = payload.embeds[0]!.description!;
    expect(description).toContain('**bold**');
    expect(description).toContain('`npm ci`');
    expect(description).toContain('[the docs](https://example.com/docs)');
    expect(description).not.toMatch(LIVE_MENTION);
    expect(payload.allowedMentions).toEqual({ parse: [], repliedUser: false });
  });

  it('the same text in a plain-text document is shown literally, as before', () => {
    const payload = renderAnswer(answerOf(passageOf('guide.txt', TEXT, { start: 0, end: 0 })), {
      lang: 'en',
      ephemeral: false,
    });
    expect(payload.embeds[0]!.description).toContain('\\*\\*bold\\*\\*');
    expect(payload.embeds[0]!.description).not.toContain('](https://');
  });

  it('the best sentence stays bold: its own strong emphasis is dropped, links and code kept', () => {
    const out = renderMarkdownQuote('a **strong** word and [link](https://a.example/x)', { inBold: true });
    expect(out).toBe('a strong word and [link](https://a.example/x)');
  });

  it('links: only http(s) targets, never a masked link whose text is another address', () => {
    expect(renderMarkdownQuote('[click](javascript:alert)')).toBe('click');
    expect(renderMarkdownQuote('[mail](mailto:a@b.c)')).toBe('mail');
    expect(renderMarkdownQuote('[https://good.example](https://evil.example)')).toBe(
      'https://good.example (<https://evil.example>)',
    );
    expect(renderMarkdownQuote('![logo](https://x.example/a.png)')).toBe('logo');
  });

  it('line-start syntax that would change the layout is literal: headings, subtext, quotes', () => {
    expect(renderMarkdownQuote('# Heading')).toBe('\\# Heading');
    expect(renderMarkdownQuote('-# small print')).toBe('\\-\\# small print');
    expect(renderMarkdownQuote('>>> quoted')).toBe('\\>\\>\\> quoted');
    expect(renderMarkdownQuote('||spoiler||')).toBe('\\|\\|spoiler\\|\\|');
  });

  it('a code block cut open by the excerpt is closed, and code cannot break out of it', () => {
    // The fence opens and the passage ends inside it; a line of backticks inside must not close it early.
    const out = renderMarkdownQuote('Run:\n```sh\napt-get update @here\n``` `');
    expect(out.startsWith('Run:\n```sh\napt-get update @\u200bhere\n')).toBe(true);
    expect(out.endsWith('\n```')).toBe(true);
    expect(out.match(/^```/gm)).toEqual(['```', '```']);
  });

  it('snake_case and lone markers are not emphasis', () => {
    expect(renderMarkdownQuote('my_var_name * 2')).toBe('my\\_var\\_name \\* 2');
    expect(renderMarkdownQuote('**unclosed bold')).toBe('\\*\\*unclosed bold');
  });

  it('the source view renders Markdown neighbours and the focus, within limits', () => {
    const passages = [1, 2, 3].map((i) => ({
      id: `g.md#p${i}`,
      docId: 'g.md',
      ordinal: i - 1,
      text: `${TEXT}\n\`\`\`\ncode ${i}\n\`\`\``,
      section: null,
      paragraphs: [i, i] as [number, number],
    }));
    const payload = renderSource(passages, 'g.md#p2', 'Guide', null, 'en');
    const description = payload.embeds[0]!.description!;
    expect(description).toContain('[the docs](https://example.com/docs)');
    expect(description).not.toMatch(LIVE_MENTION);
    expect(description.match(/```/g)!.length % 2).toBe(0);
  });
});

describe('renderMarkdownQuote (property)', () => {
  const piece = fc.constantFrom(
    '**',
    '*',
    '_',
    '~~',
    '`',
    '```',
    '\n',
    '[a](https://x.example/p)',
    '[b](',
    ')',
    '@everyone',
    '@here',
    '<@123>',
    '<@&5>',
    '<#7>',
    '# ',
    '-# ',
    '>>> ',
    '||',
    'text',
    ' ',
    '中文',
    '\\',
    '<https://y.example>',
  );
  it('never leaves a mention live or a code fence open, and never throws', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.boolean(), (parts, inBold) => {
        const out = renderMarkdownQuote(parts.join(''), { inBold });
        expect(out).not.toMatch(LIVE_MENTION);
        expect((out.match(/^```/gm) ?? []).length % 2).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('a long Markdown passage still fits every Discord limit', () => {
    const text = Array.from({ length: 400 }, (_, i) => `**w${i}** [l](https://x.example/${i}) @everyone`).join(' ');
    const payload = renderAnswer(answerOf(passageOf('big.md', text, { start: 0, end: 30 })), {
      lang: 'en',
      ephemeral: false,
    });
    const total = payload.embeds.reduce(
      (n, e) => n + (e.description?.length ?? 0) + (e.title?.length ?? 0) + (e.footer?.text.length ?? 0),
      0,
    );
    expect(payload.embeds[0]!.description!.length).toBeLessThanOrEqual(MAX_EMBED_DESCRIPTION);
    expect(total).toBeLessThanOrEqual(MAX_EMBEDS_TOTAL);
    expect(payload.embeds[0]!.description).not.toMatch(LIVE_MENTION);
  });
});

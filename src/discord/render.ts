import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
} from 'discord.js';
import { citationLine } from '../engine/citation.ts';
import type { AnswerWithFaq, FaqAnswer } from '../engine/faq.ts';
import type { Answer, AnswerPassage, Passage } from '../engine/types.ts';
import { formatOfId } from '../store/formats/index.ts';
import { encodeAction, passageRef } from './customIds.ts';
import { t, type Lang } from './i18n.ts';
import { MAX_BUTTON_LABEL } from './limits.ts';
import { hasCodeFence, renderMarkdownQuote } from './markdownQuote.ts';
import { NO_MENTIONS, fitPayload, type AllowedMentions, type ReplyPayload } from './payload.ts';
import { defuseMentions, escapeForDiscord, inlineCode, safeCutAfter, safeCutBefore, truncate } from './safeText.ts';

/** Prefix of the question in the first embed's footer: buttons read the question back from there. */
export const QUESTION_MARK = '❓ ';
const ACCENT = 0x5865f2;

/** The raw question an answer message carries (from its first embed's footer), or null. */
export function questionFromEmbeds(embeds: ReadonlyArray<{ footer?: { text: string } | null }>): string | null {
  const footer = embeds[0]?.footer?.text;
  if (!footer) return null;
  const at = footer.indexOf(`\n${QUESTION_MARK}`);
  // The question was written with its mentions defused (a zero-width space after "@"): undo that.
  return at < 0
    ? null
    : footer
        .slice(at + 1 + QUESTION_MARK.length)
        .replace(/@\u200b/g, '@')
        .replace(/<\u200b#/g, '<#');
}

/** Passage ids an answer message shows (each embed's footer starts with its passage id). */
export function passageIdsFromEmbeds(embeds: ReadonlyArray<{ footer?: { text: string } | null }>): string[] {
  return embeds.map((e) => e.footer?.text.split('\n')[0] ?? '').filter((id) => id.includes('#'));
}

/**
 * The part of a passage to quote within `budget` characters: all of it when it fits, else the best
 * sentence with as much context around it as fits, cut at safe places (never inside a word or a
 * surrogate pair) and marked with "…".
 */
export function excerpt(
  text: string,
  best: { start: number; end: number },
  budget: number,
): { before: string; best: string; after: string } {
  if (text.length <= budget)
    return { before: text.slice(0, best.start), best: text.slice(best.start, best.end), after: text.slice(best.end) };
  const sentence = text.slice(best.start, best.end);
  if (sentence.length + 2 >= budget) return { before: '', best: truncate(sentence, budget), after: '' };
  const room = budget - sentence.length - 2;
  const beforeRoom = Math.min(best.start, Math.floor(room / 2));
  const afterRoom = room - beforeRoom;
  const endCut = safeCutBefore(text, Math.min(text.length, best.end + afterRoom));
  const startCut = safeCutAfter(
    text,
    Math.max(0, best.start - beforeRoom - Math.max(0, afterRoom - (text.length - best.end))),
  );
  const before = text.slice(Math.min(startCut, best.start), best.start);
  const after = text.slice(best.end, Math.max(endCut, best.end));
  return {
    before: (startCut > 0 ? '…' : '') + before,
    best: sentence,
    after: after + (endCut < text.length ? '…' : ''),
  };
}

/** Whether a document's passages are Markdown to render (rather than text to show literally). */
function isMarkdown(docId: string): boolean {
  return formatOfId(docId) === 'markdown';
}

/**
 * Passage text as Discord Markdown, `bold` (its best sentence, or the focus of a source view) in bold. Text
 * and HTML passages are escaped whole; Markdown passages keep emphasis, code and links (renderMarkdownQuote),
 * and a piece with a code block is not put in bold, which cannot hold one.
 */
/** Plain text shown without the indentation of its lines (a wrapped manual page indents every line). */
const unindented = (text: string): string => text.replace(/\n[ \t]+/g, '\n');

function quoteParts(markdown: boolean, before: string, bold: string, after: string): string {
  if (!markdown) {
    const head = unindented(before).trimStart();
    const best = head === '' ? unindented(bold).trimStart() : unindented(bold);
    return `${escapeForDiscord(head)}${best.trim() ? `**${escapeForDiscord(best)}**` : ''}${escapeForDiscord(unindented(after))}`;
  }
  if (hasCodeFence(bold)) return renderMarkdownQuote(before + bold + after);
  const best = bold.trim() ? `**${renderMarkdownQuote(bold, { inBold: true })}**` : '';
  return `${renderMarkdownQuote(before)}${best}${renderMarkdownQuote(after)}`;
}

/** A quoted passage in Markdown: escaped, its best sentence in bold, as a block quote. */
export function quotePassage(p: AnswerPassage, budget: number): string {
  let room = budget;
  const markdown = isMarkdown(p.citation.docId);
  for (;;) {
    const part = excerpt(p.text, p.bestSentence, room);
    const md = `>>> ${quoteParts(markdown, part.before, part.best, part.after)}`;
    if (md.length <= budget || room < 40) return md;
    room = Math.floor(room * 0.8); // escaping made it longer than the budget: quote less
  }
}

function passageEmbed(p: AnswerPassage, budget: number, footerExtra: string | null): APIEmbed {
  const embed: APIEmbed = {
    color: ACCENT,
    title: defuseMentions(`${p.rank}. ${citationLine(p.citation)}`),
    description: quotePassage(p, budget),
    footer: { text: footerExtra === null ? p.id : `${p.id}\n${footerExtra}` },
  };
  if (p.citation.url && /^https?:\/\//.test(p.citation.url)) embed.url = p.citation.url;
  return embed;
}

type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary;

function button(customId: string, label: string, style: ActionStyle, emoji?: string): APIButtonComponentWithCustomId {
  const b: APIButtonComponentWithCustomId = { type: ComponentType.Button, custom_id: customId, style };
  if (label) b.label = truncate(label, MAX_BUTTON_LABEL);
  if (emoji) b.emoji = { name: emoji };
  return b;
}

function answerButtons(
  answer: Answer,
  lang: Lang,
  ephemeral: boolean,
): Array<APIActionRowComponent<APIButtonComponent>> {
  const last = answer.passages.at(-1);
  const count = answer.passages.length;
  const main: APIButtonComponent[] = [];
  if (last && last.rank < 50)
    main.push(button(encodeAction({ kind: 'more', offset: last.rank, count }), t(lang, 'more'), ButtonStyle.Primary));
  if (ephemeral) main.push(button(encodeAction({ kind: 'share' }), t(lang, 'share'), ButtonStyle.Secondary));
  main.push(button(encodeAction({ kind: 'feedback', vote: 'up' }), '', ButtonStyle.Secondary, '👍'));
  main.push(button(encodeAction({ kind: 'feedback', vote: 'down' }), '', ButtonStyle.Secondary, '👎'));
  // A row holds at most five buttons.
  const sources = answer.passages
    .slice(0, 5)
    .map((p) =>
      button(
        encodeAction({ kind: 'source', ref: passageRef(p.id) }),
        `${t(lang, 'source')} ${p.rank}`,
        ButtonStyle.Secondary,
      ),
    );
  return [
    { type: ComponentType.ActionRow, components: main },
    { type: ComponentType.ActionRow, components: sources },
  ];
}

export interface AnswerView {
  lang: Lang;
  /** Only the asker sees it (and then a "Share" button is offered). */
  ephemeral: boolean;
  /** The user the answer is addressed to: the only mention the message may make. */
  addressee?: string | null;
  /** A line above the answer (e.g. "Shared by …"), already safe. */
  header?: string | null;
  /** Suggestions shown when nothing answers. */
  suggestions?: readonly string[];
}

/** Per-passage quote length: room for every passage within 6,000 characters, and short enough to read. */
function quoteBudget(count: number): number {
  return Math.min(1_000, Math.floor(5_200 / Math.max(1, count)));
}

const MODERATOR_ACCENT = 0x57f287;

/** A moderator's FAQ answer: marked as such, the answer as Markdown, the passages it cites listed under it. */
function faqEmbed(faq: FaqAnswer, lang: Lang, footer: string): APIEmbed {
  const cites = faq.citations.map((c) => `• ${inlineCode(c.id)} — ${escapeForDiscord(citationLine(c.citation))}`);
  const description = renderMarkdownQuote(truncate(faq.text, 3_000));
  return {
    color: MODERATOR_ACCENT,
    author: { name: t(lang, 'moderatorAnswer') },
    title: defuseMentions(faq.question),
    description: cites.length > 0 ? `${description}\n\n**${t(lang, 'cites')}**\n${cites.join('\n')}` : description,
    footer: { text: `${faq.id}\n${footer}` },
  };
}

/**
 * An answer as a Discord message: a moderator's FAQ answer first when one matched, then one embed per
 * passage (best sentence bold, citation as title), buttons.
 */
export function renderAnswer(answer: AnswerWithFaq, view: AnswerView): ReplyPayload {
  const allowedMentions: AllowedMentions = view.addressee
    ? { parse: [], users: [view.addressee], repliedUser: false }
    : NO_MENTIONS;
  const lines: string[] = [];
  if (view.addressee) lines.push(`<@${view.addressee}>`);
  if (view.header) lines.push(view.header);
  if (!answer.answered) {
    lines.push(answer.terms.length === 0 ? t(view.lang, 'noContentWords') : t(view.lang, 'notFound'));
    const suggestions = (view.suggestions ?? []).slice(0, 3);
    if (suggestions.length > 0)
      lines.push(`${t(view.lang, 'tryInstead')}\n${suggestions.map((s) => `• ${escapeForDiscord(s)}`).join('\n')}`);
    return fitPayload({
      content: lines.join('\n'),
      embeds: [],
      components: [],
      allowedMentions,
      ephemeral: view.ephemeral,
    });
  }
  const budget = quoteBudget(answer.passages.length + (answer.faq ? 2 : 0));
  const question = `${QUESTION_MARK}${defuseMentions(answer.question)}`;
  const embeds = answer.passages.map((p, i) => passageEmbed(p, budget, i === 0 && !answer.faq ? question : null));
  if (answer.faq) embeds.unshift(faqEmbed(answer.faq, view.lang, question));
  const payload: ReplyPayload = {
    embeds,
    components: answerButtons(answer, view.lang, view.ephemeral),
    allowedMentions,
    ephemeral: view.ephemeral,
  };
  if (lines.length > 0) payload.content = lines.join('\n');
  return fitPayload(payload);
}

/** The full passage with the ones before and after it in the same document, for "Source" and /source. */
export function renderSource(
  passages: readonly Passage[],
  focusId: string,
  title: string,
  url: string | null,
  lang: Lang,
): ReplyPayload {
  const parts = passages.map((p) => {
    const label = `${inlineCode(p.id)}${p.section ? ` · ${escapeForDiscord(p.section)}` : ''}`;
    const markdown = isMarkdown(p.docId);
    if (p.id === focusId) return `${label}\n>>> ${quoteParts(markdown, '', p.text, '')}`;
    return `${label}\n${markdown ? renderMarkdownQuote(p.text) : escapeForDiscord(p.text)}`;
  });
  // The focus passage goes last so that its block quote (">>>", to the end) covers it alone.
  const focus = parts.findIndex((_, i) => passages[i]!.id === focusId);
  const ordered = [...parts.slice(0, focus), ...parts.slice(focus + 1), parts[focus]!].filter(Boolean);
  const embed: APIEmbed = {
    color: ACCENT,
    title: defuseMentions(title),
    description: ordered.join('\n\n'),
    footer: { text: t(lang, 'passageOf', { id: focusId }) },
  };
  if (url && /^https?:\/\//.test(url)) embed.url = url;
  return fitPayload({ embeds: [embed], components: [], allowedMentions: NO_MENTIONS, ephemeral: true });
}

/** A short ephemeral notice (errors, thanks, cooldown). */
export function notice(text: string): ReplyPayload {
  return fitPayload({ content: text, embeds: [], components: [], allowedMentions: NO_MENTIONS, ephemeral: true });
}

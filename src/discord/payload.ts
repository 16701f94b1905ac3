import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import {
  MAX_CONTENT_LENGTH,
  MAX_EMBEDS,
  MAX_EMBEDS_TOTAL,
  MAX_EMBED_AUTHOR,
  MAX_EMBED_DESCRIPTION,
  MAX_EMBED_FOOTER,
  MAX_EMBED_TITLE,
} from './limits.ts';
import { truncate } from './safeText.ts';

/** Who a message may ping: nobody, or the one user an /ask answer is addressed to. */
export interface AllowedMentions {
  parse: [];
  users?: string[];
  repliedUser: false;
}

/** A reply as plain data: rendered by pure functions, sent by the adapters. */
export interface ReplyPayload {
  content?: string;
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponent>>;
  allowedMentions: AllowedMentions;
  ephemeral: boolean;
}

export const NO_MENTIONS: AllowedMentions = Object.freeze({ parse: [], repliedUser: false }) as AllowedMentions;

/** All the text of an embed, as Discord counts it towards the 6,000 total. */
export function embedLength(e: APIEmbed): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

/**
 * The one place Discord's message limits are enforced: content ≤ 2,000, ≤ 10 embeds, each title ≤ 256,
 * description ≤ 4,096, footer ≤ 2,048, and all embeds together ≤ 6,000 (the longest description gives
 * way first). Renderers aim under the limits; this guarantees them.
 */
export function fitPayload(payload: ReplyPayload): ReplyPayload {
  const embeds = payload.embeds.slice(0, MAX_EMBEDS).map((e) => {
    const out: APIEmbed = { ...e };
    if (e.title !== undefined) out.title = truncate(e.title, MAX_EMBED_TITLE);
    if (e.description !== undefined) out.description = truncateMarkdown(e.description, MAX_EMBED_DESCRIPTION);
    if (e.footer) out.footer = { ...e.footer, text: truncate(e.footer.text, MAX_EMBED_FOOTER) };
    if (e.author) out.author = { ...e.author, name: truncate(e.author.name, MAX_EMBED_AUTHOR) };
    return out;
  });
  let total = embeds.reduce((n, e) => n + embedLength(e), 0);
  while (total > MAX_EMBEDS_TOTAL) {
    const longest = embeds.reduce((a, b) => ((b.description?.length ?? 0) > (a.description?.length ?? 0) ? b : a));
    const over = total - MAX_EMBEDS_TOTAL;
    const before = longest.description?.length ?? 0;
    if (before === 0) {
      embeds.pop();
    } else {
      longest.description = truncateMarkdown(longest.description!, Math.max(0, before - over - 1));
    }
    total = embeds.reduce((n, e) => n + embedLength(e), 0);
  }
  const fitted: ReplyPayload = { ...payload, embeds };
  if (payload.content !== undefined) fitted.content = truncateMarkdown(payload.content, MAX_CONTENT_LENGTH);
  return fitted;
}

/**
 * Truncates rendered Markdown without leaving a dangling escape backslash or an unclosed "**"
 * (which would turn the rest of the message bold).
 */
export function truncateMarkdown(text: string, max: number): string {
  if (text.length <= max) return text;
  let body = truncate(text, max).slice(0, -1);
  // Scan once: an escape covers the next character, so "\\**" is a backslash and then a real marker.
  let open = -1;
  let trailingEscape = false;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      if (i === body.length - 1) trailingEscape = true;
      i++;
    } else if (body[i] === '*' && body[i + 1] === '*') {
      open = open < 0 ? i : -1;
      i++;
    }
  }
  // A lone backslash at the end would escape the ellipsis; an unclosed ** would make the rest bold.
  if (trailingEscape) body = body.slice(0, -1);
  if (open >= 0) body = body.length + 3 <= max ? `${body}**` : body.slice(0, open) + body.slice(open + 2);
  const cut = `${body}…`;
  return cut.length <= max ? cut : truncate(body, max);
}

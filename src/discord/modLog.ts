import { ButtonStyle, ComponentType, Routes, type APIEmbed, type Client } from 'discord.js';
import type { FeedbackEvent } from '../events.ts';
import { questionKey } from '../observe/questionKey.ts';
import { loadOrCreateKey, userHasher } from '../observe/userHash.ts';
import type { BotContext } from './context.ts';
import { encodeAction } from './customIds.ts';
import { langOf, t, type Lang } from './i18n.ts';
import { MAX_EMBED_DESCRIPTION } from './limits.ts';
import { QUESTION_MARK } from './render.ts';
import { defuseMentions, escapeForDiscord, inlineCode, truncate } from './safeText.ts';

/** A question is posted at most once per this long (per question, as the query log groups them), ms. */
export const MODLOG_QUIET_MS = 60 * 60 * 1000;
/** A question unanswered this many times in a day is posted. */
export const UNANSWERED_TIMES = 3;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Questions remembered for the limits above; past this the memory starts over (a post may then repeat). */
const REMEMBERED = 10_000;

/** What a mod log post reports. */
export type ModLogReport =
  | { kind: 'vote'; question: string; passageIds: readonly string[]; voter: string; guildId: string | null }
  | { kind: 'unanswered'; question: string; times: number; guildId: string | null };

function footerHead(report: ModLogReport): string {
  if (report.kind === 'unanswered') return 'unanswered';
  return report.passageIds.length > 0 ? report.passageIds.join(' ') : 'vote';
}

/**
 * The post for a report: the question (in the footer, where the buttons read it back, as on answers), the
 * passages shown, who voted (hashed as in the query log), and buttons for a moderator to add a FAQ entry or a
 * synonym from it, in the server's language (`lang`). Never pings: allowed_mentions is empty.
 */
export function modLogMessage(report: ModLogReport, lang: Lang = 'en'): Record<string, unknown> {
  const lines: string[] = [];
  if (report.kind === 'vote') {
    const ids = report.passageIds.map((id) => inlineCode(truncate(id, 80))).join(' ') || '—';
    lines.push(t(lang, 'modlog.passagesShown', { ids }));
    lines.push(t(lang, 'modlog.voter', { voter: inlineCode(report.voter) }));
  } else {
    lines.push(t(lang, 'modlog.unansweredTimes', { times: report.times }));
  }
  if (report.guildId) lines.push(t(lang, 'modlog.server', { guild: inlineCode(report.guildId) }));
  const embed: APIEmbed = {
    color: report.kind === 'vote' ? 0xed4245 : 0xfee75c,
    title: t(lang, report.kind === 'vote' ? 'modlog.voteTitle' : 'modlog.unansweredTitle'),
    description: truncate(
      `>>> ${escapeForDiscord(defuseMentions(report.question))}\n\n${lines.join('\n')}`,
      MAX_EMBED_DESCRIPTION,
    ),
    // First line: the passage ids (what "Add FAQ entry" offers to cite); then the question, as on answers.
    footer: { text: truncate(`${footerHead(report)}\n${QUESTION_MARK}${defuseMentions(report.question)}`, 2_000) },
  };
  return {
    embeds: [embed],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Primary,
            custom_id: encodeAction({ kind: 'teach', what: 'faq' }),
            label: t(lang, 'modlog.addFaq'),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            custom_id: encodeAction({ kind: 'teach', what: 'synonym' }),
            label: t(lang, 'modlog.addSynonym'),
          },
        ],
      },
    ],
    allowed_mentions: { parse: [] },
  };
}

/**
 * Tells moderators in MODLOG_CHANNEL_ID about 👎 votes and about questions unanswered three times in a day,
 * each question at most once an hour. Posting never delays or fails the member's reply: errors are logged.
 */
export class ModLog {
  private readonly channelId: string;
  private readonly hash: (userId: string) => string;
  private readonly now: () => number;
  private readonly lastPosted = new Map<string, number>();
  private readonly unanswered = new Map<string, number[]>();

  constructor(channelId: string, hash: (userId: string) => string, now: () => number = Date.now) {
    this.channelId = channelId;
    this.hash = hash;
    this.now = now;
  }

  /** A vote: 👎 is posted (unless the question was posted within the hour); 👍 is not. */
  async noteVote(client: Client, event: FeedbackEvent, ctx: Pick<BotContext, 'logger'>): Promise<void> {
    if (event.vote !== 'down' || event.question === null) return;
    await this.post(client, ctx, {
      kind: 'vote',
      question: event.question,
      passageIds: event.passageIds,
      voter: this.hash(event.userId),
      guildId: event.guildId,
    });
  }

  /** An unanswered question: posted the third time in a day. */
  async noteUnanswered(
    client: Client,
    question: string,
    guildId: string | null,
    ctx: Pick<BotContext, 'logger'>,
  ): Promise<void> {
    const key = questionKey(question);
    const now = this.now();
    const times = (this.unanswered.get(key) ?? []).filter((t) => now - t < DAY_MS);
    times.push(now);
    if (this.unanswered.size >= REMEMBERED) this.unanswered.clear();
    this.unanswered.set(key, times);
    if (times.length < UNANSWERED_TIMES) return;
    await this.post(client, ctx, { kind: 'unanswered', question, times: times.length, guildId });
  }

  /**
   * The language moderators read the mod log in: the preferred locale of the server holding the mod log
   * channel, else of the server the report comes from, else English.
   */
  private languageOf(client: Client, guildId: string | null): Lang {
    const channel = client.channels.cache.get(this.channelId);
    const home = channel && 'guild' in channel ? channel.guild : null;
    const from = guildId ? client.guilds.cache.get(guildId) : undefined;
    return langOf(home?.preferredLocale ?? from?.preferredLocale ?? null);
  }

  private async post(client: Client, ctx: Pick<BotContext, 'logger'>, report: ModLogReport): Promise<void> {
    const key = questionKey(report.question);
    const now = this.now();
    const last = this.lastPosted.get(key);
    if (last !== undefined && now - last < MODLOG_QUIET_MS) return;
    if (this.lastPosted.size >= REMEMBERED) this.lastPosted.clear();
    this.lastPosted.set(key, now);
    try {
      const body = modLogMessage(report, this.languageOf(client, report.guildId));
      await client.rest.post(Routes.channelMessages(this.channelId), { body });
    } catch (err) {
      ctx.logger.warn({ err, channel: this.channelId, kind: report.kind }, 'could not post to the mod log');
    }
  }
}

const modLogs = new WeakMap<object, ModLog | null>();

/** The bot's mod log (one per context, made on first use), or null when MODLOG_CHANNEL_ID is unset. */
export function modLogOf(ctx: Pick<BotContext, 'config'>): ModLog | null {
  const known = modLogs.get(ctx);
  if (known !== undefined) return known;
  const channelId = ctx.config.modlogChannelId;
  let made: ModLog | null = null;
  if (channelId) {
    let hash: ((userId: string) => string) | null = null;
    // The query log's key, so a voter here is the same hash as in the query log; read on first vote.
    made = new ModLog(channelId, (userId) => (hash ??= userHasher(loadOrCreateKey(ctx.config.dataDir)))(userId));
  }
  modLogs.set(ctx, made);
  return made;
}

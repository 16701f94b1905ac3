import { PermissionFlagsBits, type Interaction } from 'discord.js';
import type { Config } from '../config.ts';
import { UserFacingError } from '../errors.ts';

/**
 * Whether the user of an interaction is a moderator here: in a server (never in DMs), with the Manage
 * Server permission or one of the MOD_ROLE_IDS roles. Checked in code on every use, because server
 * admins can override the default permissions a command is registered with.
 */
export function isModerator(interaction: Interaction, config: Pick<Config, 'modRoleIds'>): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member.roles;
  const ids: readonly string[] = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return ids.some((id) => config.modRoleIds.includes(id));
}

/** Throws a polite UserFacingError for a non-moderator. */
export function requireModerator(interaction: Interaction, config: Pick<Config, 'modRoleIds'>): void {
  if (isModerator(interaction, config)) return;
  throw new UserFacingError(
    interaction.inGuild() ? 'permission.denied' : 'permission.dm',
    {},
    {
      code: 'permission.denied',
    },
  );
}

/** Why a moderator may not change the corpus from where they are. */
export type CorpusRefusal = 'elsewhere' | 'unconfigured';

/**
 * Whether the corpus may be changed from this interaction's server: one corpus serves every server,
 * so only the trusted ones may change it. With CORPUS_GUILD_IDS set, those servers; unset, the one
 * server the bot is in (several shards count as several servers). Returns null when allowed. Every
 * command that changes the corpus goes through here (`changesCorpus` on the command).
 */
export function canChangeCorpus(
  ctx: { config: Pick<Config, 'corpusGuildIds'> },
  interaction: Interaction,
): CorpusRefusal | null {
  const guildId = interaction.guildId;
  if (guildId === null) return 'elsewhere';
  if (ctx.config.corpusGuildIds.length > 0) return ctx.config.corpusGuildIds.includes(guildId) ? null : 'elsewhere';
  const client = interaction.client;
  const several = client.guilds.cache.size > 1 || (client.shard?.count ?? 1) > 1;
  return several ? 'unconfigured' : null;
}

/** Throws a polite UserFacingError when the corpus may not be changed from this interaction's server. */
export function requireCorpusServer(ctx: { config: Pick<Config, 'corpusGuildIds'> }, interaction: Interaction): void {
  const refusal = canChangeCorpus(ctx, interaction);
  if (refusal === null) return;
  throw new UserFacingError(
    refusal === 'elsewhere' ? 'permission.elsewhere' : 'permission.unconfigured',
    {},
    {
      code: 'permission.corpus',
    },
  );
}

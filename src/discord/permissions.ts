import { PermissionFlagsBits, type Interaction } from 'discord.js';
import type { Config } from '../config.ts';
import { UserFacingError } from '../errors.ts';
import { langOf } from './i18n.ts';

/**
 * Whether the user of an interaction is a moderator here: in a server (never in DMs), with the Manage
 * Server permission or one of the MOD_ROLE_IDS roles. Checked in code on every use, because server
 * admins can override the default permissions a command is registered with.
 */
export function isModerator(interaction: Interaction, config: Pick<Config, 'modRoleIds'>): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member.roles;
  const ids: readonly string[] = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return ids.some((id) => config.modRoleIds.includes(id));
}

/** Throws a polite UserFacingError for a non-moderator. */
export function requireModerator(interaction: Interaction, config: Pick<Config, 'modRoleIds'>): void {
  if (isModerator(interaction, config)) return;
  const zh = langOf(interaction.locale) === 'zh';
  const message = !interaction.inGuild()
    ? zh
      ? '管理命令只能在服务器里使用,不能在私信中使用。'
      : 'Moderator commands only work in a server, not in DMs.'
    : zh
      ? '只有版主(拥有"管理服务器"权限或版主角色)才能使用这个命令。'
      : 'Only moderators (Manage Server permission or a moderator role) can use this command.';
  throw new UserFacingError('permission.denied', message);
}

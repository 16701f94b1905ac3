import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';

/** A command's name or description in English, simplified and traditional Chinese. */
export interface Words {
  en: string;
  zhCN: string;
  zhTW: string;
}

/**
 * The head every moderator command shares: its names and descriptions in the three languages, offered
 * by default to members who may manage the server, in servers only. (Who may really use it is decided
 * when it runs: permissions.ts.)
 */
export function moderatorCommand(name: Words, description: Words): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(name.en)
    .setNameLocalizations({ 'zh-CN': name.zhCN, 'zh-TW': name.zhTW })
    .setDescription(description.en)
    .setDescriptionLocalizations({ 'zh-CN': description.zhCN, 'zh-TW': description.zhTW })
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild);
}

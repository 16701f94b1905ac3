import {
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ApplicationCommandOptionBase,
  type SlashCommandSubcommandBuilder,
  type SlashCommandSubcommandsOnlyBuilder,
} from 'discord.js';
import { MAX_CONTENT_LENGTH } from '../limits.ts';
import { t, type Lang } from '../i18n.ts';
import { labelled, type Words } from './labelled.ts';

export type { Words } from './labelled.ts';

/**
 * The head every moderator command shares: its names and descriptions in the three languages, offered
 * by default to members who may manage the server, in servers only. (Who may really use it is decided
 * when it runs: permissions.ts.)
 */
export function moderatorCommand(name: Words, description: Words): SlashCommandBuilder {
  return labelled(new SlashCommandBuilder(), name, description)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild);
}

/**
 * A moderator's list reply: the header, then one line per item while they fit in one message, then how
 * many more there are.
 */
export function listText(lang: Lang, header: string, lines: readonly string[]): string {
  let text = header;
  let shown = 0;
  for (const line of lines) {
    if (text.length + line.length + 40 > MAX_CONTENT_LENGTH) break;
    text += `\n${line}`;
    shown++;
  }
  return shown < lines.length ? `${text}\n${t(lang, 'list.more', { count: lines.length - shown })}` : text;
}

/** One option of a subcommand: a string (the default) or a file, with its limits. */
export interface OptionSpec {
  name: string;
  description: Words;
  attachment?: boolean;
  required?: boolean;
  maxLength?: number;
  autocomplete?: boolean;
}

/** The subcommand names that /corpus, /faq and /synonyms share, in the three languages. */
export const SUBCOMMAND_NAMES = {
  add: { en: 'add', zhCN: '添加', zhTW: '新增' },
  list: { en: 'list', zhCN: '列表', zhTW: '列表' },
  remove: { en: 'remove', zhCN: '移除', zhTW: '移除' },
} as const satisfies Record<string, Words>;

/** A subcommand: its names and descriptions in the three languages, and its options in order. */
export interface SubcommandSpec {
  name: Words;
  description: Words;
  options?: readonly OptionSpec[];
}

/** Adds subcommands to a command from their specs (the moderator commands' shared builder code). */
export function withSubcommands(
  builder: SlashCommandBuilder,
  subcommands: readonly SubcommandSpec[],
): SlashCommandSubcommandsOnlyBuilder {
  let out: SlashCommandSubcommandsOnlyBuilder = builder;
  for (const spec of subcommands) out = out.addSubcommand((s) => subcommand(s, spec));
  return out;
}

function subcommand(s: SlashCommandSubcommandBuilder, spec: SubcommandSpec): SlashCommandSubcommandBuilder {
  labelled(s, spec.name, spec.description);
  for (const o of spec.options ?? []) {
    const named = <T extends ApplicationCommandOptionBase>(option: T): T =>
      option
        .setName(o.name)
        .setDescription(o.description.en)
        .setDescriptionLocalizations({ 'zh-CN': o.description.zhCN, 'zh-TW': o.description.zhTW })
        .setRequired(o.required ?? false);
    if (o.attachment) {
      s.addAttachmentOption((option) => named(option));
      continue;
    }
    s.addStringOption((option) => {
      named(option);
      if (o.maxLength !== undefined) option.setMaxLength(o.maxLength);
      if (o.autocomplete) option.setAutocomplete(true);
      return option;
    });
  }
  return s;
}

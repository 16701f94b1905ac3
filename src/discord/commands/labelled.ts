import type { SharedNameAndDescription } from 'discord.js';

/** A command's (or option's) name or description in English, simplified and traditional Chinese. */
export interface Words {
  en: string;
  zhCN: string;
  zhTW: string;
}

/** Sets a command's, subcommand's or option's name and description, with their Chinese localisations. */
export function labelled<T extends SharedNameAndDescription>(builder: T, name: Words, description: Words): T {
  builder
    .setName(name.en)
    .setNameLocalizations({ 'zh-CN': name.zhCN, 'zh-TW': name.zhTW })
    .setDescription(description.en)
    .setDescriptionLocalizations({ 'zh-CN': description.zhCN, 'zh-TW': description.zhTW });
  return builder;
}

/** Discord's limits, in one place (https://discord.com/developers/docs/resources/message). */
export const MAX_CONTENT_LENGTH = 2_000;
export const MAX_EMBED_DESCRIPTION = 4_096;
export const MAX_EMBED_TITLE = 256;
export const MAX_EMBED_FOOTER = 2_048;
export const MAX_EMBED_AUTHOR = 256;
export const MAX_EMBEDS_TOTAL = 6_000;
export const MAX_EMBEDS = 10;
export const MAX_CUSTOM_ID = 100;
export const MAX_BUTTON_LABEL = 80;
export const MAX_CHOICES = 25;
export const MAX_CHOICE_NAME = 100;
export const MAX_CHOICE_VALUE = 100;
/** The /ask question option's limit (ours: long enough for a question, short enough to answer fast). */
export const MAX_QUESTION_LENGTH = 300;

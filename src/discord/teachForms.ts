import {
  ActionRowBuilder,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { analyzeQuestion } from '../engine/question.ts';
import { UserFacingError } from '../errors.ts';
import { splitList } from '../store/faqFile.ts';
import { MAX_FAQ_ANSWER, saveFaqEntry } from './commands/faq.ts';
import { addSynonymGroup } from './commands/synonyms.ts';
import type { BotContext } from './context.ts';
import { FAQ_MODAL_ID, SYNONYM_MODAL_ID } from './customIds.ts';
import { langOf } from './i18n.ts';
import { MAX_QUESTION_LENGTH } from './limits.ts';
import { requireCorpusServer, requireModerator } from './permissions.ts';
import { questionFromEmbeds } from './render.ts';
import { truncate } from './safeText.ts';

/** The same checks as the moderator commands: a moderator, in a server that may change the corpus. */
function requireTeacher(interaction: ButtonInteraction | ModalSubmitInteraction, ctx: BotContext): void {
  try {
    requireModerator(interaction, ctx.config);
    requireCorpusServer(ctx, interaction);
  } catch (err) {
    ctx.observer.refused?.('permission', 'modlog');
    ctx.logger.warn({ user: interaction.user.id, guild: interaction.guildId }, 'mod log action refused');
    throw err;
  }
}

function input(id: string, label: string, style: TextInputStyle, max: number, value: string, required: boolean) {
  const field = new TextInputBuilder()
    .setCustomId(id)
    .setLabel(label)
    .setStyle(style)
    .setMaxLength(max)
    .setRequired(required);
  if (value) field.setValue(truncate(value, max));
  return new ActionRowBuilder<TextInputBuilder>().addComponents(field);
}

/**
 * The mod log's "Add FAQ entry" and "Add synonym" buttons: a form, prefilled with the question (and the
 * passages shown, as citations), for a moderator only.
 */
export async function openTeachForm(
  interaction: ButtonInteraction,
  ctx: BotContext,
  what: 'faq' | 'synonym',
): Promise<void> {
  requireTeacher(interaction, ctx);
  const lang = langOf(interaction.locale);
  const question = questionFromEmbeds(interaction.message.embeds);
  if (question === null) throw new UserFacingError('button.stale', {});
  const firstLine = interaction.message.embeds[0]?.footer?.text.split('\n')[0] ?? '';
  const shown = firstLine.split(' ').filter((id) => id.includes('#'));
  const zh = lang !== 'en';
  if (what === 'faq') {
    const modal = new ModalBuilder()
      .setCustomId(FAQ_MODAL_ID)
      .setTitle(zh ? '添加常见问题' : 'Add a FAQ entry')
      .addComponents(
        input('question', zh ? '问题' : 'Question', TextInputStyle.Short, MAX_QUESTION_LENGTH, question, true),
        input('answer', zh ? '回答' : 'Answer', TextInputStyle.Paragraph, MAX_FAQ_ANSWER, '', true),
        input(
          'cites',
          zh ? '引用的段落编号' : 'Passage ids to cite',
          TextInputStyle.Short,
          1_000,
          shown.join(' '),
          false,
        ),
        input(
          'phrasings',
          zh ? '其他问法(用 | 分隔)' : 'Other phrasings (separated by |)',
          TextInputStyle.Paragraph,
          1_500,
          '',
          false,
        ),
      );
    await interaction.showModal(modal);
    return;
  }
  const modal = new ModalBuilder()
    .setCustomId(SYNONYM_MODAL_ID)
    .setTitle(zh ? '添加同义词' : 'Add synonyms')
    .addComponents(
      input(
        'words',
        zh ? '意思相同的词(用空格分隔)' : 'Words that mean the same (space-separated)',
        TextInputStyle.Short,
        300,
        // Prefilled with the question's own words, for the moderator to pair with the corpus's words.
        analyzeQuestion(question)
          .units.map((u) => u.text)
          .join(' '),
        true,
      ),
    );
  await interaction.showModal(modal);
}

/** A submitted form: checked again (a form can be submitted by anyone who holds one), then saved. */
export async function handleTeachForm(interaction: ModalSubmitInteraction, ctx: BotContext): Promise<void> {
  if (interaction.customId !== FAQ_MODAL_ID && interaction.customId !== SYNONYM_MODAL_ID)
    throw new UserFacingError('button.stale', {});
  requireTeacher(interaction, ctx);
  if (interaction.customId === FAQ_MODAL_ID) {
    const field = (id: string): string => {
      try {
        return interaction.fields.getTextInputValue(id);
      } catch {
        return '';
      }
    };
    await saveFaqEntry(interaction, ctx, {
      question: field('question'),
      answer: field('answer'),
      cites: splitList(field('cites'), 'ids'),
      phrasings: splitList(field('phrasings'), 'phrases'),
    });
    return;
  }
  await addSynonymGroup(interaction, ctx, interaction.fields.getTextInputValue('words'));
}

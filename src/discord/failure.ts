import { isUserFacing, type UserFacingError } from '../errors.ts';
import { sayMessage } from '../words/index.ts';
import type { BotContext } from './context.ts';
import { t, type Lang } from './i18n.ts';
import { defuseMentions, escapeForDiscord } from './safeText.ts';

/** A parameter as Discord shows it: Markdown escaped, unless it is already inline code (an id). */
function discordParam(text: string): string {
  return /^`[^`]*`$/.test(text) ? text : escapeForDiscord(text);
}

/** A user-facing error's words in a language, safe for Discord (its parameters escaped, mentions defused). */
export function userErrorText(err: UserFacingError, lang: Lang): string {
  return defuseMentions(sayMessage(lang, err.words, discordParam));
}

/**
 * The one catch of the Discord side, for interactions and messages alike: a user-facing error becomes its
 * words (a code with parameters, said in the member's language); anything else is logged with its stack
 * and becomes the generic apology in the member's language. Counted either way. Returns what to reply.
 */
export function failureText(
  ctx: Pick<BotContext, 'logger' | 'observer'>,
  err: unknown,
  request: { kind: 'interaction' | 'message'; lang: Lang; where: string; fields: Record<string, unknown> },
): string {
  const { lang, where, fields } = request;
  const userFacing = isUserFacing(err);
  ctx.observer.error?.(userFacing ? 'user' : 'bug', where);
  if (userFacing) {
    ctx.logger.info({ where, code: err.code, ...fields }, 'user error');
    return userErrorText(err, lang);
  }
  ctx.logger.error(
    { err, where, ...fields },
    request.kind === 'interaction' ? 'interaction failed' : 'message handling failed',
  );
  return t(lang, 'genericError');
}

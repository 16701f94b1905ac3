import { ROLE_WORDS } from '../lexicon/index.ts';
import type { AnalyzedQuestion } from '../question.ts';

/**
 * News copy introduces people by their role right before the name: 原美团联合创始人王慧文, 前搜狗CEO王小川,
 * 港中大的教授汤晓鸥. For "X是谁?" the passage that does so is the answer, more than any other that
 * merely mentions X.
 */
const ROLE_BEFORE_NAME = new RegExp(`(?:${ROLE_WORDS.join('|')})$`, 'u');
/** How far before the name the role may end, in characters ("港中大的教授汤晓鸥": the role ends right before). */
const ROLE_WINDOW = 6;

export function introducesName(body: string, analyzed: AnalyzedQuestion): boolean {
  for (const unit of analyzed.units) {
    if (unit.kind !== 'han' || Array.from(unit.text).length < 2) continue;
    for (let at = body.indexOf(unit.text); at >= 0; at = body.indexOf(unit.text, at + 1)) {
      if (ROLE_BEFORE_NAME.test(body.slice(Math.max(0, at - ROLE_WINDOW), at))) return true;
    }
  }
  return false;
}

import { ROLE_WORDS } from '../lexicon/index.ts';
import type { Alternative, AnalyzedQuestion } from '../question.ts';

/**
 * News copy introduces people by their role right before the name: 原美团联合创始人王慧文, 前搜狗CEO王小川,
 * 港中大的教授汤晓鸥. For "X是谁?" the passage that does so is the answer, more than any other that
 * merely mentions X.
 */
const ROLE_BEFORE_NAME = new RegExp(`(?:${ROLE_WORDS.join('|')})$`, 'u');
/** How far before the name the role may end, in characters ("港中大的教授汤晓鸥": the role ends right before). */
const ROLE_WINDOW = 6;

/** Ways a question names someone in other letters than the text: "Yangqing Jia", 周伯闻, a synonym. */
const NAMING: ReadonlySet<Alternative['via']> = new Set(['romanised', 'sound', 'synonym']);

/** The Han forms the question names people by: its own Han units, and what its romanised names and typos read as. */
function namesOf(analyzed: AnalyzedQuestion): string[] {
  const names: string[] = [];
  for (const unit of analyzed.units) {
    if (unit.kind === 'han') names.push(unit.text);
    for (const alt of unit.alternatives) if (NAMING.has(alt.via)) names.push(alt.text);
  }
  return names.filter((name) => Array.from(name).length >= 2 && /\p{sc=Han}/u.test(name));
}

export function introducesName(body: string, analyzed: AnalyzedQuestion): boolean {
  for (const name of namesOf(analyzed)) {
    for (let at = body.indexOf(name); at >= 0; at = body.indexOf(name, at + 1)) {
      if (ROLE_BEFORE_NAME.test(body.slice(Math.max(0, at - ROLE_WINDOW), at))) return true;
    }
  }
  return false;
}

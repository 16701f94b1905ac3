import { describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/engine/answer.ts';
import { expansionWarmUp, soundsOfSteps } from '../../src/engine/ranking/expand.ts';
import { buildIndex } from '../../src/engine/searchIndex.ts';
import { documentOf } from '../support/documents.ts';

describe('the corpus characters by sound, made in steps', () => {
  // Enough distinct characters for several steps of 200, and one passage a sound-alike question must find.
  const filler = Array.from({ length: 900 }, (_, i) => String.fromCharCode(0x4e00 + i * 7)).join('');
  const index = buildIndex([
    documentOf('tea.md', `龙井茶产于杭州西湖一带。\n\n${filler.slice(0, 450)}\n\n${filler.slice(450)}`),
  ]);

  it('yields a step per 200 characters, then answers a question by sound from what it made, and is not made twice', () => {
    const characters = new Set(Array.from(index.hanCharacters())).size;
    expect(characters).toBeGreaterThan(600);
    const steps = [...soundsOfSteps(index)].length;
    expect(steps).toBe(Math.floor(characters / 200));
    // 隆景 shares no character with 龙井: only the readings find it.
    const answer = answerQuestion(index, '隆景茶产于哪里?');
    expect(answer.passages[0]?.text).toContain('龙井茶');
    expect([...soundsOfSteps(index)].length).toBe(0);
  });

  it('is part of the expansion warm-up a service runs after each swap', () => {
    const fresh = buildIndex([documentOf('tea.md', `龙井茶产于杭州西湖一带。\n\n${filler}`)]);
    for (const _ of expansionWarmUp(fresh));
    expect([...soundsOfSteps(fresh)].length).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { addGroup, wordsOf } from '../../src/discord/commands/synonyms.ts';

describe('editing synonym groups', () => {
  it('reads typed words as the synonyms file does, each once', () => {
    expect(wordsOf('删除, 移除，删掉  删除')).toEqual(['删除', '移除', '删掉']);
  });

  it('appends a new group, and merges one that shares a word into it (a word stays in one group)', () => {
    const groups = [
      ['文件夹', '目录'],
      ['SenseTime', '商汤'],
    ];
    expect(addGroup(groups, ['删除', '移除'])).toEqual([
      ['文件夹', '目录'],
      ['SenseTime', '商汤'],
      ['删除', '移除'],
    ]);
    expect(addGroup(groups, ['商汤', '商汤科技'])).toEqual([
      ['文件夹', '目录'],
      ['SenseTime', '商汤', '商汤科技'],
    ]);
    // Written differently (case, traditional characters) is the same word.
    expect(addGroup(groups, ['sensetime', '商湯科技'])).toEqual([
      ['文件夹', '目录'],
      ['SenseTime', '商汤', '商湯科技'],
    ]);
  });
});

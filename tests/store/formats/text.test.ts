import { describe, expect, it } from 'vitest';
import { splitPassages } from '../../../src/engine/passages.ts';
import { parseDocument } from '../../../src/store/corpus.ts';
import { columnsOf, isHardWrapped } from '../../../src/store/formats/wrappedText.ts';

// A page laid out as `man` renders one (written for this test): a header line, flush-left section names,
// text indented and wrapped at 80 columns.
const MANUAL_PAGE = `FROB(1)                         用户命令                         FROB(1)

名称
       frob - 把输入的文件整理成一行一个条目的清单，方便后续的脚本逐行处理

概述
       frob [选项]... 文件...

描述
       读取每个文件，把其中的条目整理成一行一个，写到标准输出。没有文件或者文件
       是连字符时，读取标准输入。输出的顺序与输入一致，重复的条目只保留第一次出
       现的那一个。

       -s, --sort
              按字典顺序排列输出的条目，而不是保持输入的顺序。这个选项与 -r 一起
              使用时，按逆序排列。

       -q     不输出警告信息

作者
       由一位不愿透露姓名的维护者编写，并由社区的志愿者们一起修订和翻译。

frob 1.0                          2024年5月                          FROB(1)
`;

describe('plain text wrapped at a fixed width (a rendered manual page)', () => {
  it('is recognised by its line widths; news copy (a paragraph per long line) and poems are not', () => {
    expect(isHardWrapped(MANUAL_PAGE.split('\n'))).toBe(true);
    const news = Array.from(
      { length: 10 },
      (_, i) => `第${i}段：${'这是一段没有折行的新闻正文，一段就是一行。'.repeat(4)}`,
    );
    expect(isHardWrapped(news)).toBe(false);
    const poem = Array.from({ length: 12 }, () => '床前明月光，疑是地上霜。');
    expect(isHardWrapped(poem)).toBe(false);
    expect(columnsOf('ab中文')).toBe(6);
    // A short page has few full lines, but its text is indented under flush-left headings.
    const short = [
      'ZAP(1)',
      '',
      '名称',
      '       zap - 清屏',
      '',
      '概述',
      '       zap',
      '       zap [-V]',
      '',
      '描述',
      '       清除终端屏幕。',
    ];
    expect(isHardWrapped(short)).toBe(true);
    // Full-width indentation is how Chinese news copy starts its paragraphs: not a wrapped layout.
    expect(isHardWrapped(Array.from({ length: 8 }, () => '\u3000\u3000短段落。'))).toBe(false);
  });

  it('a paragraph is the run of lines between blank lines, under the flush-left heading above it', () => {
    const doc = parseDocument('frob.1.txt', Buffer.from(MANUAL_PAGE));
    const passages = splitPassages(doc);
    const about = passages.find((p) => p.text.includes('读取每个文件'))!;
    // The three wrapped lines are one passage, quoted verbatim, in the 描述 section.
    expect(about.text).toContain('现的那一个。');
    expect(about.section).toBe('描述');
    expect(doc.body.includes(about.text)).toBe(true);
    expect(passages.find((p) => p.text.includes('frob - 把输入'))!.section).toBe('名称');
    const option = passages.find((p) => p.text.includes('--sort'))!;
    expect(option.text).toContain('按逆序排列。');
    expect(option.section).toBe('描述');
    // Flush-left lines with no indented text under them (the header, the footer) are not headings.
    expect(
      passages.some(
        (p) => p.section === 'frob 1.0                          2024年5月                          FROB(1)',
      ),
    ).toBe(false);
    expect(passages.find((p) => p.text.includes('志愿者'))!.section).toBe('作者');
  });

  it('the running head and foot are no passages; a first line that is no running head stays', () => {
    const passages = splitPassages(parseDocument('frob.1.txt', Buffer.from(MANUAL_PAGE)));
    expect(passages.some((p) => p.text.includes('用户命令') || p.text.includes('2024年5月'))).toBe(false);
    expect(passages.length).toBeGreaterThan(0);
    // Without the same word at both ends, the first line is text like any other.
    const page = MANUAL_PAGE.replace(/^FROB\(1\)( +用户命令 +)FROB\(1\)/, 'FROB(1)$1第一版');
    const kept = splitPassages(parseDocument('frob.1.txt', Buffer.from(page)));
    expect(kept.some((p) => p.text.includes('用户命令'))).toBe(true);
    expect(kept.some((p) => p.text.includes('2024年5月'))).toBe(true);
  });

  it('news copy stays a paragraph per line', () => {
    const text = Array.from(
      { length: 10 },
      (_, i) => `第${i + 1}件事发生在${i + 1}月，${'记者在现场看到了很多人，'.repeat(6)}。`,
    ).join('\n');
    const doc = parseDocument('news.txt', Buffer.from(text));
    expect(doc.blocks!.filter((b) => b.kind === 'paragraph')).toHaveLength(10);
  });
});

import { failedReport } from './support/reports.ts';
import { listText } from '../src/discord/commands/moderatorCommand.ts';
import { MAX_CONTENT_LENGTH } from '../src/discord/limits.ts';
import { describe, expect, it } from 'vitest';
import { isUserFacing, UserFacingError, wordsOf } from '../src/errors.ts';
import { CorpusWriter } from '../src/store/corpusWriter.ts';
import { parseDocument } from '../src/store/corpus.ts';
import { prepareDocument } from '../src/store/corpusStore.ts';
import { reindexSummary } from '../src/store/reindexSummary.ts';
import { CATALOGUE, LANGS, langOfLocale, say, type WordKey } from '../src/words/index.ts';

/** The parameter names a string uses (`{types:and}` names `types`). */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)(?::and)?\}/g)].map((m) => m[1]!).sort();
}

function caught(run: () => unknown): UserFacingError {
  try {
    run();
  } catch (err) {
    if (isUserFacing(err)) return err;
    throw err;
  }
  throw new Error('expected a UserFacingError');
}

describe('the catalogue (src/words/)', () => {
  const keys = Object.keys(CATALOGUE.en) as WordKey[];

  it('has every key in every language, none empty, and no key a language alone has', () => {
    for (const lang of LANGS) {
      expect(Object.keys(CATALOGUE[lang]).sort(), lang).toEqual([...keys].sort());
      for (const key of keys) expect(CATALOGUE[lang][key].trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('a translation uses only parameters the English string has (so every caller passes them)', () => {
    for (const lang of LANGS) {
      for (const key of keys) {
        const extra = placeholders(CATALOGUE[lang][key]).filter((p) => !placeholders(CATALOGUE.en[key]).includes(p));
        expect(extra, `${lang} ${key}`).toEqual([]);
      }
    }
  });

  it('the Chinese strings are not English left untranslated, and zh-TW is not zh-CN copied', () => {
    const same = keys.filter((k) => /[a-z]{4,} [a-z]{4,}/.test(CATALOGUE['zh-CN'][k]) && !/`|\/|_/.test(k));
    expect(same).toEqual([]);
    expect(CATALOGUE['zh-TW'].notFound).not.toBe(CATALOGUE['zh-CN'].notFound);
  });

  it('maps Discord locales as before, with traditional Chinese for zh-TW', () => {
    expect(langOfLocale('zh-CN')).toBe('zh-CN');
    expect(langOfLocale('zh-TW')).toBe('zh-TW');
    expect(langOfLocale('zh-HK')).toBe('zh-TW');
    expect(langOfLocale('en-US')).toBe('en');
    expect(langOfLocale('fr')).toBe('en');
    expect(langOfLocale(null)).toBe('en');
  });

  it('fills lists with the language’s own conjunction', () => {
    expect(say('en', 'document.type', { types: ['.txt', '.md', '.html'] })).toBe('is not a .txt, .md or .html file');
    expect(say('zh-TW', 'document.type', { types: ['.txt', '.md'] })).toBe('不是 .txt 或 .md 檔案');
  });
});

describe('a moderator’s list reply', () => {
  it('keeps the lines that fit one message and says how many more there are, in the reader’s language', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• entry ${i}`);
    const text = listText('zh-TW', '共 400 個文件:', lines);
    expect(text.length).toBeLessThanOrEqual(MAX_CONTENT_LENGTH);
    const shown = text.split('\n').filter((l) => l.startsWith('• ')).length;
    expect(shown).toBeGreaterThan(0);
    expect(text.endsWith(`……另有 ${400 - shown} 項`)).toBe(true);
    expect(listText('en', '2 documents:', ['• a', '• b'])).toBe('2 documents:\n• a\n• b');
  });
});

describe('the teaching replies come from the catalogue', () => {
  it('a zh-TW moderator reads /synonyms and /faq replies in traditional script, an English one in English', () => {
    expect(say('zh-TW', 'synonyms.saved', { words: '刪除 移除' })).toBe(
      '🔤 已新增同義詞:刪除 移除\n下一個問題起生效。',
    );
    expect(say('zh-CN', 'faq.listHeader', { count: 2 })).toBe('共 2 个常见问题:');
    expect(say('en', 'faq.removed', { id: 'faq/a.md', movedTo: '.removed/a.md' })).toBe(
      '🗑️ Removed FAQ entry faq/a.md (recoverable from .removed/a.md)',
    );
  });
});

describe('store errors are codes with parameters, said in the reader’s language', () => {
  it('a bad document names the file, in zh-TW and in English, with the same code', () => {
    const err = caught(() => prepareDocument('報告.txt', Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), { maxBytes: 1000 }));
    expect(err.code).toBe('document.encoding');
    expect(wordsOf(err, 'en')).toBe('報告.txt is not valid UTF-8 (save it as UTF-8 and try again)');
    expect(wordsOf(err, 'zh-TW')).toBe('報告.txt 不是有效的 UTF-8 文字(請另存為 UTF-8 後重試)');
    expect(err.message).toBe(wordsOf(err, 'en'));
  });

  it('front matter problems keep their line in every language', () => {
    const err = caught(() => parseDocument('a.md', Buffer.from('---\ntitle: x\n')));
    expect(err.code).toBe('document.frontMatter');
    expect(wordsOf(err, 'zh-TW')).toMatch(/前置中繼資料以 --- 開頭/);
    const line = caught(() => parseDocument('b.md', Buffer.from('---\ntags:\n  - a\n - b\n---\nText.\n')));
    expect(wordsOf(line, 'en')).toMatch(/^front matter line 4 /);
    expect(wordsOf(line, 'zh-CN')).toMatch(/^前置元数据第 4 行/);
  });

  it('removing the last document is refused with its own words in zh-TW and English', async () => {
    const library = {
      isOpen: true,
      index: { documents: new Map([['only.md', { bytes: 10 }]]) },
      corpusDir: '/nonexistent',
    };
    const writer = new CorpusWriter(library as never, 1_000_000);
    const err = await writer.removeDocument('only.md').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UserFacingError);
    expect((err as UserFacingError).code).toBe('corpus.lastDocument');
    expect(wordsOf(err as UserFacingError, 'zh-TW')).toBe('"only.md"是語料中唯一的文件:請先新增其他文件再移除它。');
    expect(wordsOf(err as UserFacingError, 'en')).toBe(
      '"only.md" is the only document of the corpus: add another one before removing it.',
    );
  });

  it('a failed reindex and the files it skipped are worded in the reader’s language', () => {
    const report = failedReport({
      problems: [
        {
          file: 'x.md',
          reason: 'is empty (no text after the front matter)',
          words: { key: 'document.empty', params: {} },
        },
      ],
      error: 'the corpus directory /c does not exist: …',
      errorCode: 'corpus.missing',
      errorWords: { key: 'corpus.missing', params: { dir: '/c' } },
    });
    expect(reindexSummary(report, 'zh-TW')).toEqual([
      '❌ 重建索引失敗:語料目錄 /c 不存在:請建立它,或讓 CORPUS_DIR(或 --corpus)指向一個目錄。當前索引繼續提供回答。',
      '⚠️ 已跳過 x.md:是空的(前置中繼資料之後沒有正文)',
    ]);
    expect(reindexSummary(report, 'en')[1]).toBe('⚠️ Skipped x.md: is empty (no text after the front matter)');
  });
});

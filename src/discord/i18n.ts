import { UserFacingError } from '../errors.ts';

/** Reply language: Chinese for zh-CN / zh-TW, English otherwise. */
export type Lang = 'zh' | 'en';

export function langOf(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

const STRINGS = {
  notFound: { en: 'Not in the corpus: no passage answers that question.', zh: '语料中没有找到能回答这个问题的段落。' },
  tryInstead: { en: 'You could ask about:', zh: '可以试试问:' },
  noContentWords: {
    en: 'That question has no words to search for. Try a name, a number or a few keywords.',
    zh: '这个问题里没有可搜索的词语,请换用人名、数字或关键词提问。',
  },
  more: { en: 'More', zh: '更多' },
  source: { en: 'Source', zh: '出处' },
  share: { en: 'Share', zh: '公开分享' },
  noMore: { en: 'No more passages answer this question.', zh: '没有更多相关段落了。' },
  thanks: { en: 'Thanks for the feedback!', zh: '感谢反馈!' },
  cooldown: { en: 'You are asking fast: try again {when}.', zh: '提问太频繁了,请{when}再试。' },
  genericError: {
    en: 'Sorry, something went wrong on our side. Please try again in a moment.',
    zh: '抱歉,出了点问题,请稍后再试。',
  },
  unknownPassage: {
    en: 'There is no passage with the id "{id}". Use the autocomplete to pick one.',
    zh: '没有编号为"{id}"的段落,请从自动补全中选择。',
  },
  staleButton: {
    en: 'This button no longer works. Ask the question again with /ask.',
    zh: '这个按钮已失效,请用 /ask 重新提问。',
  },
  answerFor: { en: 'Answer for {user}', zh: '回答 {user}' },
  sharedBy: { en: 'Shared by {user}', zh: '{user} 分享' },
  questionLabel: { en: 'Question', zh: '问题' },
  moderatorAnswer: { en: '🛡️ A moderator’s answer', zh: '🛡️ 版主的回答' },
  cites: { en: 'Cites', zh: '引用' },
  passageOf: { en: 'Passage {id} with its neighbours', zh: '段落 {id} 及其上下文' },
  emptyQuestion: {
    en: 'The question is empty: ask something, e.g. "Who founded 商汤科技?"',
    zh: '问题是空的,请输入问题,例如"商汤科技是谁创立的?"',
  },
  'corpus.diskFull': {
    en: 'Could not save the document: the disk holding the corpus is full. Nothing was changed; the previous version keeps answering. Ask the operator to free space.',
    zh: '无法保存文档:语料所在的磁盘已满。没有做任何改动,原来的版本继续提供回答。请联系运维释放空间。',
  },
  'corpus.readOnly': {
    en: 'Could not change the corpus: it is on a read-only file system. Nothing was changed. Ask the operator to make the corpus directory writable.',
    zh: '无法修改语料:语料所在的文件系统是只读的。没有做任何改动。请联系运维让语料目录可写。',
  },
  'corpus.permission': {
    en: 'Could not change the corpus: the bot is not allowed to write in its directory. Nothing was changed. Ask the operator to fix the permissions.',
    zh: '无法修改语料:机器人没有语料目录的写入权限。没有做任何改动。请联系运维修改权限。',
  },
  'corpus.lastDocument': {
    en: '"{id}" is the only document of the corpus: add another one before removing it.',
    zh: '"{id}"是语料中唯一的文档:请先添加其他文档再移除它。',
  },
  'corpus.tooLarge': {
    en: 'The corpus would grow past its size limit ({max} bytes, CORPUS_MAX_BYTES): remove a document first.',
    zh: '语料将超过大小上限({max} 字节,CORPUS_MAX_BYTES):请先移除一些文档。',
  },
  tooLong: {
    en: 'The question is too long ({length} characters; the limit is {max}). Ask about one thing at a time.',
    zh: '问题太长了({length} 个字符,上限 {max}),请一次只问一件事。',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof STRINGS;

/** A reply string in the user's language, with {placeholders} filled in. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return STRINGS[key][lang].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

const STORE_ERRORS: ReadonlySet<string> = new Set([
  'corpus.diskFull',
  'corpus.readOnly',
  'corpus.permission',
  'corpus.lastDocument',
  'corpus.tooLarge',
]);

/**
 * A corpus write's UserFacingError in the user's language (the store words them in English); any
 * other error as it is.
 */
export function translateStoreError(err: unknown, lang: Lang, vars: Record<string, string | number> = {}): unknown {
  if (!(err instanceof UserFacingError) || !STORE_ERRORS.has(err.code)) return err;
  const match = /"([^"]*)"/.exec(err.message);
  const max = /(\d+)-byte limit/.exec(err.message);
  return new UserFacingError(
    err.code,
    t(lang, err.code as MessageKey, { id: match?.[1] ?? '', max: max?.[1] ?? '', ...vars }),
    { cause: err },
  );
}

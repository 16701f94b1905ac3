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
  passageOf: { en: 'Passage {id} with its neighbours', zh: '段落 {id} 及其上下文' },
  emptyQuestion: {
    en: 'The question is empty: ask something, e.g. "Who founded 商汤科技?"',
    zh: '问题是空的,请输入问题,例如"商汤科技是谁创立的?"',
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

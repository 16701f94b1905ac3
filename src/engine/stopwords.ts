/**
 * Words that carry the shape of a question, not its content. They are dropped from questions
 * before searching, so "贾扬清在哪里宣布离职的?" looks for 贾扬清, 宣布, 离职 — and so they do not
 * count towards how much of a question a passage covers.
 */

/** Chinese function words and question words, as @node-rs/jieba segments them. */
export const CHINESE_STOPWORDS: ReadonlySet<string> = new Set(
  `的 地 得 了 着 过 是 在 吗 呢 吧 啊 呀 么 嘛 哦 和 与 及 或 或者 并 就 都 也 还 又 才 被 把 给 对 从 向 于 以 为 之 其 而 且
  这 那 这个 那个 这些 那些 这样 那样 这里 那里 此 该 各 每 某 个 位 家 些
  什么 啥 甚么 怎么 怎么样 怎样 怎么办 如何 为什么 为何 干嘛 哪 哪里 哪儿 哪个 哪些 哪家 哪位 哪天 哪年 哪一年 哪一天 哪种 哪一个
  多少 多少钱 多大 多久 多长 多高 几 几个 几年 几位 几次 何 何时 何地 何人 谁 谁是 是谁 是否 是不是 有没有 能不能 会不会 可不可以
  什么样 什么时候 时候 吗 么 呢 请问 请 问 问一下 一下 告诉 知道 想 想知道 能 能够 可以 会 要 应该 需 得到 一个 有 没有 没 不 很 最 才能 才 能 出来 起来
  我 你 您 他 她 它 我们 你们 他们 她们 它们 咱们 自己 大家 人家
  关于 文章 文中 里 中 上 下 吧 么样 呗 来着 说说 讲讲 介绍 还是 写 说 讲 谈 提到 称 叫 干 做了 写的 说的 哪篇 篇 一篇`
    .split(/\s+/)
    .filter(Boolean),
);

/** English function words and question words. */
export const ENGLISH_STOPWORDS: ReadonlySet<string> = new Set(
  `a an the and or but if then else of to in on at by for with from into onto about as than that this these those there here
  is are was were be been being am do does did done doing have has had having will would shall should can could may might must
  what which who whom whose when where why how whats who's what's where's how's whats
  i me my we our you your he him his she her it its they them their one ones
  not no yes so too very just also any some all each every much many more most such own same other
  tell say said says please know want like get got give make made let lets up out over again please
  article text document passage corpus`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Every number the ranking uses, in one place. Each says what it means, its unit, and how it was
 * chosen: "tuned" means swept by tooling/tune.ts on the TUNE parts of the evaluation suites (never
 * the test parts), "measured" means it was set from a measurement named there, "design" means it is
 * a choice of behaviour rather than a fitted value.
 */
export interface RankingOptions {
  /** How many passages to return at most. Default 3 (1–10 in the CLI, 1–5 in Discord). Design. */
  top: number;
  /** Skip this many of the best passages ("More" in Discord). Default 0. Design. */
  offset: number;
  /**
   * Share of the question's content (each unit weighted by its specificity, 0–1) the best passage
   * must contain for the question to count as answered; below it the answer is "not in the corpus".
   * Default 0.4, tuned: 0.35 answered 1–2 % more on-topic questions of the tune sets but also
   * off-topic ones such as "What is the weather in Shanghai tomorrow?" (上海 of 上海交大).
   */
  minCoverage: number;
  /**
   * minCoverage for a question written mostly in the other script than the corpus (English on a Chinese
   * corpus, Chinese on an English one): its words reach the text only through a dictionary, which loses
   * some of them ("left Shanda" for 从盛大出来), so a lower share is the same evidence. Default 0.3, tuned.
   */
  crossScriptMinCoverage: number;
  /**
   * The matched weight the best passage must reach in absolute terms (a specific word weighs about
   * 10, a common one about 5): a question whose only match is one common word (怎么学习JavaScript →
   * 学习) is not answered. Default 6.5, tuned.
   */
  minMatchedWeight: number;
  /** How much BM25 (relative to the best candidate, 0–1) adds to coverage in the score. Default 0.25, tuned. */
  bm25Weight: number;
  /**
   * How much the passage's document adds to the score when its title, aliases, description or lead
   * match the question (BM25 over documents relative to the best, 0–1): fields that say what a
   * document is about weigh more than a body sentence. Default 0.3, tuned.
   */
  documentWeight: number;
  /** Credit (0–1) for a term found only in the passage before, same document ("这些公司…"). Default 0.5, tuned. */
  contextCredit: number;
  /** Credit (0–1) for a word none of whose bigrams but half of whose characters a passage has (辞职 ~ 离职). Default 0.5, tuned. */
  charCredit: number;
  /**
   * Credit (0–1) for a term found only in the passage's title, section or byline, when the document's
   * text never uses it (an author's name, a title word). Default 0.7, tuned.
   */
  metaCredit: number;
  /** Credit (0–1) for a Han word matched through another word that sounds the same (李凯复 → 李开复). Default 0.8, design. */
  soundAlikeCredit: number;
  /** Credit (0–1) for an English word matched through a dictionary translation (founder → 创始人). Default 0.9, design. */
  translationCredit: number;
  /**
   * Credit (0–1) for a Han word matched through another of the same meaning, found by way of a shared
   * English sense in CC-CEDICT (改名 → rename → 重命名). 0 turns it off. Default 0.7, tuned.
   */
  sameMeaningCredit: number;
  /**
   * The passage that holds the kind of answer asked for must cover at least this share of what the
   * best-covering candidate covers (0–1): otherwise the question is about something the passages on
   * its topic do not say. Default 0.85, tuned (0.7–1 swept: each step up abstained on one more trap and one more answerable question).
   */
  typedCoverageShare: number;
  /** Score bonus for the passage that introduces a name by its role, when the question asks who someone is. Default 0.15, tuned. */
  identityBonus: number;
  /** How many BM25 results are re-ranked by coverage. Default 200, measured (more changed no answer). */
  candidates: number;
  /**
   * How many of the best-matching documents (by title, byline and lead) lend their score to their passages
   * and bring their first passages into the candidates. Default 10, design.
   */
  documentCandidates: number;
  /** How many first passages (the lead) of each of those documents join the candidates. Default 3, design. */
  documentLeadPassages: number;
  /** BM25 boost of a passage's section heading, relative to its text (1). Default 0.5, design. */
  sectionBoost: number;
  /** BM25 boost of a document's title in the document search, relative to its byline (1). Default 2, design. */
  titleBoost: number;
  /**
   * BM25 boost of a document's lead (description, tags, first passages) in the document search, relative to
   * its byline (1). Default 1, tuned: 0.5 and 2 each moved one tune question on manpages-zh and one on the
   * GIMP manual, in opposite directions.
   */
  leadBoost: number;
  /** Passages after the first must cover at least this share of what the first covers. Default 0.35, tuned. */
  relativeCoverage: number;
  /**
   * Passages after the first must also cover at least this share of the minimum coverage (minCoverage or
   * crossScriptMinCoverage), whatever the first covers. Default 0.5, design.
   */
  followerMinCoverageShare: number;
  /** Weight kept (0–1) by an English word that a mostly-Chinese corpus never uses, in a question that is partly Chinese. Default 0.4, tuned. */
  absentForeignWordFactor: number;
  /** Longest question accepted, in characters. Default 1,000. Design. */
  maxQuestionChars: number;
}

export const defaultRankingOptions: Readonly<RankingOptions> = Object.freeze({
  top: 3,
  offset: 0,
  minCoverage: 0.4,
  crossScriptMinCoverage: 0.3,
  minMatchedWeight: 6.5,
  bm25Weight: 0.25,
  documentWeight: 0.3,
  contextCredit: 0.5,
  charCredit: 0.5,
  metaCredit: 0.7,
  soundAlikeCredit: 0.8,
  translationCredit: 0.9,
  sameMeaningCredit: 0.7,
  typedCoverageShare: 0.85,
  identityBonus: 0.15,
  candidates: 200,
  documentCandidates: 10,
  documentLeadPassages: 3,
  sectionBoost: 0.5,
  titleBoost: 2,
  leadBoost: 1,
  relativeCoverage: 0.35,
  followerMinCoverageShare: 0.5,
  absentForeignWordFactor: 0.4,
  maxQuestionChars: 1_000,
});

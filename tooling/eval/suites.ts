import { existsSync } from 'node:fs';
import { MANPAGES_CACHE, manpagesAvailable, renderManpages } from '../corpora/manpages.ts';

/**
 * The corpora the project measures itself on, each with its question files. Every question set is
 * split in two: `tune` (looked at while developing and used by tooling/tune.ts to choose defaults) and
 * `test` (only reported). The dev and "more" sets of the article are the first sets, kept as they were.
 */
export interface Suite {
  name: string;
  /** Prepares the corpus folder (renders it, when needed) and returns it, or null when it is not installed. */
  corpus(): Promise<string | null>;
  tune: string[];
  test: string[];
}

export const GIMP_HELP_DIR = '/usr/share/gimp/2.0/help/zh_CN';

export const SUITES: readonly Suite[] = [
  {
    name: 'article',
    corpus: () => Promise.resolve('corpus'),
    tune: ['eval/dev-questions.json', 'eval/more-questions.json', 'eval/article/tune.json'],
    test: ['eval/article/test.json'],
  },
  {
    name: 'manpages',
    async corpus() {
      if (!manpagesAvailable()) return null;
      await renderManpages();
      return MANPAGES_CACHE;
    },
    tune: ['eval/manpages/tune.json'],
    test: ['eval/manpages/test.json'],
  },
  {
    name: 'gimp',
    corpus: () => Promise.resolve(existsSync(GIMP_HELP_DIR) ? GIMP_HELP_DIR : null),
    tune: ['eval/gimp/tune.json'],
    test: ['eval/gimp/test.json'],
  },
];

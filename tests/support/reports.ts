import type { ReindexReport } from '../../src/store/reindexReport.ts';

/** A reindex report that failed and changed nothing, with the fields a test names replaced. */
export function failedReport(fields: Partial<ReindexReport>): ReindexReport {
  return {
    ok: false,
    shared: false,
    added: [],
    removed: [],
    changed: [],
    documentsBefore: 1,
    documentsAfter: 1,
    passagesBefore: 1,
    passagesAfter: 1,
    tookMs: 1,
    problems: [],
    error: null,
    errorCode: null,
    errorWords: null,
    ...fields,
  };
}

import { unchangedReport } from '../../src/store/libraryBuild.ts';
import type { ReindexReport } from '../../src/store/reindexReport.ts';

/** A reindex report that failed and changed nothing, with the fields a test names replaced. */
export function failedReport(fields: Partial<ReindexReport>): ReindexReport {
  return { ...unchangedReport(null), ...fields };
}

import { parseArgs } from 'node:util';
import { computeInsights } from '../observe/insights.ts';
import { openQueryLogForReading } from '../observe/readLog.ts';
import { cliContext } from './cliContext.ts';
import { renderInsightsTable } from './insightsTable.ts';
import { UsageError, runMain } from './runMain.ts';

const USAGE = 'usage: npm run --silent insights -- [--days N] [--top N] [--guild ID] [--json]';

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

await runMain(USAGE, () => {
  const { values } = parseArgs({
    options: {
      days: { type: 'string' },
      top: { type: 'string' },
      guild: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const days = wholeNumber('days', values.days, 7, 1, 3_650);
  const top = wholeNumber('top', values.top, 10, 1, 100);
  if (values.guild !== undefined && !/^\d{17,20}$/.test(values.guild))
    throw new UsageError('--guild must be a server id (17–20 digits)');
  const { config } = cliContext();
  const { db, file } = openQueryLogForReading(config.dataDir);
  try {
    const insights = computeInsights(db, { days, top, ...(values.guild ? { guildId: values.guild } : {}) });
    console.log(values.json ? JSON.stringify(insights) : renderInsightsTable(insights, file));
  } finally {
    db.close();
  }
});

import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserFacingError, describeError } from '../errors.ts';
import { DB_FILE } from './queryLog.ts';
import { SCHEMA_VERSION } from './schema.ts';

/**
 * Opens the query log read-only, for reports while the bot keeps writing (WAL lets both run at once).
 * Each way it can be unusable is a UserFacingError saying what to do; nothing is ever created or migrated.
 */
export function openQueryLogForReading(dataDir: string): { db: Database.Database; file: string } {
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file)) {
    throw new UserFacingError('insights.noLog', { file });
  }
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) {
      throw new UserFacingError(version < SCHEMA_VERSION ? 'insights.schemaOlder' : 'insights.schemaNewer', {
        file,
        version,
        expected: SCHEMA_VERSION,
      });
    }
    return { db, file };
  } catch (err) {
    db?.close();
    if (err instanceof UserFacingError) throw err;
    throw new UserFacingError('insights.unreadable', { file, detail: describeError(err) }, { cause: err });
  }
}

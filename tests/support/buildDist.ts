import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The e2e project's global setup: compiles src/ to dist/ (`npm run build`, incremental) once before any file
 * runs, so that the tests of what an operator runs (`npm start`, `npm run ask`, `npm run reindex`,
 * `npm run deploy-commands`) spawn the compiled JavaScript of the sources under test, never a stale build.
 */
export default function setup(): void {
  const built = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
}

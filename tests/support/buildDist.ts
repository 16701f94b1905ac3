import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The e2e project's global setup: compiles src/ to dist/ (incremental) and bundles the entry, as `npm run build`
 * does (without the dictionary packs), once before any file runs, so that the tests of what an operator runs (`npm start`, `npm run ask`, `npm run reindex`,
 * `npm run deploy-commands`) spawn the compiled JavaScript of the sources under test, never a stale build.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const built = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
  // dist/index.js is the bundle of the entry (src/cli/bundle.ts), made again each time: tsc does not emit an
  // unchanged entry again, so a bundle left from an earlier build would run stale code.
  const bundled = spawnSync(process.execPath, ['dist/cli/bundle.js'], { cwd: root, encoding: 'utf8' });
  if (bundled.status !== 0 || bundled.stderr.includes('warning')) {
    throw new Error(`bundling the entry failed:\n${bundled.stdout}${bundled.stderr}`);
  }
}

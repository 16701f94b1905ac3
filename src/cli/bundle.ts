// `npm run build` runs this last: the bot's entry (src/index.ts) with everything it imports, its pure-JavaScript
// packages included, as the one file dist/index.js that `npm start` runs. Loading ~500 modules (ours as ESM,
// discord.js and its dependencies as CommonJS) took about 0.4 s of the bot's start; one file takes a fraction of
// that. Packages with native code or files of their own stay outside (EXTERNAL), resolved from node_modules at run
// time as before. A failure is a warning: tsc's dist/index.js (the same code, unbundled) stays and runs.
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describeError } from '../errors.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = path.join(ROOT, 'dist', 'index.js');

/**
 * Left to Node's resolver: native addons (their binaries are found next to their package), optional packages
 * of discord.js's gateway that are not installed, and opencc-js: inside the bundle its 2.2 MB of conversion
 * tables kept the article bot ~12 MB larger after warm-up (167 against 180 MB, medians of 5 botMemory runs),
 * for ~60 ms less start-up.
 */
const EXTERNAL = [
  'better-sqlite3',
  '@node-rs/jieba',
  '@node-rs/jieba/*',
  'zlib-sync',
  'bufferutil',
  'utf-8-validate',
  'opencc-js',
];

const started = performance.now();
const tmp = `${OUT}.${process.pid}.tmp`;
try {
  const result = await build({
    entryPoints: [path.join(ROOT, 'src', 'index.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // The CommonJS packages inside call require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as createRequireOfBundle } from 'node:module'; const require = createRequireOfBundle(import.meta.url);",
    },
    // Where this module sits changes: store/workerBuild.ts finds the worker's file by it.
    define: { WENDA_BUNDLE: 'true' },
    logLevel: 'error',
    metafile: true,
  });
  await rename(tmp, OUT);
  const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
  const ms = Math.round(performance.now() - started);
  process.stderr.write(`bot entry bundled: ${(bytes / 1e6).toFixed(1)} MB in ${ms} ms (${OUT})\n`);
} catch (err) {
  await rm(tmp, { force: true });
  process.stderr.write(
    `warning: could not bundle the bot's entry (dist/index.js runs unbundled): ${describeError(err)}\n`,
  );
}

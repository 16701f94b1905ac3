/**
 * A vitest reporter that prints how long each test file took, slowest first, after the run:
 * `npx vitest run --reporter=default --reporter=./tooling/fileTimes.ts`.
 * A file's time is its import (collect) plus its tests and hooks (beforeAll included), in seconds; files run two
 * at a time, so the column adds up to about twice the wall time.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class FileTimes implements Reporter {
  private readonly rows: Array<{ file: string; collect: number; run: number; tests: number }> = [];

  onTestModuleEnd(module: TestModule): void {
    const d = module.diagnostic();
    this.rows.push({
      file: module.relativeModuleId,
      collect: d.collectDuration / 1000,
      run: d.duration / 1000,
      tests: [...module.children.allTests()].length,
    });
  }

  onTestRunEnd(): void {
    this.rows.sort((a, b) => b.collect + b.run - (a.collect + a.run));
    console.log('\n   total  import   tests+hooks  (s)  file (tests)');
    for (const r of this.rows) {
      const cells = [r.collect + r.run, r.collect, r.run].map((n) => n.toFixed(1).padStart(7));
      console.log(`${cells.join(' ')}        ${r.file} (${r.tests})`);
    }
    const sum = this.rows.reduce((s, r) => s + r.collect + r.run, 0);
    console.log(`${sum.toFixed(1).padStart(8)} s in ${this.rows.length} files`);
  }
}

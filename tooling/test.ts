/**
 * `npm test`: the one gate, its four steps at once — typecheck, lint and the format check beside the tests,
 * which leave the two cores idle while they wait for processes, sockets and timers. The tests print as they
 * run; each other step's output is printed when it ends (in full when it failed). The gate fails when any step
 * does, and ends with one line per step.
 */
import { spawn } from 'node:child_process';

interface Step {
  script: string;
  /** The tests stream their own progress; the other steps are quiet until they end. */
  live: boolean;
}

const STEPS: Step[] = [
  { script: 'typecheck', live: false },
  { script: 'lint', live: false },
  { script: 'format:check', live: false },
  { script: 'vitest', live: true },
];

interface Outcome {
  script: string;
  code: number | null;
  seconds: number;
}

function run(step: Step): Promise<Outcome> {
  const started = performance.now();
  const child = spawn('npm', ['run', '--silent', step.script], {
    stdio: step.live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve) => {
    child.on('error', (err) => {
      output += `${err.message}\n`;
    });
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (!step.live && (code !== 0 || output.trim() !== '')) {
        process.stdout.write(`\n── npm run ${step.script} ${code === 0 ? 'passed' : 'FAILED'} ──\n${output}`);
      }
      resolve({ script: step.script, code, seconds });
    });
  });
}

const outcomes = await Promise.all(STEPS.map(run));
console.log('');
for (const o of outcomes) {
  console.log(`${o.code === 0 ? 'ok    ' : 'FAILED'} npm run ${o.script.padEnd(12)} ${o.seconds.toFixed(1)} s`);
}
process.exitCode = outcomes.every((o) => o.code === 0) ? 0 : 1;

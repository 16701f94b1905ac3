import os from 'node:os';
import { round } from '../../src/cli/stats.ts';

/** The machine a measurement ran on, as the measuring scripts print it beside their figures. */
export function machine(): {
  cpu: string;
  cores: number;
  node: string;
  platform: string;
  loadAverage: number[];
  totalMemGB: number;
} {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    totalMemGB: round(os.totalmem() / 2 ** 30, 1),
  };
}

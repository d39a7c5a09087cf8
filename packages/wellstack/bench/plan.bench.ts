// `npm run bench`: per preset, the wall time of `wellstack plan` (cdk-nag, CloudFormation validator,
// findings, cost, diagram, report), of `plan --no-validation` (where the validator's share shows), and of
// a bare `app.synth()` of the same stacks, all as fresh processes in the same run, and the ratio of plan
// to bare synth. Prints a table; each figure is the median of RUNS runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRESET_NAMES } from '../src/config/index.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(root, '../../node_modules/.bin/tsx');

function wall(command: string, args: string[]): number {
  const start = process.hrtime.bigint();
  execFileSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const rows: string[][] = [];
for (const preset of PRESET_NAMES) {
  const plan: number[] = [];
  const planNoValidation: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = mkdtempSync(join(tmpdir(), `wellstack-bench-${preset}-`));
    try {
      const planRun = (dir: string, ...extra: string[]) =>
        wall(process.execPath, [
          'bin/wellstack.js',
          'plan',
          '--preset',
          preset,
          '--out',
          join(out, dir),
          '--json',
          ...extra,
        ]);
      plan.push(planRun('plan'));
      planNoValidation.push(planRun('fast', '--no-validation'));
      bare.push(wall(tsx, ['bench/bare-synth.ts', preset, join(out, 'bare')]));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    process.stderr.write(`  ${preset} run ${i + 1}/${RUNS}\n`);
  }
  const p = median(plan);
  const b = median(bare);
  rows.push([
    preset,
    `${p.toFixed(2)} s`,
    `${median(planNoValidation).toFixed(2)} s`,
    `${b.toFixed(2)} s`,
    `${(p / b).toFixed(2)}×`,
  ]);
}

const header = ['preset', 'wellstack plan', 'plan --no-validation', 'bare app.synth()', 'plan / bare'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
console.log(`median of ${RUNS} runs, each a fresh process (node ${process.version})`);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));

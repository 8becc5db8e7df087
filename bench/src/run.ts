/**
 * Runs every benchmark on loopback, one after the other, each bounded in count and time, and
 * writes bench/results/<date>.md and .json with each figure beside its goal.
 *   npm run bench                 full run
 *   npm run bench -- --quick      short run (under 2 minutes)
 *   npm run bench -- --only NAME  one benchmark (repeatable)
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeResults, type BenchSection, type Figure } from './lib/report.js';
import { BENCHES } from './benches.js';

export interface BenchOptions {
  quick: boolean;
  /** Repo root, for spawning the built gateway and reading dist folders. */
  root: string;
  log: (line: string) => void;
}

export interface Bench {
  name: string;
  run(options: BenchOptions): Promise<Figure[]>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.flatMap((a, i) => (a === '--only' && args[i + 1] ? [args[i + 1]!] : []));

const selected = BENCHES.filter((b) => only.length === 0 || only.includes(b.name));
if (selected.length === 0) {
  console.error(
    `No benchmark matches ${only.join(', ')}. Known: ${BENCHES.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}

const sections: BenchSection[] = [];
for (const bench of selected) {
  const t0 = performance.now();
  const loadStart = os.loadavg()[0]!;
  const log = (line: string) => console.log(`[${bench.name}] ${line}`);
  log(quick ? 'quick run' : 'full run');
  try {
    const figures = await bench.run({ quick, root, log });
    sections.push({
      bench: bench.name,
      figures,
      durationSeconds: (performance.now() - t0) / 1000,
      load: { start: loadStart, end: os.loadavg()[0]! },
    });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`FAILED: ${message}`);
    sections.push({
      bench: bench.name,
      figures: [],
      durationSeconds: (performance.now() - t0) / 1000,
      load: { start: loadStart, end: os.loadavg()[0]! },
      error: message.split('\n')[0],
    });
  }
  for (const f of sections.at(-1)!.figures)
    log(
      `${f.name}: ${f.value ?? 'n/a'} ${f.unit} (goal ${f.goal}) ${f.met === null ? '' : f.met ? 'met' : 'MISSED'}`,
    );
}

const files = writeResults(path.join(root, 'bench', 'results'), sections, quick);
console.log(
  `\nWrote ${path.relative(process.cwd(), files.md)} and ${path.relative(process.cwd(), files.json)}`,
);

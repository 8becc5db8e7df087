import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Figure {
  /** What was measured, e.g. "10,000 checks at 10 s: gateway CPU". */
  name: string;
  value: number | null;
  unit: string;
  /** Human goal, e.g. "≤ 0.6 core". */
  goal: string;
  /** null when the figure has no pass/fail goal or could not be measured. */
  met: boolean | null;
  note?: string;
  /** Longer evidence (e.g. one line per chunk) listed under the section's table. */
  details?: string[];
}

export interface BenchSection {
  bench: string;
  figures: Figure[];
  durationSeconds: number;
  /** 1-minute load average when the benchmark started and ended: other work on the machine skews every figure. */
  load?: { start: number; end: number };
  error?: string;
}

export function machine() {
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    if (execSync('git status --porcelain', { encoding: 'utf8' }).trim()) commit += '+dirty';
  } catch {
    // not a checkout
  }
  // an A/B run's gateway is another build: the checkout's commit is only the bench's
  if (process.env.AETHER_BENCH_GATEWAY) commit += ', gateway: another build (AETHER_BENCH_GATEWAY)';
  // and an A/B of a flag says which
  if (process.env.AETHER_BENCH_NODE_ARGS)
    commit += `, gateway flags: ${process.env.AETHER_BENCH_NODE_ARGS}`;
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    commit,
  };
}

const fmt = (f: Figure) =>
  f.value === null
    ? 'n/a'
    : `${Number.isInteger(f.value) ? f.value : f.value.toFixed(f.value < 10 ? 3 : 1)} ${f.unit}`.trim();

const verdict = (f: Figure) => (f.met === null ? '—' : f.met ? 'met' : '**missed**');

export function writeResults(
  dir: string,
  sections: BenchSection[],
  quick: boolean,
): { md: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const now = new Date();
  const stamp = now.toISOString().replace(/[:]/g, '-').replace(/\..+/, '');
  const m = machine();
  const base = path.join(dir, `${stamp}${quick ? '-quick' : ''}`);
  writeFileSync(
    `${base}.json`,
    JSON.stringify({ at: now.toISOString(), quick, machine: m, sections }, null, 2) + '\n',
  );
  const lines = [
    `# Benchmark results ${now.toISOString()}${quick ? ' (quick)' : ''}`,
    '',
    `Machine: ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; commit ${m.commit}.`,
    '',
  ];
  for (const s of sections) {
    const load = s.load
      ? `, load average ${s.load.start.toFixed(1)} → ${s.load.end.toFixed(1)} on ${m.cores} cores`
      : '';
    lines.push(`## ${s.bench} (${s.durationSeconds.toFixed(0)} s${load})`, '');
    if (s.error) lines.push(`Failed: ${s.error}`, '');
    lines.push('| figure | value | goal | verdict |', '|---|---|---|---|');
    for (const f of s.figures)
      lines.push(
        `| ${f.name} | ${fmt(f)} | ${f.goal} | ${verdict(f)}${f.note ? ` — ${f.note}` : ''} |`,
      );
    lines.push('');
    for (const f of s.figures.filter((x) => x.details?.length))
      lines.push(`${f.name}:`, '', ...f.details!.map((d) => `- ${d}`), '');
  }
  writeFileSync(`${base}.md`, lines.join('\n'));
  return { md: `${base}.md`, json: `${base}.json` };
}

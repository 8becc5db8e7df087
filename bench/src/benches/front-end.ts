import type { Bench, BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { startFrontEndStack } from '../lib/front-end-stack.js';
import {
  openBrowser,
  openColdBrowser,
  LAUNCH_SETTLE_MS,
  recordScripts,
  PAGE_PROBES,
  type Chunk,
} from '../lib/browser.js';
import { quantile } from '../lib/stats.js';
import { figure } from '../lib/figure.js';
import { frameCostControls, frameCostUnderUpdates } from './frame-cost.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadWaterfall } from '../lib/load-waterfall.js';

const kB = 1000;

interface Load {
  readyMs: number;
  chunks: Chunk[];
}

/** One cold load (fresh profile) of a shell URL until `panels` panels say ready. */
async function coldLoad(url: string, panels: number): Promise<Load> {
  const session = await openBrowser();
  try {
    const scripts = recordScripts(session.page);
    await session.page.addInitScript(`window.__benchPanels = ${panels};\n${PAGE_PROBES}`);
    await session.page.goto(url);
    await session.page.waitForFunction(
      () => (window as unknown as { __bench: { readyAt: number | null } }).__bench.readyAt !== null,
      null,
      { timeout: 30_000 },
    );
    const readyMs = await session.page.evaluate(
      () => (window as unknown as { __bench: { readyAt: number } }).__bench.readyAt,
    );
    await sleep(300); // let late chunk bodies settle
    return { readyMs, chunks: await scripts() };
  } finally {
    await session.close();
  }
}

interface FirstRowsLoad {
  firstRowMs: number;
  fleetMs: number | null;
  waterfall: string[];
}

/**
 * One cold load of the health panel until its list shows a first service row, with the load's
 * waterfall (every request's start and end, the event stream's first events, long tasks).
 * AETHER_BENCH_BROWSER_PROF=DIR also writes a V8 CPU profile of the page from navigation to the
 * whole fleet in (read it with src/tools/profile-top.ts).
 */
async function coldFirstRows(url: string, index: number): Promise<FirstRowsLoad> {
  const session = await openColdBrowser();
  try {
    await session.page.addInitScript(`window.__benchPanels = 1;\n${PAGE_PROBES}`);
    const recording = await loadWaterfall(session, `first-rows-${index}`);
    await session.page.goto(url);
    // A load that draws no row in 30 s counts as never (Infinity) and still lists its waterfall:
    // a starved gateway's run then says where it waited instead of failing the bench.
    const drawn = await session.page
      .waitForFunction(
        () =>
          (window as unknown as { __bench: { firstRowAt: number | null } }).__bench.firstRowAt !==
          null,
        null,
        { timeout: 30_000 },
      )
      .then(
        () => true,
        () => false,
      );
    // then the whole fleet (for the note; not the goal)
    if (drawn)
      await session.page
        .waitForFunction(
          () =>
            (window as unknown as { __bench: { fleetAt: number | null } }).__bench.fleetAt !== null,
          null,
          { timeout: 20_000 },
        )
        .catch(() => undefined);
    await recording.stopProfile();
    const marks = await session.page.evaluate(() => {
      const b = (
        window as unknown as { __bench: { firstRowAt: number | null; fleetAt: number | null } }
      ).__bench;
      return { firstRowMs: b.firstRowAt ?? Infinity, fleetMs: b.fleetAt };
    });
    const waterfall = await recording.lines({
      'first row': Number.isFinite(marks.firstRowMs) ? marks.firstRowMs : null,
      'whole fleet in': marks.fleetMs,
    });
    return { ...marks, waterfall };
  } finally {
    await session.close();
  }
}

/**
 * Issue 16: first rows of the health list ≤ 1.0 s after navigation (median of 5 cold loads) with
 * 10,000 services probed at 10 s — the gateway busy probing, every service with results. The
 * details list the waterfall of the median load.
 */
async function firstRowsAtScale(options: BenchOptions): Promise<Figure[]> {
  const services = 10_000;
  const stack = await startFrontEndStack(options, services, false);
  try {
    await sleep(options.quick ? 5_000 : 15_000); // every check probed once (first runs spread ≤ 10 s)
    const runs = options.quick ? 2 : 5;
    const loads: FirstRowsLoad[] = [];
    for (let i = 0; i < runs; i++)
      loads.push(await coldFirstRows(`${stack.shell.url}/p/health`, i));
    const first = loads.map((l) => l.firstRowMs);
    const fleet = loads.map((l) => l.fleetMs ?? Number.NaN);
    const median = [...loads].sort((a, b) => a.firstRowMs - b.firstRowMs)[(runs - 1) >> 1]!;
    return [
      figure(
        `Health list first rows at ${services.toLocaleString('en')} services probed at 10 s, median of ${runs} cold loads`,
        quantile(first, 0.5),
        'ms',
        '≤ 1,000 ms',
        quantile(first, 0.5) <= 1000,
        `loads: ${first.map((r) => (Number.isFinite(r) ? r.toFixed(0) : 'none in 30 s')).join(', ')} ms from navigation start to the first service row; the whole fleet in (the list no longer aria-busy): ${fleet.map((r) => (Number.isFinite(r) ? r.toFixed(0) : '—')).join(', ')} ms; fresh --user-data-dir each, navigated ${LAUNCH_SETTLE_MS} ms after Chromium's launch (AETHER_BENCH_LAUNCH_SETTLE_MS); the waterfall of the load of ${median.firstRowMs.toFixed(0)} ms is listed below (ms from navigation start)`,
        median.waterfall,
      ),
    ];
  } finally {
    await stack.stop();
  }
}

const name = (c: Chunk) => c.url.replace(/^https?:\/\/[^/]+\//, '');
const sumOf = (chunks: Chunk[], key: 'raw' | 'gzip') => chunks.reduce((n, c) => n + c[key], 0);
const isReact = (c: Chunk) => /react/i.test(name(c));

function chunkLines(chunks: Chunk[], owner: (c: Chunk) => string): string[] {
  return [...chunks]
    .sort((a, b) => b.gzip - a.gzip)
    .map(
      (c) =>
        `${owner(c)} ${name(c).slice(0, 110)}: ${(c.raw / kB).toFixed(1)} kB raw, ${(c.gzip / kB).toFixed(1)} kB gzip`,
    );
}

async function firstView(options: BenchOptions): Promise<Figure[]> {
  const stack = await startFrontEndStack(options, 100, false);
  try {
    const owner = (c: Chunk) =>
      c.origin === stack.shell.url
        ? 'shell'
        : c.origin === stack.health.url
          ? 'health'
          : c.origin === stack.interaction.url
            ? 'interaction'
            : c.origin;
    const loads: Load[] = [];
    const runs = options.quick ? 2 : 5;
    for (let i = 0; i < runs; i++) loads.push(await coldLoad(`${stack.shell.url}/panels`, 2)); // both panels side by side (/ is Now)
    const chunks = loads[0]!.chunks;
    const gzip = sumOf(chunks, 'gzip');
    const raw = sumOf(chunks, 'raw');
    const by = (o: string) => chunks.filter((c) => owner(c) === o);
    const split = ['shell', 'health', 'interaction']
      .map((o) => `${o} ${(sumOf(by(o), 'gzip') / kB).toFixed(1)} kB`)
      .join(', ');
    const react = chunks.filter(isReact);
    const ready = loads.map((l) => l.readyMs);

    const alone = await coldLoad(`${stack.shell.url}/p/health`, 1);
    const panelOwn = alone.chunks.filter((c) => c.origin === stack.health.url);
    const panelReact = panelOwn.filter(isReact);
    return [
      figure(
        'First view JS (shell + shared React + both panels), gzip',
        gzip / kB,
        'kB',
        '≤ 150 kB gzip',
        gzip <= 150 * kB,
        `${(raw / kB).toFixed(1)} kB raw in ${chunks.length} scripts; by origin (gzip): ${split}; React-named chunks ${(sumOf(react, 'gzip') / kB).toFixed(1)} kB gzip in ${react.length}`,
        chunkLines(chunks, owner),
      ),
      figure(
        `Time to both panels ready (data-panel-state="ready"), median of ${runs} cold loads`,
        quantile(ready, 0.5),
        'ms',
        '≤ 1,000 ms',
        quantile(ready, 0.5) <= 1000,
        `loads: ${ready.map((r) => r.toFixed(0)).join(', ')} ms from navigation start; 100 services; fresh --user-data-dir each; served by ${stack.shell.kind}`,
      ),
      figure(
        'Health panel alone: its JS beyond shared React, gzip',
        sumOf(panelOwn, 'gzip') / kB,
        'kB',
        '≤ 40 kB gzip',
        sumOf(panelOwn, 'gzip') <= 40 * kB,
        `${(sumOf(panelOwn, 'raw') / kB).toFixed(1)} kB raw in ${panelOwn.length} scripts from the panel's origin (React comes from the shell's shared copy; React-named chunks from the panel's origin: ${panelReact.length}, ${(sumOf(panelReact, 'gzip') / kB).toFixed(1)} kB)`,
        chunkLines(panelOwn, () => 'health'),
      ),
    ];
  } finally {
    await stack.stop();
  }
}

/** First-view bytes and time, the health panel's own bytes, the panel under 10,000 services' updates and the controls of that measure. */
export const frontEnd: Bench = {
  name: 'front-end',
  async run(options) {
    const figures = await firstView(options);
    if (options.quick) return figures; // 10,000 services under updates only in the full suite
    options.log('first view done; 10,000 services under updates');
    figures.push(...(await frameCostUnderUpdates(options)));
    options.log('controls on a blank page');
    figures.push(...(await frameCostControls(options)));
    return figures;
  },
};

/** The health list's first rows at 10,000 services (issue 16), on its own stack. */
export const firstRows: Bench = {
  name: 'first-rows',
  run: firstRowsAtScale,
};

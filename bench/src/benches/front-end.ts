import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EventSource } from 'eventsource';
import type { Bench, BenchOptions } from '../run.js';
import type { Figure } from '../lib/report.js';
import { startGateway, loadConfig, type GatewayRun } from '../lib/gateway.js';
import { startTarget, type Target } from '../lib/target.js';
import { startAetherStatic, type StaticServer } from '../lib/static-server.js';
import { freePort } from '../lib/spawn.js';
import { openBrowser, recordScripts, PAGE_PROBES, type Chunk } from '../lib/browser.js';
import { quantile } from '../lib/stats.js';
import { figure } from '../lib/figure.js';

const kB = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Stack {
  shell: StaticServer & { kind: string };
  health: StaticServer;
  interaction: StaticServer;
  gateway: GatewayRun;
  target: Target;
  stop(): Promise<void>;
}

/** Shell + both panels (built dist folders) on loopback static servers, and a gateway whose registry points at them. */
async function startStack(options: BenchOptions, services: number, alternate: boolean): Promise<Stack> {
  // the shell's origin must be in the gateway's allowedOrigins and the gateway's URL in the
  // shell's page: fix the shell's port first, then start the gateway, then the shell
  const shellPort = await freePort();
  const shellOrigin = `http://127.0.0.1:${shellPort}`;
  const health = await startAetherStatic(options.root, { dir: path.join(options.root, 'panels/health/dist'), cors: [shellOrigin] });
  const interaction = await startAetherStatic(options.root, { dir: path.join(options.root, 'panels/interaction/dist'), cors: [shellOrigin] });
  const target = await startTarget(options.root, 0, 0, alternate);
  const config = loadConfig(services, target.port);
  const checks = config.services.map((s) => ({ ...s, checks: s.checks.map((c) => ({ ...c, failAfter: 1, recoverAfter: 1 })) }));
  const gateway = await startGateway(options.root, {
    ...config,
    services: checks,
    server: { ...config.server, allowedOrigins: [shellOrigin] },
    panels: [
      { id: 'health', title: 'Health', entry: `${health.url}/mf-manifest.json`, module: './Panel' },
      { id: 'interaction', title: 'Operate', entry: `${interaction.url}/mf-manifest.json`, module: './Panel' },
    ],
  });
  const shell = await startAetherStatic(options.root, {
    dir: path.join(options.root, 'shell/dist'),
    port: shellPort,
    spa: true,
    gatewayUrl: gateway.url,
    cspFromRegistry: gateway.url,
  });
  return {
    shell,
    health,
    interaction,
    gateway,
    target,
    async stop() {
      await Promise.all([shell.close(), health.close(), interaction.close()]);
      await gateway.stop();
      await target.stop();
    },
  };
}

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
    await session.page.waitForFunction(() => (window as unknown as { __bench: { readyAt: number | null } }).__bench.readyAt !== null, null, { timeout: 30_000 });
    const readyMs = await session.page.evaluate(() => (window as unknown as { __bench: { readyAt: number } }).__bench.readyAt);
    await sleep(300); // let late chunk bodies settle
    return { readyMs, chunks: await scripts() };
  } finally {
    await session.close();
  }
}

const name = (c: Chunk) => c.url.replace(/^https?:\/\/[^/]+\//, '');
const sumOf = (chunks: Chunk[], key: 'raw' | 'gzip') => chunks.reduce((n, c) => n + c[key], 0);
const isReact = (c: Chunk) => /react/i.test(name(c));

function chunkLines(chunks: Chunk[], owner: (c: Chunk) => string): string[] {
  return [...chunks]
    .sort((a, b) => b.gzip - a.gzip)
    .map((c) => `${owner(c)} ${name(c).slice(0, 110)}: ${(c.raw / kB).toFixed(1)} kB raw, ${(c.gzip / kB).toFixed(1)} kB gzip`);
}

async function firstView(options: BenchOptions): Promise<Figure[]> {
  const stack = await startStack(options, 100, false);
  try {
    const owner = (c: Chunk) => (c.origin === stack.shell.url ? 'shell' : c.origin === stack.health.url ? 'health' : c.origin === stack.interaction.url ? 'interaction' : c.origin);
    const loads: Load[] = [];
    const runs = options.quick ? 2 : 5;
    for (let i = 0; i < runs; i++) loads.push(await coldLoad(`${stack.shell.url}/`, 2));
    const chunks = loads[0]!.chunks;
    const gzip = sumOf(chunks, 'gzip');
    const raw = sumOf(chunks, 'raw');
    const by = (o: string) => chunks.filter((c) => owner(c) === o);
    const split = ['shell', 'health', 'interaction'].map((o) => `${o} ${(sumOf(by(o), 'gzip') / kB).toFixed(1)} kB`).join(', ');
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

/**
 * The health panel on 10,000 services while the gateway reports real status changes: the
 * target answers each path 200 and 500 in turn and every check runs every 10 s with
 * failAfter/recoverAfter 1, so each probe changes a status — 1,000 changes/s if the gateway
 * keeps up. The rate actually delivered is counted on a second SSE stream.
 */
async function scale(options: BenchOptions): Promise<Figure[]> {
  const stack = await startStack(options, 10_000, true);
  const session = await openBrowser();
  try {
    await session.page.addInitScript(`window.__benchPanels = 1;\n${PAGE_PROBES}`);
    await session.page.goto(`${stack.shell.url}/p/health`);
    await session.page.waitForFunction(() => (window as unknown as { __bench: { readyAt: number | null } }).__bench.readyAt !== null, null, { timeout: 60_000 });
    await sleep(options.quick ? 3_000 : 8_000); // the list loaded and every check past its first run
    let statusEvents = 0;
    const counter = new EventSource(`${stack.gateway.url}/api/events`);
    counter.addEventListener('status', () => statusEvents++);
    // the stream counts only once its (10,000-service) snapshot is through
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no snapshot on the counting SSE stream within 30 s')), 30_000);
      counter.addEventListener('snapshot', () => (clearTimeout(timer), resolve()));
    });
    const windowMs = options.quick ? 5_000 : 10_000;
    statusEvents = 0;
    // AETHER_BENCH_BROWSER_PROF=DIR: a V8 CPU profile of the page over the window (read it with src/tools/profile-top.ts)
    const profileDir = process.env.AETHER_BENCH_BROWSER_PROF;
    const cdp = profileDir ? await session.context.newCDPSession(session.page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    await session.page.evaluate(() => (window as unknown as { __benchStart(): void }).__benchStart());
    await sleep(windowMs);
    if (cdp && profileDir) {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(path.join(profileDir, `health-panel-10k-${Date.now()}.cpuprofile`), JSON.stringify(profile));
    }
    const recorded = await session.page.evaluate(() => (window as unknown as { __benchStop(): { frames: number[]; longTasks: number[] } }).__benchStop());
    const rate = statusEvents / (windowMs / 1000);
    counter.close();
    const deltas = recorded.frames.slice(1).map((t, i) => t - recorded.frames[i]!);
    const p95 = quantile(deltas, 0.95);
    const dropped = deltas.filter((d) => d > 20).length;
    const lt = recorded.longTasks;
    const source = `real status changes from the gateway: ${rate.toFixed(0)} status events/s delivered on a second SSE stream during the window${rate < 990 ? ' (below the 1,000/s asked: the gateway does not produce more here; no synthetic events were added)' : ''}`;
    return [
      figure(
        `Health panel, 10,000 services, status updates for ${windowMs / 1000} s: p95 frame interval`,
        p95,
        'ms',
        '≤ 16 ms (one 60 Hz frame, 16.7 ms)',
        p95 <= 16.7,
        `${deltas.length} frames (${dropped} over 20 ms), p50 ${quantile(deltas, 0.5).toFixed(1)} ms, p99 ${quantile(deltas, 0.99).toFixed(1)} ms, max ${Math.max(...deltas).toFixed(0)} ms (requestAnimationFrame timestamps; headless Chromium paces rAF at 60 Hz, so an idle page shows 16.7 ms); ${source}`,
      ),
      figure(
        'Health panel, 10,000 services, under updates: long tasks',
        lt.length,
        'tasks',
        '—',
        null,
        `${lt.reduce((n, d) => n + d, 0).toFixed(0)} ms in long tasks over ${windowMs / 1000} s, longest ${lt.length ? Math.max(...lt).toFixed(0) : 0} ms`,
      ),
    ];
  } finally {
    await session.close();
    await stack.stop();
  }
}

/** First-view bytes and time, the health panel's own bytes, and the panel under 10,000 services' updates. */
export const frontEnd: Bench = {
  name: 'front-end',
  async run(options) {
    const figures = await firstView(options);
    if (options.quick) return figures; // 10,000 services under updates only in the full suite
    options.log('first view done; 10,000 services under updates');
    figures.push(...(await scale(options)));
    return figures;
  },
};

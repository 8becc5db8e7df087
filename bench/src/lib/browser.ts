import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.AETHER_BENCH_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export interface Session {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Asks Chromium not to pace frames to the display. Headless Chromium 156 (Debian) keeps its
 * 60 Hz pacing with them (an idle page's rAF interval goes from 16.7 to ~17.5 ms), so frame cost
 * is measured from a trace instead (frame-costs.ts); the front-end benchmark checks them on a
 * blank page each run, in case a later Chromium honours them.
 */
export const UNPACED_FLAGS = ['--disable-gpu-vsync', '--disable-frame-rate-limit'];

/** Debian's headless Chromium on a fresh --user-data-dir: every session is a cold load. */
export async function openBrowser(extraFlags: string[] = []): Promise<Session> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const profile = mkdtempSync(path.join(os.tmpdir(), 'aether-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...FLAGS, ...extraFlags],
    viewport: { width: 1440, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * How long a cold-load bench leaves a just-launched Chromium alone before it navigates
 * (AETHER_BENCH_LAUNCH_SETTLE_MS, default 1,500; 0 navigates at once, as the benches did before
 * the eighth session). A user's browser is running when they open the page: "cold" is the fresh
 * profile (no cache, no cookies), not a browser process seconds old. On this 2-core machine
 * Chromium's own start-up keeps both cores busy for about a second after launch, and a page
 * navigated into it measured that start-up: the gateway's first byte of the first read, starved
 * beside it, 295–852 ms at once vs 29–238 ms after 1.5 s (scratch runs, same stack).
 */
export const LAUNCH_SETTLE_MS = Number(process.env.AETHER_BENCH_LAUNCH_SETTLE_MS ?? 1_500);

/** A cold session for a load measured from navigation: fresh profile, launched and settled. */
export async function openColdBrowser(): Promise<Session> {
  const session = await openBrowser();
  if (LAUNCH_SETTLE_MS > 0) await new Promise((resolve) => setTimeout(resolve, LAUNCH_SETTLE_MS));
  return session;
}

export interface Chunk {
  url: string;
  origin: string;
  raw: number;
  gzip: number;
}

/** Every script the page downloads, with its body's raw and gzip (level 6, what servers use) size. */
export function recordScripts(page: Page): () => Promise<Chunk[]> {
  const pending: Promise<Chunk | undefined>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    pending.push(
      response.body().then(
        (body) => ({
          url: response.url(),
          origin: new URL(response.url()).origin,
          raw: body.length,
          gzip: gzipSync(body, { level: 6 }).length,
        }),
        () => undefined,
      ),
    );
  });
  return async () => (await Promise.all(pending)).filter((c): c is Chunk => c !== undefined);
}

/**
 * In-page probes installed before any page script: the time (performance.now, from navigation
 * start) when N panels report data-panel-state="ready" and when the health list shows its first
 * service row, a requestAnimationFrame recorder and a
 * long-task observer that a benchmark starts and stops.
 */
export const PAGE_PROBES = `
(() => {
  const w = window;
  w.__bench = { readyAt: null, firstRowAt: null, fleetAt: null, contentAt: null, frames: [], longTasks: [], recording: false };
  const check = () => {
    if (w.__bench.readyAt === null && document.querySelectorAll('[data-panel-state="ready"]').length >= (w.__benchPanels || 2)) {
      w.__bench.readyAt = performance.now();
    }
    // the health list's first service row (a row's name cell), whatever the panel's state says
    if (w.__bench.firstRowAt === null && document.querySelector('[role="listitem"] .hp-row__name')) {
      w.__bench.firstRowAt = performance.now();
    }
    // a page's first content where a bench names it (window.__benchContent: a CSS selector)
    if (w.__bench.contentAt === null && w.__benchContent && document.querySelector(w.__benchContent)) {
      w.__bench.contentAt = performance.now();
    }
    // and when that list stops being busy: the whole fleet is in
    if (w.__bench.fleetAt === null && document.querySelector('[role="list"][aria-label="Services"][aria-busy="false"]')) {
      w.__bench.fleetAt = performance.now();
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-panel-state', 'aria-busy'] });
  const frame = (t) => { if (w.__bench.recording) { w.__bench.frames.push(t); requestAnimationFrame(frame); } };
  w.__benchStart = () => {
    w.__bench.frames = []; w.__bench.longTasks = []; w.__bench.recording = true;
    requestAnimationFrame(frame);
  };
  w.__benchStop = () => { w.__bench.recording = false; return w.__bench; };
  try {
    new PerformanceObserver((list) => {
      if (!w.__bench.recording) return;
      for (const e of list.getEntries()) w.__bench.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
  } catch {}
})();
`;

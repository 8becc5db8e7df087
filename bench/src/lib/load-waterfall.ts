import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import type { Session } from './browser.js';

/**
 * The requests of one page load, in the order they started, with when each started and ended
 * (ms from navigation start) — what waits on what before the first row is drawn. Resource Timing
 * gives the fetches and scripts (cross-origin answers without Timing-Allow-Origin still give start
 * and end); an EventSource never ends, so a wrapper installed before any page script notes when
 * each stream was opened, when it was open, and when each event type first arrived with its size.
 */
export const WATERFALL_PROBES = `
(() => {
  const w = window;
  w.__waterfall = { streams: [], longTasks: [] };
  const Native = w.EventSource;
  if (Native) {
    const Wrapped = function (url, init) {
      const es = new Native(url, init);
      const stream = { url: String(url), createdAt: performance.now(), openAt: null, first: {} };
      w.__waterfall.streams.push(stream);
      es.addEventListener('open', () => { if (stream.openAt === null) stream.openAt = performance.now(); });
      const add = es.addEventListener.bind(es);
      es.addEventListener = (type, listener, options) => {
        add(type, (e) => {
          if (!stream.first[type]) stream.first[type] = { at: performance.now(), bytes: (e.data || '').length };
        }, options);
        return add(type, listener, options);
      };
      return es;
    };
    Wrapped.prototype = Native.prototype;
    Wrapped.CONNECTING = Native.CONNECTING; Wrapped.OPEN = Native.OPEN; Wrapped.CLOSED = Native.CLOSED;
    w.EventSource = Wrapped;
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__waterfall.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})();
`;

export interface WaterfallRow {
  name: string;
  start: number;
  end: number | null;
  /** Encoded body bytes when the origin shares its timing (same origin), else null. */
  bytes: number | null;
}

export interface Waterfall {
  rows: WaterfallRow[];
  /** Main-thread tasks over 50 ms before the first row: [start, duration]. */
  longTasks: [number, number][];
}

/** Reads the waterfall of the page's load so far (call after the marks of interest). */
export async function readWaterfall(page: Page): Promise<Waterfall> {
  return page.evaluate(() => {
    type Stream = {
      url: string;
      createdAt: number;
      openAt: number | null;
      first: Record<string, { at: number; bytes: number }>;
    };
    const w = window as unknown as {
      __waterfall: { streams: Stream[]; longTasks: [number, number][] };
    };
    const rows: WaterfallRow[] = [];
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    if (nav)
      rows.push({
        name: `document ${new URL(nav.name).pathname}`,
        start: nav.startTime,
        end: nav.responseEnd,
        bytes: nav.encodedBodySize || null,
      });
    for (const e of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      const url = new URL(e.name);
      rows.push({
        name: `${e.initiatorType} :${url.port}${url.pathname}${url.search}`,
        start: e.startTime,
        end: e.responseEnd,
        bytes: e.encodedBodySize || null,
      });
    }
    for (const s of w.__waterfall.streams) {
      const url = new URL(s.url);
      rows.push({
        name: `EventSource :${url.port}${url.pathname}${url.search} created`,
        start: s.createdAt,
        end: s.openAt,
        bytes: null,
      });
      for (const [type, first] of Object.entries(s.first))
        rows.push({
          name: `  first '${type}' event`,
          start: first.at,
          end: first.at,
          bytes: first.bytes,
        });
    }
    return { rows: rows.sort((a, b) => a.start - b.start), longTasks: w.__waterfall.longTasks };
  });
}

/**
 * One line per request: start → end (duration), bytes; marks (first row…) in their place. Long
 * tasks are listed up to the mark named `until` (the load's goal: the first row, first content).
 */
export function waterfallLines(
  waterfall: Waterfall,
  marks: Record<string, number | null>,
  until = 'first row',
): string[] {
  const ms = (n: number) => `${n.toFixed(0)}`.padStart(5);
  const lines = waterfall.rows.map((r) => ({
    at: r.start,
    text: `${ms(r.start)} → ${r.end === null ? '    …' : ms(r.end)} ms  ${r.name}${r.bytes ? ` (${(r.bytes / 1000).toFixed(1)} kB)` : ''}`,
  }));
  for (const [mark, at] of Object.entries(marks))
    if (at !== null) lines.push({ at, text: `${ms(at)}          ** ${mark} **` });
  const tasks = waterfall.longTasks.filter(([start]) => start <= (marks[until] ?? Infinity));
  if (tasks.length)
    lines.push({
      at: Infinity,
      text: `long tasks before the ${until}: ${tasks.map(([s, d]) => `${s.toFixed(0)}+${d.toFixed(0)}`).join(', ')} ms`,
    });
  return lines.sort((a, b) => a.at - b.at).map((l) => l.text);
}

interface NetRequest {
  url: string;
  /** when the page asked (s, the protocol's monotonic clock) */
  asked: number;
  /** ResourceTiming of the answer: requestTime (s) and phase offsets (ms) from it */
  timing?: {
    requestTime: number;
    connectStart: number;
    connectEnd: number;
    sendStart: number;
    sendEnd: number;
    receiveHeadersEnd: number;
  };
  connection?: number;
  reused?: boolean;
  finished?: number;
  bytes?: number;
}

export interface NetworkPhases {
  url: string;
  /** ms from navigation start, as the page's performance.now() */
  asked: number;
  /** ms between asking and the request leaving (a socket, a connection's turn, the cache) */
  queued: number;
  /** ms to open a connection (0 when one was reused) */
  connect: number;
  /** ms from the request sent to the answer's headers: the server's time to first byte */
  firstByte: number;
  /** ms from the headers to the body's end (null: never ended, an event stream) */
  transfer: number | null;
  connection: number | null;
  bytes: number | null;
}

/**
 * Records every request's phases from Chromium's own network log (DevTools protocol), cross-origin
 * ones included (Resource Timing hides their phases without Timing-Allow-Origin): queued in the
 * browser before it left, connecting, the server's time to first byte, the body's transfer.
 * Enable it before navigating; the read is relative to the document's own request (≈ navigation
 * start, within a ms).
 */
export async function recordNetwork(cdp: CDPSession): Promise<() => NetworkPhases[]> {
  const requests = new Map<string, NetRequest>();
  cdp.on('Network.requestWillBeSent', (p) => {
    // a redirect reuses the id: keep the first ask
    if (!requests.has(p.requestId))
      requests.set(p.requestId, { url: p.request.url, asked: p.timestamp });
  });
  cdp.on('Network.responseReceived', (p) => {
    const r = requests.get(p.requestId);
    if (!r) return;
    r.timing = p.response.timing;
    r.connection = p.response.connectionId;
    r.reused = p.response.connectionReused;
  });
  cdp.on('Network.loadingFinished', (p) => {
    const r = requests.get(p.requestId);
    if (!r) return;
    r.finished = p.timestamp;
    r.bytes = p.encodedDataLength;
  });
  await cdp.send('Network.enable');
  return () => {
    const all = [...requests.values()];
    const zero = all[0]?.asked ?? 0; // the document
    return all.map((r) => {
      const t = r.timing;
      const ms = (s: number) => (s - zero) * 1000;
      const sent = t ? t.requestTime * 1000 + Math.max(t.sendEnd, 0) : null;
      const headers = t ? t.requestTime * 1000 + t.receiveHeadersEnd : null;
      return {
        url: r.url,
        asked: ms(r.asked),
        queued: t
          ? (t.requestTime - r.asked) * 1000 +
            Math.max(t.sendStart, 0) -
            Math.max(t.connectEnd - t.connectStart, 0)
          : 0,
        connect: t && t.connectStart >= 0 ? t.connectEnd - t.connectStart : 0,
        firstByte: sent !== null && headers !== null ? headers - sent : 0,
        transfer: r.finished !== undefined && headers !== null ? r.finished * 1000 - headers : null,
        connection: r.connection ?? null,
        bytes: r.bytes ?? null,
      };
    });
  };
}

/** One line per request: asked at, then queued / connect / first byte / transfer (ms), connection. */
export function phaseLines(rows: NetworkPhases[]): string[] {
  const ms = (n: number) => `${n.toFixed(0)}`.padStart(5);
  return rows
    .filter((r) => r.url.startsWith('http'))
    .sort((a, b) => a.asked - b.asked)
    .map((r) => {
      const url = new URL(r.url);
      const end =
        r.transfer === null
          ? '    …'
          : ms(r.asked + r.queued + r.connect + r.firstByte + r.transfer);
      return `${ms(r.asked)} → ${end} ms  queued ${ms(r.queued)} · connect ${ms(r.connect)} · first byte ${ms(r.firstByte)} · transfer ${r.transfer === null ? '    …' : ms(r.transfer)}  #${r.connection ?? '?'} :${url.port}${url.pathname}${url.search.slice(0, 60)}${r.bytes ? ` (${(r.bytes / 1000).toFixed(1)} kB)` : ''}`;
    });
}

export interface LoadRecording {
  /**
   * The load's waterfall so far: requests, the event stream's first events and the long tasks
   * before the mark named `until`, marks in their place; then each request's phases from
   * Chromium's network log.
   */
  lines(marks: Record<string, number | null>, until?: string): Promise<string[]>;
  /** Ends the load's CPU profile, if one runs, and writes it (call once the load's marks are in). */
  stopProfile(): Promise<void>;
}

/**
 * What a cold-load bench records of one load, set up on a fresh session before it navigates: the
 * waterfall probes, every request's phases from Chromium's network log, and with
 * AETHER_BENCH_BROWSER_PROF=DIR a V8 CPU profile of the page from navigation on, written as
 * `DIR/<profileName>-<time>.cpuprofile` (read it with src/tools/profile-top.ts).
 */
export async function loadWaterfall(session: Session, profileName: string): Promise<LoadRecording> {
  await session.page.addInitScript(WATERFALL_PROBES);
  const profileDir = process.env.AETHER_BENCH_BROWSER_PROF;
  const profiler = profileDir ? await session.context.newCDPSession(session.page) : undefined;
  // every request's phases: queued in the browser, connect, the server's first byte, transfer
  // (Resource Timing hides them for cross-origin answers)
  const network = await recordNetwork(await session.context.newCDPSession(session.page));
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.setSamplingInterval', { interval: 200 });
    await profiler.send('Profiler.start');
  }
  let profiling = profiler !== undefined;
  return {
    async lines(marks, until) {
      return [
        ...waterfallLines(await readWaterfall(session.page), marks, until),
        'each request: asked → ended, then queued in the browser · connect · first byte · transfer (ms), connection #',
        ...phaseLines(network()),
      ];
    },
    async stopProfile() {
      if (!profiler || !profileDir || !profiling) return;
      profiling = false;
      const { profile } = await profiler.send('Profiler.stop');
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(
        path.join(profileDir, `${profileName}-${Date.now()}.cpuprofile`),
        JSON.stringify(profile),
      );
      await profiler.detach();
    },
  };
}

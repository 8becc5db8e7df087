#!/usr/bin/env node
// Watches probing through the ha profile's balancer (scripts/ci-ha.sh): every POLL seconds for
// DURATION seconds it reads every service's checks (GET /api/services/:id) and records how old
// each check's last result is. A check whose last result grows older than leaseTtl + its own
// interval + SLACK was not probed by anyone for longer than a takeover may take: a gap. Every
// request goes through the balancer; a failed one is counted (a killed gateway must not show).
// Usage: node scripts/ci-ha-watch.mjs --url http://127.0.0.1:8090 [--seconds 45] [--poll 2]
//          [--lease-ttl 15] [--slack 8]
// Prints one line per poll and a table per check; exit 0 when no gap and no failed request.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8090' },
    seconds: { type: 'string', default: '45' },
    poll: { type: 'string', default: '2' },
    'lease-ttl': { type: 'string', default: '15' },
    slack: { type: 'string', default: '8' },
  },
});
const base = values.url.replace(/\/$/, '');
const seconds = Number(values.seconds);
const pollMs = Number(values.poll) * 1000;
const leaseTtlMs = Number(values['lease-ttl']) * 1000;
const slackMs = Number(values.slack) * 1000;

/** GET with a bound: a hung request counts as failed instead of stalling the stage. */
async function get(path) {
  const res = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
  return res.json();
}

const worst = new Map(); // "service/check" → {ageMs, allowedMs, at}
let failed = 0;
let polls = 0;
const started = Date.now();
while (Date.now() - started < seconds * 1000) {
  const pollStarted = Date.now();
  polls += 1;
  try {
    const list = await get('/api/services');
    const details = await Promise.all(
      list.map((s) => get(`/api/services/${encodeURIComponent(s.id)}`)),
    );
    const now = Date.now();
    let oldest = { key: '-', ageMs: 0 };
    for (const service of details) {
      for (const check of service.checks) {
        const key = `${service.id}/${check.id}`;
        const at = check.lastResult ? Date.parse(check.lastResult.timestamp) : NaN;
        const ageMs = Number.isNaN(at) ? Infinity : now - at;
        const allowedMs = leaseTtlMs + check.intervalMs + slackMs;
        const prev = worst.get(key);
        if (!prev || ageMs > prev.ageMs) worst.set(key, { ageMs, allowedMs, at: now - started });
        if (ageMs > oldest.ageMs) oldest = { key, ageMs };
      }
    }
    console.log(
      `  t+${String(Math.round((now - started) / 1000)).padStart(3)}s  ${details.length} services, oldest last result ${fmt(oldest.ageMs)} (${oldest.key})`,
    );
  } catch (error) {
    failed += 1;
    console.log(
      `  t+${String(Math.round((Date.now() - started) / 1000)).padStart(3)}s  request failed: ${error.message}`,
    );
  }
  await new Promise((r) => setTimeout(r, Math.max(0, pollMs - (Date.now() - pollStarted))));
}

let gaps = 0;
console.log('  check                   worst age   allowed (leaseTtl + interval + slack)');
for (const [key, { ageMs, allowedMs, at }] of [...worst].sort()) {
  const gap = ageMs > allowedMs;
  if (gap) gaps += 1;
  console.log(
    `  ${key.padEnd(22)}  ${fmt(ageMs).padStart(9)}   ${fmt(allowedMs).padStart(7)}${gap ? `   GAP (seen at t+${Math.round(at / 1000)}s)` : ''}`,
  );
}
console.log(`  ${polls} polls, ${failed} failed requests, ${worst.size} checks, ${gaps} gaps`);
process.exit(gaps === 0 && failed === 0 && worst.size > 0 ? 0 : 1);

function fmt(ms) {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)}s` : 'never';
}

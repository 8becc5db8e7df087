#!/usr/bin/env node
// Listens to GET /api/events on several gateways at once for SECONDS and counts, per stream, the
// distinct checks its `result` events came from. In a cluster each gateway probes only its own
// shards; every check whose interval fits in the window must still show on every stream, since
// each gateway relays the others' results (LISTEN/NOTIFY): what a browser on any gateway, or
// behind the balancer, needs. The checks and intervals are read from --api (GET /api/services).
// Usage: node scripts/ci-ha-sse.mjs --api URL [--seconds 16] NAME=URL...
// Prints one line per stream; exit 0 when every stream carried every expected check.
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: {
    seconds: { type: 'string', default: '16' },
    api: { type: 'string', default: 'http://127.0.0.1:8090' },
  },
  allowPositionals: true,
});
const seconds = Number(values.seconds);

async function listen(name, url) {
  const seen = new Set();
  let events = 0;
  const res = await fetch(`${url.replace(/\/$/, '')}/api/events`, {
    headers: { accept: 'text/event-stream' },
    signal: AbortSignal.timeout(seconds * 1000),
  });
  if (!res.ok || !res.body) throw new Error(`${name}: GET /api/events answered ${res.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const type = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (type !== 'result' || !data) continue;
        events += 1;
        const result = JSON.parse(data);
        seen.add(`${result.serviceId}/${result.checkId}`);
      }
    }
  } catch (error) {
    if (error.name !== 'TimeoutError' && error.name !== 'AbortError') throw error;
  }
  return { name, seen, events };
}

const expected = await checksWithin(seconds * 1000 - 1000);
const results = await Promise.all(
  positionals.map((pair) => {
    const at = pair.indexOf('=');
    return listen(pair.slice(0, at), pair.slice(at + 1));
  }),
);
let short = 0;
for (const { name, seen, events } of results) {
  const missing = expected.filter((key) => !seen.has(key));
  if (missing.length > 0) short += 1;
  console.log(
    `  ${name}: results of ${expected.length - missing.length}/${expected.length} checks (${events} events)${missing.length ? `, missing ${missing.join(', ')}` : ''}`,
  );
}
process.exit(short === 0 && expected.length > 0 ? 0 : 1);

/** The checks probed at least once in a window of this length: their interval fits in it. */
async function checksWithin(ms) {
  const get = async (path) => {
    const res = await fetch(`${values.api.replace(/\/$/, '')}${path}`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`);
    return res.json();
  };
  const list = await get('/api/services');
  const details = await Promise.all(
    list.map((s) => get(`/api/services/${encodeURIComponent(s.id)}`)),
  );
  return details.flatMap((s) =>
    s.checks.filter((c) => c.intervalMs <= ms).map((c) => `${s.id}/${c.id}`),
  );
}

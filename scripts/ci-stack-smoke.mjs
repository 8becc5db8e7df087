#!/usr/bin/env node
// Smoke checks of a deployed stack from the Docker host, as a browser would reach it:
// gateway health and panel registry, the shell's page with its CSP, each panel's manifest with
// CORS for the shell's origin. Exit 0 when all pass, 1 otherwise. Bounded: one request each.
const gateway = process.env.AETHER_GATEWAY_URL ?? 'http://127.0.0.1:8080';
const shell = process.env.AETHER_SHELL_URL ?? 'http://127.0.0.1:5173';
const shellOrigin = 'http://localhost:5173';

const checks = [
  ['gateway /health is ok', async () => (await json(`${gateway}/health`)).status === 'ok'],
  ['gateway /ready is 200', async () => (await fetch(`${gateway}/ready`)).status === 200],
  [
    'panel registry lists health and interaction',
    async () => {
      const ids = (await json(`${gateway}/api/panels`)).map((p) => p.id);
      return ids.includes('health') && ids.includes('interaction');
    },
  ],
  [
    'shell page is served with a Content-Security-Policy',
    async () => {
      const res = await fetch(`${shell}/`);
      return (
        res.ok && (await res.text()).includes('<div') && res.headers.has('content-security-policy')
      );
    },
  ],
  [
    'shell deep link falls back to index.html',
    async () => (await fetch(`${shell}/services/orders`)).ok,
  ],
  ...[
    ['health', 'http://127.0.0.1:5174'],
    ['interaction', 'http://127.0.0.1:5175'],
  ].map(([id, base]) => [
    `${id} panel manifest is served with CORS for the shell`,
    async () => {
      const res = await fetch(`${base}/mf-manifest.json`, { headers: { origin: shellOrigin } });
      const allowed = res.headers.get('access-control-allow-origin');
      return (
        res.ok &&
        (allowed === shellOrigin || allowed === '*') &&
        typeof (await res.json()) === 'object'
      );
    },
  ]),
];

async function json(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

let failed = 0;
for (const [name, run] of checks) {
  let ok = false;
  let why = '';
  try {
    ok = await run();
  } catch (error) {
    why = ` (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!ok) failed += 1;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${why}`);
}
console.log(`smoke: ${checks.length - failed} of ${checks.length} checks ok`);
process.exit(failed === 0 ? 0 : 1);

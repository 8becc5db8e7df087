// Bytes of JavaScript the health remote adds to a page, read from a build's mf-manifest.json:
// first view = remoteEntry + the ./Panel expose's sync chunks; lazy = its async chunks. Chunks of
// shared singletons (react, react-dom, @aether/ui) are left out: the shell provides them.
// Usage: node scripts/bundle-size.mjs [distDir]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const manifest = JSON.parse(readFileSync(join(dist, 'mf-manifest.json'), 'utf8'));
const sharedChunks = new Set(
  manifest.shared.flatMap((s) => [...s.assets.js.sync, ...s.assets.js.async]),
);
const expose = manifest.exposes.find((e) => e.path === './Panel');

function measure(files) {
  const own = files.filter((f) => !sharedChunks.has(f) && f.endsWith('.js'));
  const rows = own.map((f) => {
    const bytes = readFileSync(join(dist, f));
    return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  return {
    rows,
    raw: rows.reduce((n, r) => n + r.raw, 0),
    gzip: rows.reduce((n, r) => n + r.gzip, 0),
  };
}

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const first = measure([manifest.metaData.remoteEntry.name, ...expose.assets.js.sync]);
const lazy = measure(expose.assets.js.async);
for (const [label, m] of [
  ['first view', first],
  ['lazy (detail, chart)', lazy],
]) {
  console.log(`${label}: ${kb(m.raw)} raw, ${kb(m.gzip)} gzip`);
  for (const r of m.rows.sort((a, b) => b.gzip - a.gzip))
    console.log(`  ${kb(r.gzip).padStart(9)}  ${r.file}`);
}

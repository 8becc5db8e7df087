/**
 * Prints what a V8 heap snapshot (node --heapsnapshot-signal) holds: self size and count by
 * constructor (objects) or node type, largest first — the evidence behind an RSS figure.
 *   npx tsx src/tools/heap-top.ts FILE.heapsnapshot [N]
 */
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const top = Number(process.argv[3] ?? 25);
if (!file) {
  console.error('usage: heap-top.ts FILE.heapsnapshot [N]');
  process.exit(2);
}
const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
};
const fields = snapshot.snapshot.meta.node_fields;
const types = snapshot.snapshot.meta.node_types[0];
const width = fields.length;
const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [
  number,
  number,
  number,
];
const totals = new Map<string, { bytes: number; count: number }>();
let all = 0;
for (let i = 0; i < snapshot.nodes.length; i += width) {
  const type = types[snapshot.nodes[i + typeAt]!]!;
  const key = type === 'object' ? `object ${snapshot.strings[snapshot.nodes[i + nameAt]!]}` : type;
  const bytes = snapshot.nodes[i + sizeAt]!;
  all += bytes;
  const t = totals.get(key) ?? { bytes: 0, count: 0 };
  t.bytes += bytes;
  t.count++;
  totals.set(key, t);
}
console.log(`${(all / 2 ** 20).toFixed(1)} MiB in the snapshot`);
for (const [key, t] of [...totals].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top)) {
  console.log(
    `${(t.bytes / 2 ** 20).toFixed(1).padStart(8)} MiB ${String(t.count).padStart(9)}  ${key}`,
  );
}

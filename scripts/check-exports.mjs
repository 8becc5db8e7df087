#!/usr/bin/env node
// Every workspace package's `exports`, `main`, `types` and `bin` must name files that exist
// after `turbo run build`: an entry pointing at nothing only fails in whoever imports it, late.
// .ci/run calls this right after the build. Exit 0 when all exist, 1 with the list otherwise.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The manifests of a workspace pattern of the root package.json ("gateway", "panels/*"). */
function manifests(pattern) {
  const dirs = pattern.endsWith('/*')
    ? readdirSync(join(root, pattern.slice(0, -2))).map((d) => join(pattern.slice(0, -2), d))
    : [pattern];
  return dirs.map((d) => join(d, 'package.json')).filter((m) => existsSync(join(root, m)));
}

/** Every file path an exports/main/types/bin field names (conditions and subpaths flattened). */
function targets(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(targets);
  return [];
}

const missing = [];
let checked = 0;
for (const pattern of workspaces) {
  for (const manifest of manifests(pattern)) {
    const pkg = JSON.parse(readFileSync(join(root, manifest), 'utf8'));
    const dir = dirname(manifest);
    for (const field of ['exports', 'main', 'types', 'bin']) {
      for (const target of targets(pkg[field])) {
        if (target.includes('*')) continue; // subpath patterns name no single file
        checked++;
        if (!existsSync(join(root, dir, target)))
          missing.push(`${manifest}: ${field} -> ${target}`);
      }
    }
  }
}
if (missing.length > 0) {
  console.error(
    `package entry points that name no file (build first?):\n  ${missing.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`package entry points: all ${checked} exist`);

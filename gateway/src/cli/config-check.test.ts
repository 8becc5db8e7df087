import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configCheck } from './config-check.js';
import type { CliIo } from './io.js';

const dir = mkdtempSync(join(tmpdir(), 'aether-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(yaml: string) {
  const file = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    interactive: false,
    color: false,
  };
  return { code: configCheck(file, io, {}), stdout, stderr, file };
}

describe('aether config check', () => {
  it('exits 0 for a valid config', () => {
    const { code, stdout } = check(
      'services:\n  - id: orders\n    name: Orders\n    baseUrl: http://127.0.0.1:9101\n    checks:\n      - { id: health, type: http, path: /health }\n',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/ok \(1 service, 1 check\)/);
  });

  it('exits 1 with file:line:col for each problem', () => {
    const { code, stderr, file } = check(
      'services:\n  - id: orders\n    name: Orders\n    checks:\n      - { id: db, type: tcp, port: 99999 }\n',
    );
    expect(code).toBe(1);
    expect(stderr).toContain(`${file}:5:`);
    expect(stderr).toMatch(/would refuse to start/);
  });

  it('exits 1 for a file that does not exist', () => {
    let stderr = '';
    const io: CliIo = {
      out: () => undefined,
      err: (t) => void (stderr += t),
      interactive: false,
      color: false,
    };
    expect(configCheck(join(dir, 'missing.yaml'), io, {})).toBe(1);
    expect(stderr).toMatch(/missing\.yaml/);
  });
});

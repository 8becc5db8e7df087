import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { expect, inject, it } from 'vitest';

const require = createRequire(import.meta.url);
const REDOCLY = path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
const CONFIG = path.resolve(import.meta.dirname, '../../redocly.yaml');

it('GET /api/openapi.json of the real gateway passes `redocly lint` (recommended-strict)', async () => {
  const response = await fetch(`${inject('gatewayUrl')}/api/openapi.json`);
  expect(response.status).toBe(200);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-openapi-'));
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, await response.text());
    const result = spawnSync(
      process.execPath,
      [REDOCLY, 'lint', file, '--config', CONFIG, '--format', 'stylish'],
      {
        encoding: 'utf8',
        // loopback only: no telemetry, no update check
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          NO_COLOR: '1',
        },
      },
    );
    expect({
      status: result.status,
      output: result.status === 0 ? '' : `${result.stdout}${result.stderr}`,
    }).toEqual({ status: 0, output: '' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const AETHER = path.join(ROOT, 'gateway/bin/aether.js');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
// What the Secret and compose's environment provide, with the shapes the gateway checks.
const ENV = {
  PATH: process.env.PATH,
  AETHER_DATABASE_URL: 'postgres://aether:pw@db.internal:5432/aether',
  AETHER_ADMIN_TOKEN_SHA256: sha256('admin'),
  AETHER_OPERATOR_TOKEN_SHA256: sha256('operator'),
  AETHER_STATIC_TOKEN_SHA256: sha256('static'),
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aether-deploy-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `aether config check FILE`, the gateway's own validation: exit code and output. */
async function configCheck(text: string): Promise<{ code: number; output: string }> {
  const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, text);
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [AETHER, 'config', 'check', file],
      {
        env: ENV,
      },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const configMapText = async () =>
  (
    parse(await readFile(path.join(ROOT, 'deploy/kubernetes/gateway-configmap.yaml'), 'utf8')) as {
      data: Record<string, string>;
    }
  ).data['aether.config.yaml']!;

describe('the gateway configs of the scaled-out deployments pass `aether config check`', () => {
  it('the Kubernetes ConfigMap, on Postgres and clustered', async () => {
    const text = await configMapText();
    expect(parse(text)).toMatchObject({
      storage: { postgres: '${AETHER_DATABASE_URL}' },
      cluster: {},
    });
    const { code, output } = await configCheck(text);
    expect(output).toMatch(/: ok \(/);
    expect(code).toBe(0);
  });

  it("the compose ha profile's config, on Postgres and clustered", async () => {
    const text = await readFile(path.join(ROOT, 'examples/aether.config.compose-ha.yaml'), 'utf8');
    expect(parse(text)).toMatchObject({
      storage: { postgres: '${AETHER_DATABASE_URL}' },
      cluster: {},
    });
    const { code, output } = await configCheck(text);
    expect(output).toMatch(/: ok \(5 services, /);
    expect(code).toBe(0);
  });

  it('a broken copy fails (a lease TTL the gateway refuses)', async () => {
    const text = (await configMapText()).replace(/leaseTtl: 15s/, 'leaseTtl: 1s');
    expect(text).toContain('leaseTtl: 1s');
    const { code, output } = await configCheck(text);
    expect(code).toBe(1);
    expect(output).toMatch(/cluster\.leaseTtl/);
  });
});

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createSampleService } from '@aether/sample-service';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const GATEWAY_BIN = path.join(ROOT, 'gateway/bin/aether.js');
const START_TIMEOUT_MS = 30_000;

/** Plain tokens of the contract gateway's config (stored there as sha256 only). */
export const CONTRACT_TOKENS = {
  operator: 'contract-operator',
  operator2: 'contract-operator-2',
  admin: 'contract-admin',
  viewer: 'contract-viewer',
};
const SAMPLE_ADMIN_TOKEN = 'contract-sample-admin';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The config the real gateway runs on for the contract test: one sample service on an ephemeral
 * loopback port with an http and a tcp check and the three kinds of operation the UI knows
 * (plain, confirmed, four-eyes), every role's token, and the demo panels.
 */
function contractConfig(sampleUrl: string, samplePort: number): string {
  const token = (name: string, role: string, plain: string) =>
    `    - { name: ${name}, role: ${role}, sha256: ${sha256(plain)} }`;
  return `server:
  port: 0
  allowedOrigins: [http://localhost:5173]
  metricsPublic: true
storage:
  sqlite: ":memory:"
auth:
  anonymous: viewer
  tokens:
${token('operator-one', 'operator', CONTRACT_TOKENS.operator)}
${token('operator-two', 'operator', CONTRACT_TOKENS.operator2)}
${token('admin-one', 'admin', CONTRACT_TOKENS.admin)}
${token('viewer-one', 'viewer', CONTRACT_TOKENS.viewer)}
panels:
  - { id: health, title: Health, entry: http://localhost:5174/mf-manifest.json, module: ./Panel }
  - { id: interaction, title: Operate, entry: http://localhost:5175/mf-manifest.json, module: ./Panel }
services:
  - id: orders
    name: Orders API
    group: commerce
    tags: [prod]
    baseUrl: ${sampleUrl}
    slo: { objective: 99.9, window: 30d }
    checks:
      - id: health
        type: http
        path: /health
        interval: 5s
        timeout: 2s
        failAfter: 1
        expect: { status: [200], maxLatency: 1s, json: { "$.status": "ok" } }
      - { id: port, type: tcp, port: ${samplePort}, interval: 30s }
    operations:
      - id: flush-cache
        title: Flush cache
        method: POST
        path: /admin/cache/flush
        mutating: true
        approvals: 2
        role: operator
        headers: { authorization: "Bearer \${CONTRACT_SAMPLE_TOKEN:-${SAMPLE_ADMIN_TOKEN}}" }
        params:
          type: object
          properties: { region: { type: string, enum: [eu, us] } }
          required: [region]
          additionalProperties: false
      - id: restart
        title: Restart
        method: POST
        path: /admin/restart
        mutating: true
        role: operator
        headers: { authorization: "Bearer \${CONTRACT_SAMPLE_TOKEN:-${SAMPLE_ADMIN_TOKEN}}" }
      - id: read-config
        title: Read config
        method: GET
        path: /admin/config
        mutating: false
        role: viewer
        headers: { authorization: "Bearer \${CONTRACT_SAMPLE_TOKEN:-${SAMPLE_ADMIN_TOKEN}}" }
`;
}

export interface ContractGateway {
  url: string;
  close(): Promise<void>;
}

/**
 * The real gateway as a process (`aether serve` from gateway/bin, as npm start runs it) on an
 * ephemeral loopback port, in front of a real sample service; its URL is read from its
 * "listening" log line, so no port is guessed.
 */
export async function startContractGateway(): Promise<ContractGateway> {
  if (!existsSync(path.join(ROOT, 'gateway/dist/cli/main.js'))) {
    throw new Error(
      'gateway/dist is missing: run `npx turbo run build` (turbo runs it before `npm test`)',
    );
  }
  const sample = await createSampleService({
    name: 'orders',
    port: 0,
    host: '127.0.0.1',
    adminToken: SAMPLE_ADMIN_TOKEN,
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-contract-'));
  const configPath = path.join(dir, 'aether.config.yaml');
  writeFileSync(configPath, contractConfig(sample.url, sample.port));

  const child = spawn(
    process.execPath,
    [
      GATEWAY_BIN,
      'serve',
      '--config',
      configPath,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--db',
      path.join(dir, 'aether.db'),
    ],
    {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `the gateway did not listen within ${START_TIMEOUT_MS} ms:\n${output.join('\n')}`,
          ),
        ),
      START_TIMEOUT_MS,
    );
    const onLine = (line: string) => {
      output.push(line);
      try {
        const entry = JSON.parse(line) as { url?: string; msg?: string };
        if (entry.msg === 'aether gateway listening' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a JSON log line
      }
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', (line) => output.push(line));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway exited (${code}) before listening:\n${output.join('\n')}`));
    });
  });

  return {
    url,
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
      await sample.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

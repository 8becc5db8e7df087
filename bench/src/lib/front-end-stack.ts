import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchOptions } from '../run.js';
import { startStack } from '../../../scripts/lib/stack.mjs';
import { loadConfig } from './gateway.js';
import { startTarget, type Target } from './target.js';
import { freePort } from './spawn.js';

export interface Served {
  url: string;
}

export interface FrontEndStack {
  /** `kind` names the server, for the figures' notes. */
  shell: Served & { kind: string };
  health: Served;
  interaction: Served;
  gateway: Served & { pid: number };
  target: Target;
  stop(): Promise<void>;
}

/**
 * Shell + both panels (built dist folders) and a gateway whose registry points at them, started
 * by the launcher `npm start` and the browser tests use (scripts/lib/stack.mjs), on free loopback
 * ports with `services` HTTP checks against the bench target instead of the sample fleet.
 */
export async function startFrontEndStack(
  options: BenchOptions,
  services: number,
  alternate: boolean,
  /** A token (plain) the gateway accepts as an operator's, for benches that record deploys. */
  operatorToken?: string,
): Promise<FrontEndStack> {
  const [gatewayPort, shellPort, healthPort, interactionPort] = await Promise.all(
    [0, 1, 2, 3].map(() => freePort()),
  );
  const origin = (port: number) => `http://127.0.0.1:${port}`;
  const target = await startTarget(options.root, 0, 0, alternate);
  const config = loadConfig(services, target.port);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aether-bench-stack-'));
  const configFile = path.join(dir, 'aether.config.yaml');
  // JSON is YAML: the bench writes its config as JSON, as bench/src/lib/gateway.ts does.
  writeFileSync(
    configFile,
    JSON.stringify({
      ...config,
      services: config.services.map((s) => ({
        ...s,
        checks: s.checks.map((c) => ({ ...c, failAfter: 1, recoverAfter: 1 })),
      })),
      server: { ...config.server, host: '127.0.0.1', allowedOrigins: [origin(shellPort!)] },
      // the panels read the fleet without signing in, as in the demo config (the gateway's
      // default is anonymous none: the list would stay empty behind a sign-in prompt)
      auth: {
        anonymous: 'viewer',
        ...(operatorToken && {
          tokens: [
            {
              name: 'bench-operator',
              role: 'operator',
              sha256: createHash('sha256').update(operatorToken).digest('hex'),
            },
          ],
        }),
      },
      panels: [
        { id: 'health', title: 'Health', entry: `${origin(healthPort!)}/mf-manifest.json` },
        {
          id: 'interaction',
          title: 'Operate',
          entry: `${origin(interactionPort!)}/mf-manifest.json`,
        },
      ].map((p) => ({ ...p, module: './Panel' })),
    }),
  );
  try {
    const stack = await startStack({
      root: options.root,
      config: configFile,
      db: path.join(dir, 'aether.db'),
      gatewayPort,
      shellPort,
      panelPorts: { health: healthPort!, interaction: interactionPort! },
      browserHost: '127.0.0.1',
      samples: false,
      // what a user's browser meets: no extra CSP sources beyond the registry's
      cspAllow: [],
      gatewayEnv: { LOG_LEVEL: 'warn' },
      // AETHER_BENCH_CPU_PROF=DIR: a --cpu-prof of this gateway too, as bench/src/lib/gateway.ts does
      gatewayNodeArgs: process.env.AETHER_BENCH_CPU_PROF
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.AETHER_BENCH_CPU_PROF}`]
        : [],
    });
    const pid = stack.pieces.get('gateway')!.child.pid!;
    return {
      shell: { url: stack.urls.shell!, kind: 'aether-static' },
      health: { url: stack.urls.panels.health! },
      interaction: { url: stack.urls.panels.interaction! },
      gateway: { url: stack.urls.gateway, pid },
      target,
      async stop() {
        await stack.close(15_000);
        await target.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await target.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

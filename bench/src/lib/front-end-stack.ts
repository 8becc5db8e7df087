import path from 'node:path';
import type { BenchOptions } from '../run.js';
import { startGateway, loadConfig, type GatewayRun } from './gateway.js';
import { startTarget, type Target } from './target.js';
import { startAetherStatic, type StaticServer } from './static-server.js';
import { freePort } from './spawn.js';

export interface FrontEndStack {
  shell: StaticServer & { kind: string };
  health: StaticServer;
  interaction: StaticServer;
  gateway: GatewayRun;
  target: Target;
  stop(): Promise<void>;
}

/** Shell + both panels (built dist folders) on loopback static servers, and a gateway whose registry points at them. */
export async function startFrontEndStack(
  options: BenchOptions,
  services: number,
  alternate: boolean,
): Promise<FrontEndStack> {
  // the shell's origin must be in the gateway's allowedOrigins and the gateway's URL in the
  // shell's page: fix the shell's port first, then start the gateway, then the shell
  const shellPort = await freePort();
  const shellOrigin = `http://127.0.0.1:${shellPort}`;
  const health = await startAetherStatic(options.root, {
    dir: path.join(options.root, 'panels/health/dist'),
    cors: [shellOrigin],
  });
  const interaction = await startAetherStatic(options.root, {
    dir: path.join(options.root, 'panels/interaction/dist'),
    cors: [shellOrigin],
  });
  const target = await startTarget(options.root, 0, 0, alternate);
  const config = loadConfig(services, target.port);
  const checks = config.services.map((s) => ({
    ...s,
    checks: s.checks.map((c) => ({ ...c, failAfter: 1, recoverAfter: 1 })),
  }));
  const gateway = await startGateway(options.root, {
    ...config,
    services: checks,
    server: { ...config.server, allowedOrigins: [shellOrigin] },
    panels: [
      { id: 'health', title: 'Health', entry: `${health.url}/mf-manifest.json`, module: './Panel' },
      {
        id: 'interaction',
        title: 'Operate',
        entry: `${interaction.url}/mf-manifest.json`,
        module: './Panel',
      },
    ],
  });
  const shell = await startAetherStatic(options.root, {
    dir: path.join(options.root, 'shell/dist'),
    port: shellPort,
    spa: true,
    gatewayUrl: gateway.url,
    cspFromRegistry: gateway.url,
  });
  return {
    shell,
    health,
    interaction,
    gateway,
    target,
    async stop() {
      await Promise.all([shell.close(), health.close(), interaction.close()]);
      await gateway.stop();
      await target.stop();
    },
  };
}

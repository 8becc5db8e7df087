#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { MODES, type Mode } from './behaviour.js';
import { adminTokenFor, startFleet } from './fleet.js';
import { createSampleService } from './sample-service.js';

const USAGE = `usage:
  sample-service --fleet [--host H]          the demo fleet: orders, cart, auth, payments (flaky), search,
                                             db on 9101..9106, DNS on 5353 (UDP), TLS on 9443
  sample-service --name N --port P [--host H] [--mode ${MODES.join('|')}]
Admin tokens come from <NAME>_ADMIN_TOKEN (default demo-<name>-admin-token).`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fleet: { type: 'boolean', default: false },
      name: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
      mode: { type: 'string', default: 'ok' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return void console.log(USAGE);

  let stop: () => Promise<void>;
  if (values.fleet) {
    const fleet = await startFleet({ host: values.host });
    for (const service of fleet.services) console.log(`[sample] ${service.name} on ${service.url}`);
    console.log(`[sample] dns on ${fleet.dns.server} (udp), tls on ${fleet.tls.url}`);
    stop = fleet.close;
  } else {
    const port = Number(values.port);
    if (!values.name || !Number.isInteger(port) || !MODES.includes(values.mode as Mode)) {
      console.error(USAGE);
      process.exit(2);
    }
    const service = await createSampleService({
      name: values.name,
      port,
      host: values.host,
      adminToken: adminTokenFor(values.name),
      behaviour: { mode: values.mode as Mode },
    });
    console.log(`[sample] ${service.name} on ${service.url}`);
    stop = service.close;
  }

  // Graceful: stop accepting, drop held connections (hang mode), exit 0.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[sample] ${signal}: stopping`);
    void stop().then(() => process.exit(0));
    setTimeout(() => process.exit(1), 5000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    `[sample] cannot start: ${code === 'EADDRINUSE' ? `port in use (${(error as Error).message})` : error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});

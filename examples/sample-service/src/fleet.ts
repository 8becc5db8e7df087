import type { Behaviour } from './behaviour.js';
import { createDnsServer, type DnsRecords, type DnsServer } from './dns-server.js';
import { createSampleService, type SampleService } from './sample-service.js';
import { createTlsServer, type TlsServer } from './tls-server.js';

/** The demo fleet that examples/aether.config.yaml watches. */
export const FLEET: readonly { name: string; port: number; behaviour?: Partial<Behaviour> }[] = [
  { name: 'orders', port: 9101 },
  { name: 'cart', port: 9102 },
  { name: 'auth', port: 9103 },
  { name: 'payments', port: 9104, behaviour: { mode: 'flaky', failRate: 0.3 } },
  { name: 'search', port: 9105 },
  // what orders and cart depend on (dependsOn in the demo config): break it to see one root cause
  { name: 'db', port: 9106 },
];
export const FLEET_DNS_PORT = 5353;
export const FLEET_TLS_PORT = 9443;
export const FLEET_DOMAIN = 'aether.test';

/** ORDERS_ADMIN_TOKEN etc., with a documented demo default: demo-<name>-admin-token. */
export function adminTokenFor(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${name.toUpperCase()}_ADMIN_TOKEN`] || `demo-${name}-admin-token`;
}

/** <name>.aether.test → 127.0.0.1 / ::1 for every instance, plus a TXT and a CNAME to test. */
export function fleetRecords(): DnsRecords {
  const records: DnsRecords = {};
  for (const { name } of FLEET)
    records[`${name}.${FLEET_DOMAIN}`] = {
      A: ['127.0.0.1'],
      AAAA: ['::1'],
      TXT: [`aether-service=${name}`],
    };
  records[`www.${FLEET_DOMAIN}`] = { CNAME: [`orders.${FLEET_DOMAIN}`] };
  return records;
}

export interface Fleet {
  services: SampleService[];
  dns: DnsServer;
  tls: TlsServer;
  close(): Promise<void>;
}

/** Starts every instance; if one cannot start (port taken), stops the others and throws. */
/** `ephemeral` puts every piece on a free port instead of the fixed demo ports (tests). */
export async function startFleet(
  options: { host?: string; env?: NodeJS.ProcessEnv; ephemeral?: boolean } = {},
): Promise<Fleet> {
  const host = options.host ?? '127.0.0.1';
  const port = (fixed: number) => (options.ephemeral ? 0 : fixed);
  const started: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(thing: T): T => {
    started.push(thing);
    return thing;
  };
  try {
    const services: SampleService[] = [];
    for (const member of FLEET) {
      services.push(
        track(
          await createSampleService({
            name: member.name,
            port: port(member.port),
            host,
            adminToken: adminTokenFor(member.name, options.env),
            behaviour: member.behaviour,
          }),
        ),
      );
    }
    const dns = track(
      await createDnsServer({ port: port(FLEET_DNS_PORT), host, records: fleetRecords() }),
    );
    const tls = track(await createTlsServer({ port: port(FLEET_TLS_PORT), host }));
    return { services, dns, tls, close: () => closeAll(started) };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

async function closeAll(things: { close(): Promise<void> }[]): Promise<void> {
  await Promise.allSettled(things.map((thing) => thing.close()));
}

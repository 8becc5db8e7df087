import { createSocket } from 'node:dgram';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDnsServer, type DnsServer } from './dns-server.js';

let dns: DnsServer;
beforeAll(async () => {
  dns = await createDnsServer({
    port: 0,
    records: {
      'orders.aether.test': { A: ['127.0.0.1'], AAAA: ['::1'], TXT: ['hello'] },
      'www.aether.test': { CNAME: ['orders.aether.test'] },
    },
  });
});
afterAll(() => dns.close());

async function ask(
  name: string,
  type: 'A' | 'AAAA' | 'TXT' | 'CNAME',
): Promise<dnsPacket.Packet & { rcode?: string }> {
  const socket = createSocket('udp4');
  try {
    const answer = new Promise<Buffer>((resolve) => socket.once('message', resolve));
    socket.send(
      dnsPacket.encode({ type: 'query', id: 7, questions: [{ type, name }] }),
      dns.port,
      '127.0.0.1',
    );
    return dnsPacket.decode(await answer);
  } finally {
    setImmediate(() => socket.close());
  }
}

describe('createDnsServer', () => {
  it.each([
    ['orders.aether.test', 'A', '127.0.0.1'],
    ['orders.aether.test', 'AAAA', '::1'],
    ['www.aether.test', 'CNAME', 'orders.aether.test'],
  ] as const)('answers %s %s', async (name, type, value) => {
    const packet = await ask(name, type);
    expect(packet.id).toBe(7);
    expect(packet.rcode).toBe('NOERROR');
    expect(packet.answers?.map((a) => (a as { data: unknown }).data)).toEqual([value]);
  });

  it('answers TXT', async () => {
    const packet = await ask('orders.aether.test', 'TXT');
    expect(packet.answers?.map((a) => String((a as { data: Buffer[] }).data[0]))).toEqual([
      'hello',
    ]);
  });

  it('says NXDOMAIN for unknown names', async () => {
    expect((await ask('nope.aether.test', 'A')).rcode).toBe('NXDOMAIN');
  });

  it('reports host:port for a dns check', () => {
    expect(dns.server).toBe(`127.0.0.1:${dns.port}`);
  });
});

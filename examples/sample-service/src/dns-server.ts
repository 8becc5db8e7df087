import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket, { type Answer } from 'dns-packet';
import { hostInUrl } from './listen.js';

export type RecordType = 'A' | 'AAAA' | 'TXT' | 'CNAME';
/** name → record type → values, e.g. { 'orders.aether.test': { A: ['127.0.0.1'] } }. */
export type DnsRecords = Record<string, Partial<Record<RecordType, string[]>>>;

export interface DnsServer {
  /** host:port, as a dns check's `server` takes it. */
  server: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A tiny authoritative DNS server over UDP for the demo and tests: answers A, AAAA, TXT and
 * CNAME from a map; NXDOMAIN for names it does not know.
 */
export async function createDnsServer(options: {
  port: number;
  host?: string;
  records: DnsRecords;
}): Promise<DnsServer> {
  const host = options.host ?? '127.0.0.1';
  const records = Object.fromEntries(
    Object.entries(options.records).map(([name, types]) => [
      name.toLowerCase().replace(/\.$/, ''),
      types,
    ]),
  );
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.on('message', (message, peer) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // not DNS: ignore, as real servers do
    }
    const question = query.questions?.[0];
    if (!question) return;
    const known = records[question.name.toLowerCase().replace(/\.$/, '')];
    const values = known?.[question.type as RecordType] ?? [];
    const answers = values.map(
      (data) => ({ type: question.type, name: question.name, ttl: 30, data }) as Answer,
    );
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3), // rcode 3: NXDOMAIN
      questions: [question],
      answers,
    });
    socket.send(response, peer.port, peer.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const { port } = socket.address() as AddressInfo;
  return {
    server: `${hostInUrl(host)}:${port}`,
    port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

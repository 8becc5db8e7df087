import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import dnsPacket, { type Answer } from 'dns-packet';

/** name → record type → values, e.g. { 'orders.test': { A: ['127.0.0.1'] } }. */
export type DnsRecords = Record<string, Partial<Record<'A' | 'AAAA' | 'TXT' | 'CNAME', string[]>>>;

/**
 * A DNS server of our own on 127.0.0.1 UDP: answers from the map, NXDOMAIN for unknown names,
 * and stays silent for names in `silent` (to test timeouts).
 */
export async function createDnsTarget(
  records: DnsRecords,
  options: { silent?: string[] } = {},
): Promise<{ server: string; port: number; queries: string[]; close(): Promise<void> }> {
  const socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (message, peer) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    if (!question) return;
    queries.push(`${question.name} ${question.type}`);
    if (options.silent?.includes(question.name)) return;
    const known = records[question.name.toLowerCase()];
    const values = known?.[question.type as keyof (typeof records)[string]] ?? [];
    const answers = values.map(
      (data) => ({ type: question.type, name: question.name, ttl: 60, data }) as Answer,
    );
    const response = dnsPacket.encode({
      type: 'response',
      id: query.id,
      // NXDOMAIN (rcode 3) for names we do not know; an empty NOERROR answer for other types.
      flags: dnsPacket.AUTHORITATIVE_ANSWER | (known ? 0 : 3),
      questions: [question],
      answers,
    });
    socket.send(response, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    server: `127.0.0.1:${port}`,
    port,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

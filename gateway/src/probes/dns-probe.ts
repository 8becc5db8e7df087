import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';
import type { ProbeError } from '@aether/contract';
import dnsPacket, { type Answer } from 'dns-packet';
import { evaluateConditions, type Observation } from '../conditions/evaluate.js';
import type { DnsCheckConfig, ServiceConfig } from '../config/schema.js';
import { ClassifiedError, classifyError } from './classify-error.js';
import { abortable, startDeadline } from './deadline.js';
import { now, type ProbeOutcome } from './probe-result.js';

/**
 * Asks the configured resolver directly over UDP, never the machine's resolver: a check must
 * say what *that* server answers, and tests run their own server on loopback.
 */
export async function probeDns(
  service: ServiceConfig,
  check: DnsCheckConfig,
  outer?: AbortSignal,
): Promise<ProbeOutcome> {
  const startedAt = Date.now();
  const started = now();
  const { host, port } = parseServer(check.server);
  const errors: ProbeError[] = [];
  const seen: Observation = { latencyMs: 0 };
  const deadline = startDeadline(check.timeout, outer);
  const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
  try {
    const id = randomInt(0, 65_536);
    const query = dnsPacket.encode({
      type: 'query',
      id,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type: check.recordType, name: check.name }],
    });
    const reply = new Promise<dnsPacket.Packet>((resolve, reject) => {
      socket.on('message', (message) => {
        try {
          const packet = dnsPacket.decode(message);
          // Ignore stray datagrams: only our question's id answers it.
          if (packet.id === id) resolve(packet);
        } catch (error) {
          reject(
            new ClassifiedError('protocol', `malformed DNS answer: ${(error as Error).message}`),
          );
        }
      });
      // ICMP port unreachable surfaces here as ECONNREFUSED on a connected socket.
      socket.once('error', reject);
    });
    await abortable(
      new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(port, host, () => resolve());
      }),
      deadline.signal,
    );
    socket.send(query);
    const packet = await abortable(reply, deadline.signal);
    // dns-packet decodes rcode but its types leave it out.
    const rcode = (packet as { rcode?: string }).rcode ?? 'NOERROR';
    if (rcode !== 'NOERROR')
      throw new ClassifiedError(
        'dns',
        `${check.server} answered ${rcode} for ${check.name} ${check.recordType}`,
      );
    const values = (packet.answers ?? [])
      .filter((answer) => answer.type === check.recordType)
      .map(answerValue);
    if (values.length === 0 && check.expect.values === undefined) {
      throw new ClassifiedError(
        'dns',
        `no ${check.recordType} records for ${check.name} at ${check.server}`,
      );
    }
    seen.values = values;
  } catch (error) {
    errors.push(classifyError(error, deadline.timedOut));
  } finally {
    deadline.dispose();
    socket.close();
  }
  const total = now() - started;
  seen.latencyMs = total;
  const evaluation = evaluateConditions(
    check.expect.values === undefined ? {} : { values: check.expect.values },
    seen,
  );
  return {
    startedAt,
    conditions: evaluation.conditions,
    errors: [...errors, ...evaluation.errors],
    durationMs: total,
    timings: { total },
  };
}

export function parseServer(server: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  if (bracketed) return { host: bracketed[1]!, port: Number(bracketed[2] ?? 53) };
  const [host, port] = server.split(':');
  return { host: host === 'localhost' ? '127.0.0.1' : host!, port: Number(port ?? 53) };
}

/** One answer as text, the way `dig +short` prints it. */
function answerValue(answer: Answer): string {
  switch (answer.type) {
    case 'TXT': {
      const data = answer.data as Buffer | string | (Buffer | string)[];
      return (Array.isArray(data) ? data : [data]).map(String).join('');
    }
    case 'MX':
      return `${answer.data.preference} ${answer.data.exchange}`;
    case 'SRV':
      return `${answer.data.priority ?? 0} ${answer.data.weight ?? 0} ${answer.data.port ?? 0} ${answer.data.target}`;
    default:
      return String((answer as { data?: unknown }).data);
  }
}

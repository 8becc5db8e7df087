import { connect } from 'node:net';
import type { ProbeError } from '@aether/contract';
import type { ServiceConfig, TcpCheckConfig } from '../config/schema.js';
import { classifyError } from './classify-error.js';
import { startDeadline } from './deadline.js';
import { now, type ProbeOutcome } from './probe-result.js';
import { targetHost } from './target-host.js';

/** Opens a TCP connection and closes it: up when something accepts on host:port. */
export async function probeTcp(
  service: ServiceConfig,
  check: TcpCheckConfig,
  outer?: AbortSignal,
): Promise<ProbeOutcome> {
  const host = targetHost(service, check.host);
  const startedAt = Date.now();
  const started = now();
  const deadline = startDeadline(check.timeout, outer);
  const errors: ProbeError[] = [];
  const socket = connect({ host, port: check.port });
  try {
    await new Promise<void>((resolve, reject) => {
      deadline.signal.addEventListener('abort', () => reject(deadline.signal.reason as Error), {
        once: true,
      });
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
  } catch (error) {
    errors.push(classifyError(error, deadline.timedOut));
  } finally {
    deadline.dispose();
    socket.destroy();
  }
  const total = now() - started;
  return {
    startedAt,
    conditions: [],
    errors,
    durationMs: total,
    timings: { connect: total, total },
  };
}

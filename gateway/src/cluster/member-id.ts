import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** A gateway's id in the cluster: host-pid-random, unique even when a pid is reused after a restart. */
export function memberIdOf(host = hostname(), pid = process.pid): string {
  return `${host}-${pid}-${randomBytes(3).toString('hex')}`;
}

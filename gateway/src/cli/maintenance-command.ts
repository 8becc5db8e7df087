import { MaintenanceWindow } from '@aether/contract';
import {
  collectRepeated,
  GATEWAY_CALL_EXIT,
  recordCommands,
  type CallRecord,
} from './gateway-client.js';
import type { CliIo } from './io.js';

/**
 * Exit codes of `aether maintenance start|end`, as `aether deploy`'s: 0 done; 1 the gateway
 * refused what was asked (unknown or ended window, too long, invalid); 2 it could not be asked —
 * not reached, token missing or refused, or a server error. scripts/deploy.sh warns on either and
 * deploys anyway: a window is a courtesy to whoever is on call, never a gate.
 */
export const MAINTENANCE_EXIT = GATEWAY_CALL_EXIT;

interface WindowFlags {
  service: string[];
  tag: string[];
  group: string[];
  duration: string;
  reason: string;
}

/** `aether maintenance start`: opens a window now; its id alone on stdout. */
function maintenanceStart(
  flags: WindowFlags,
  call: CallRecord<MaintenanceWindow>,
  io: CliIo,
): Promise<number> {
  const match = {
    ...(flags.service.length ? { services: flags.service } : {}),
    ...(flags.tag.length ? { tags: flags.tag } : {}),
    ...(flags.group.length ? { groups: flags.group } : {}),
  };
  if (Object.keys(match).length === 0) {
    io.err('aether maintenance start: name at least one --service, --tag or --group\n');
    return Promise.resolve(MAINTENANCE_EXIT.refused);
  }
  return call(
    {
      method: 'POST',
      path: '/api/maintenance',
      body: { match, duration: flags.duration, reason: flags.reason },
    },
    (w) => `maintenance window ${w.id} open until ${w.endsAt} (${w.reason}), by ${w.createdBy}`,
  );
}

/** Adds `maintenance start` and `maintenance end`; the token comes from AETHER_TOKEN (not ps). */
export const registerMaintenanceCommands = recordCommands({
  name: 'maintenance',
  description: 'open and end maintenance windows: alerts of the services in one are held',
  schema: MaintenanceWindow,
  noun: 'a window',
  start: {
    does: 'open a window now',
    done: 'open',
    options: (start) =>
      start
        .option('--service <id>', 'a service in the window (repeatable)', collectRepeated, [])
        .option('--tag <tag>', 'services with this tag (repeatable)', collectRepeated, [])
        .option('--group <group>', 'services of this group (repeatable)', collectRepeated, [])
        .requiredOption(
          '--duration <duration>',
          'how long, e.g. 15m (at most maintenance.maxDuration)',
        )
        .requiredOption('--reason <text>', 'why, shown with the services and in the audit trail'),
    run: maintenanceStart,
  },
  close: {
    name: 'end',
    does: 'end a window now',
    run: (id, _flags, call) =>
      call(
        { method: 'DELETE', path: `/api/maintenance/${encodeURIComponent(id)}` },
        (w) => `maintenance window ${w.id} ended at ${w.endsAt}`,
      ),
  },
});

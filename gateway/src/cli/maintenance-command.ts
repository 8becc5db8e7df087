import { MaintenanceWindow } from '@aether/contract';
import {
  collectRepeated,
  GATEWAY_CALL_EXIT,
  gatewayCommands,
  recordCaller,
  withGatewayOptions,
  type GatewayCallOptions,
  type GatewayFlags,
  type RegisterCommands,
} from './gateway-client.js';
import type { CliIo } from './io.js';

/**
 * Exit codes of `aether maintenance start|end`, as `aether deploy`'s: 0 done; 1 the gateway
 * refused what was asked (unknown or ended window, too long, invalid); 2 it could not be asked —
 * not reached, token missing or refused, or a server error. scripts/deploy.sh warns on either and
 * deploys anyway: a window is a courtesy to whoever is on call, never a gate.
 */
export const MAINTENANCE_EXIT = GATEWAY_CALL_EXIT;

export type MaintenanceCallOptions = GatewayCallOptions;

const call = recordCaller('maintenance', MaintenanceWindow, 'a window');

export interface WindowFlags {
  services: string[];
  tags: string[];
  groups: string[];
  duration: string;
  reason: string;
}

/** `aether maintenance start`: opens a window now; its id alone on stdout. */
export function maintenanceStart(
  flags: WindowFlags,
  options: MaintenanceCallOptions,
  io: CliIo,
): Promise<number> {
  const match = {
    ...(flags.services.length ? { services: flags.services } : {}),
    ...(flags.tags.length ? { tags: flags.tags } : {}),
    ...(flags.groups.length ? { groups: flags.groups } : {}),
  };
  if (Object.keys(match).length === 0) {
    io.err('aether maintenance start: name at least one --service, --tag or --group\n');
    return Promise.resolve(MAINTENANCE_EXIT.refused);
  }
  return call(
    'start',
    {
      method: 'POST',
      path: '/api/maintenance',
      body: { match, duration: flags.duration, reason: flags.reason },
    },
    (w) => `maintenance window ${w.id} open until ${w.endsAt} (${w.reason}), by ${w.createdBy}`,
    options,
    io,
  );
}

/** `aether maintenance end ID`: ends it now (held alerts still firing are sent). */
export function maintenanceEnd(
  id: string,
  options: MaintenanceCallOptions,
  io: CliIo,
): Promise<number> {
  return call(
    'end',
    { method: 'DELETE', path: `/api/maintenance/${encodeURIComponent(id)}` },
    (w) => `maintenance window ${w.id} ended at ${w.endsAt}`,
    options,
    io,
  );
}

/** Adds `maintenance start` and `maintenance end`; the token comes from AETHER_TOKEN (not ps). */
export const registerMaintenanceCommands: RegisterCommands = gatewayCommands(
  'maintenance',
  'open and end maintenance windows: alerts of the services in one are held',
  (maintenance, callOptions, io) => {
    withGatewayOptions(
      maintenance
        .command('start')
        .description(
          'open a window now; prints its id alone on stdout (exit 0 open, 1 refused, 2 gateway unreachable or token refused)',
        )
        .option('--service <id>', 'a service in the window (repeatable)', collectRepeated, [])
        .option('--tag <tag>', 'services with this tag (repeatable)', collectRepeated, [])
        .option('--group <group>', 'services of this group (repeatable)', collectRepeated, [])
        .requiredOption(
          '--duration <duration>',
          'how long, e.g. 15m (at most maintenance.maxDuration)',
        )
        .requiredOption('--reason <text>', 'why, shown with the services and in the audit trail'),
    ).action(
      async (
        flags: GatewayFlags & {
          service: string[];
          tag: string[];
          group: string[];
          duration: string;
          reason: string;
        },
      ) => {
        process.exitCode = await maintenanceStart(
          {
            services: flags.service,
            tags: flags.tag,
            groups: flags.group,
            duration: flags.duration,
            reason: flags.reason,
          },
          callOptions(flags),
          io,
        );
      },
    );

    withGatewayOptions(
      maintenance
        .command('end')
        .description('end a window now (exit codes as start)')
        .argument('<id>', 'the id `aether maintenance start` printed'),
    ).action(async (id: string, flags: GatewayFlags) => {
      process.exitCode = await maintenanceEnd(id, callOptions(flags), io);
    });
  },
);

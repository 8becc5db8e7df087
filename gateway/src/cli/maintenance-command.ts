import type { Command } from 'commander';
import { Option } from 'commander';
import { MaintenanceWindow, Problem } from '@aether/contract';
import { processIo, type CliIo } from './io.js';
import { DEFAULT_GATEWAY } from './verify.js';

/**
 * Exit codes of `aether maintenance start|end`, as `aether deploy`'s: 0 done; 1 the gateway
 * refused what was asked (unknown or ended window, too long, invalid); 2 it could not be asked —
 * not reached, token missing or refused, or a server error. scripts/deploy.sh warns on either and
 * deploys anyway: a window is a courtesy to whoever is on call, never a gate.
 */
export const MAINTENANCE_EXIT = { done: 0, refused: 1, unavailable: 2 } as const;

export interface MaintenanceCallOptions {
  gateway: string;
  /** Bearer token with the operator role, from AETHER_TOKEN unless --token is given. */
  token?: string | undefined;
  timeoutMs: number;
}

/** Sends one request; prints the window's id alone on stdout, everything else on stderr. */
async function call(
  command: string,
  method: 'POST' | 'DELETE',
  path: string,
  body: unknown,
  options: MaintenanceCallOptions,
  io: CliIo,
  describe: (window: MaintenanceWindow) => string,
): Promise<number> {
  const url = new URL(path, options.gateway);
  if (!options.token)
    io.err(
      `aether maintenance ${command}: no token (set AETHER_TOKEN); the gateway will likely refuse\n`,
    );
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    io.err(
      `aether maintenance ${command}: the gateway at ${url.origin} could not be reached: ${cause?.code ?? cause?.message ?? (error as Error).message}\n`,
    );
    return MAINTENANCE_EXIT.unavailable;
  }
  if (!response.ok) {
    io.err(`aether maintenance ${command}: ${describeProblem(response.status, text)}\n`);
    const unavailable =
      response.status === 401 || response.status === 403 || response.status >= 500;
    return unavailable ? MAINTENANCE_EXIT.unavailable : MAINTENANCE_EXIT.refused;
  }
  const parsed = MaintenanceWindow.safeParse(safeJson(text));
  if (!parsed.success) {
    io.err(`aether maintenance ${command}: the gateway answered something that is not a window\n`);
    return MAINTENANCE_EXIT.unavailable;
  }
  io.out(`${parsed.data.id}\n`);
  io.err(`${describe(parsed.data)}\n`);
  return MAINTENANCE_EXIT.done;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeProblem(status: number, text: string): string {
  const problem = Problem.safeParse(safeJson(text));
  if (!problem.success) return `HTTP ${status}`;
  const { title, detail } = problem.data;
  return `${status} ${title}${detail ? `: ${detail}` : ''}`;
}

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
    'POST',
    '/api/maintenance',
    { match, duration: flags.duration, reason: flags.reason },
    options,
    io,
    (w) => `maintenance window ${w.id} open until ${w.endsAt} (${w.reason}), by ${w.createdBy}`,
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
    'DELETE',
    `/api/maintenance/${encodeURIComponent(id)}`,
    undefined,
    options,
    io,
    (w) => `maintenance window ${w.id} ended at ${w.endsAt}`,
  );
}

const collect = (value: string, previous: string[]) => [...previous, value];

interface CommonFlags {
  gateway?: string;
  token?: string;
  timeout: number;
}

/** Adds `maintenance start` and `maintenance end`; the token comes from AETHER_TOKEN (not ps). */
export function registerMaintenanceCommands(
  program: Command,
  io: CliIo = processIo,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const common = (command: Command) =>
    command
      .option('--gateway <url>', 'gateway URL (default: $AETHER_GATEWAY or http://127.0.0.1:8080)')
      .option('--token <token>', 'operator token (prefer $AETHER_TOKEN: not shown by ps)')
      .addOption(
        new Option('--timeout <ms>', 'give up after this many milliseconds')
          .default(10_000)
          .argParser(Number),
      );
  const callOptions = (flags: CommonFlags): MaintenanceCallOptions => ({
    gateway: flags.gateway ?? env.AETHER_GATEWAY ?? DEFAULT_GATEWAY,
    token: flags.token ?? env.AETHER_TOKEN,
    timeoutMs: flags.timeout,
  });
  const maintenance = program
    .command('maintenance')
    .description('open and end maintenance windows: alerts of the services in one are held');

  common(
    maintenance
      .command('start')
      .description(
        'open a window now; prints its id alone on stdout (exit 0 open, 1 refused, 2 gateway unreachable or token refused)',
      )
      .option('--service <id>', 'a service in the window (repeatable)', collect, [])
      .option('--tag <tag>', 'services with this tag (repeatable)', collect, [])
      .option('--group <group>', 'services of this group (repeatable)', collect, [])
      .requiredOption(
        '--duration <duration>',
        'how long, e.g. 15m (at most maintenance.maxDuration)',
      )
      .requiredOption('--reason <text>', 'why, shown with the services and in the audit trail'),
  ).action(
    async (
      flags: CommonFlags & {
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

  common(
    maintenance
      .command('end')
      .description('end a window now (exit codes as start)')
      .argument('<id>', 'the id `aether maintenance start` printed'),
  ).action(async (id: string, flags: CommonFlags) => {
    process.exitCode = await maintenanceEnd(id, callOptions(flags), io);
  });
}

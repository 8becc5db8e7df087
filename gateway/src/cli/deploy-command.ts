import type { Command } from 'commander';
import { Option } from 'commander';
import { Deploy, DeployOutcome, Problem } from '@aether/contract';
import { processIo, type CliIo } from './io.js';
import { DEFAULT_GATEWAY } from './verify.js';

/**
 * Exit codes of `aether deploy start|finish`: 0 recorded; 1 the gateway refused what was asked
 * (unknown service or deploy, finished twice, invalid input); 2 it could not be asked — not
 * reached, token missing or refused, or a server error. scripts/deploy.sh warns on either and
 * goes on: a deploy never fails for want of its record.
 */
export const DEPLOY_EXIT = { recorded: 0, refused: 1, unavailable: 2 } as const;

export interface DeployCallOptions {
  gateway: string;
  /** Bearer token with the operator role; from AETHER_TOKEN unless --token is given. */
  token?: string | undefined;
  timeoutMs: number;
}

/** POSTs a JSON body; prints the recorded deploy's id alone on stdout, everything else on stderr. */
async function record(
  command: string,
  path: string,
  body: unknown,
  options: DeployCallOptions,
  io: CliIo,
  describe: (deploy: Deploy) => string,
): Promise<number> {
  const url = new URL(path, options.gateway);
  if (!options.token)
    io.err(
      `aether deploy ${command}: no token (set AETHER_TOKEN); the gateway will likely refuse\n`,
    );
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    io.err(
      `aether deploy ${command}: the gateway at ${url.origin} could not be reached: ${cause?.code ?? cause?.message ?? (error as Error).message}\n`,
    );
    return DEPLOY_EXIT.unavailable;
  }
  if (!response.ok) {
    io.err(`aether deploy ${command}: ${describeProblem(response.status, text)}\n`);
    const unavailable =
      response.status === 401 || response.status === 403 || response.status >= 500;
    return unavailable ? DEPLOY_EXIT.unavailable : DEPLOY_EXIT.refused;
  }
  const parsed = Deploy.safeParse(safeJson(text));
  if (!parsed.success) {
    io.err(`aether deploy ${command}: the gateway answered something that is not a deploy\n`);
    return DEPLOY_EXIT.unavailable;
  }
  io.out(`${parsed.data.id}\n`);
  io.err(`${describe(parsed.data)}\n`);
  return DEPLOY_EXIT.recorded;
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

/** `aether deploy start`: records the start of a deploy; its id alone on stdout. */
export function deployStart(
  request: { services: string[]; version: string; description?: string | undefined },
  options: DeployCallOptions,
  io: CliIo,
): Promise<number> {
  if (request.services.length === 0) {
    io.err('aether deploy start: name at least one --service\n');
    return Promise.resolve(DEPLOY_EXIT.refused);
  }
  const body = {
    services: request.services,
    version: request.version,
    ...(request.description !== undefined ? { description: request.description } : {}),
  };
  return record(
    'start',
    '/api/deploys',
    body,
    options,
    io,
    (d) => `deploy ${d.id} of ${d.services.join(', ')} at ${d.version} started by ${d.by}`,
  );
}

/** `aether deploy finish ID --outcome O`: records how it ended; the id on stdout. */
export function deployFinish(
  id: string,
  outcome: DeployOutcome,
  options: DeployCallOptions,
  io: CliIo,
): Promise<number> {
  return record(
    'finish',
    `/api/deploys/${encodeURIComponent(id)}/finish`,
    { outcome },
    options,
    io,
    (d) => `deploy ${d.id} ${d.outcome} (finished by ${d.finishedBy})`,
  );
}

const collect = (value: string, previous: string[]) => [...previous, value];

interface CommonFlags {
  gateway: string;
  token?: string;
  timeout: number;
}

/**
 * Adds `deploy start` and `deploy finish` to the program. The token comes from AETHER_TOKEN
 * (`env`): a token on the command line shows in `ps` and shell history, so --token is only kept
 * for compatibility with `aether verify`.
 */
export function registerDeployCommands(
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
  const callOptions = (flags: CommonFlags): DeployCallOptions => ({
    gateway: flags.gateway ?? env.AETHER_GATEWAY ?? DEFAULT_GATEWAY,
    token: flags.token ?? env.AETHER_TOKEN,
    timeoutMs: flags.timeout,
  });
  const deploy = program
    .command('deploy')
    .description('record deploys, so the gateway can mark them and compare before vs after');

  common(
    deploy
      .command('start')
      .description(
        'record the start of a deploy; prints its id alone on stdout (exit 0 recorded, 1 refused, 2 gateway unreachable or token refused)',
      )
      .option('--service <id>', 'a deployed service (repeatable, at least one)', collect, [])
      .requiredOption('--version <version>', 'the version being deployed')
      .option('--description <text>', 'what the deploy is about'),
  ).action(
    async (flags: CommonFlags & { service: string[]; version: string; description?: string }) => {
      process.exitCode = await deployStart(
        { services: flags.service, version: flags.version, description: flags.description },
        callOptions(flags),
        io,
      );
    },
  );

  common(
    deploy
      .command('finish')
      .description('record how a deploy ended (exit codes as start)')
      .argument('<id>', 'the id `aether deploy start` printed')
      .addOption(
        new Option('--outcome <outcome>', 'how it ended')
          .choices(DeployOutcome.options)
          .makeOptionMandatory(),
      ),
  ).action(async (id: string, flags: CommonFlags & { outcome: DeployOutcome }) => {
    process.exitCode = await deployFinish(id, flags.outcome, callOptions(flags), io);
  });
}

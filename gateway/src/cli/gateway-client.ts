import type { Command } from 'commander';
import { Option } from 'commander';
import type { z } from 'zod';
import { Problem } from '@aether/contract';
import { processIo, type CliIo } from './io.js';

/**
 * What the CLI's record-keeping commands (`aether deploy`, `aether maintenance`) share when they
 * talk to a running gateway: where it is, the operator token, how a failure reads and which exit
 * code it gets. `aether verify` shares the address and the problem wording.
 */
export const DEFAULT_GATEWAY = 'http://127.0.0.1:8080';

/**
 * 0 done; 1 the gateway refused what was asked; 2 it could not be asked — not reached, token
 * missing or refused, or a server error. scripts/deploy.sh warns on either and goes on.
 */
export const GATEWAY_CALL_EXIT = { done: 0, refused: 1, unavailable: 2 } as const;

export interface GatewayCallOptions {
  gateway: string;
  /** Bearer token with the operator role; from AETHER_TOKEN unless --token is given. */
  token?: string | undefined;
  timeoutMs: number;
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `404 Not Found: detail` from a problem+json body, `HTTP 404` from anything else. */
export function describeProblem(status: number, text: string): string {
  const problem = Problem.safeParse(safeJson(text));
  if (!problem.success) return `HTTP ${status}`;
  const { title, detail } = problem.data;
  return `${status} ${title}${detail ? `: ${detail}` : ''}`;
}

/** Why fetch failed, as the network says it (ECONNREFUSED, a DNS error, a timeout). */
export function unreachableReason(error: unknown): string {
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

export interface RecordCall<T extends { id: string }> {
  /** How messages start, e.g. `aether deploy start`. */
  command: string;
  method: 'POST' | 'DELETE';
  path: string;
  /** JSON body; none when undefined. */
  body: unknown;
  /** What a success answers, and its name in the message when it does not (`a deploy`). */
  schema: z.ZodType<T>;
  noun: string;
  /** The line on stderr after the id on stdout. */
  describe: (record: T) => string;
}

/** Sends one request; prints the answered record's id alone on stdout, everything else on stderr. */
export async function callGateway<T extends { id: string }>(
  call: RecordCall<T>,
  options: GatewayCallOptions,
  io: CliIo,
): Promise<number> {
  const { command, body } = call;
  const url = new URL(call.path, options.gateway);
  if (!options.token)
    io.err(`${command}: no token (set AETHER_TOKEN); the gateway will likely refuse\n`);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: call.method,
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
    io.err(
      `${command}: the gateway at ${url.origin} could not be reached: ${unreachableReason(error)}\n`,
    );
    return GATEWAY_CALL_EXIT.unavailable;
  }
  if (!response.ok) {
    io.err(`${command}: ${describeProblem(response.status, text)}\n`);
    const unavailable =
      response.status === 401 || response.status === 403 || response.status >= 500;
    return unavailable ? GATEWAY_CALL_EXIT.unavailable : GATEWAY_CALL_EXIT.refused;
  }
  const parsed = call.schema.safeParse(safeJson(text));
  if (!parsed.success) {
    io.err(`${command}: the gateway answered something that is not ${call.noun}\n`);
    return GATEWAY_CALL_EXIT.unavailable;
  }
  io.out(`${parsed.data.id}\n`);
  io.err(`${call.describe(parsed.data)}\n`);
  return GATEWAY_CALL_EXIT.done;
}

/**
 * One subcommand's request to the gateway (see callGateway): the answered record's id alone on
 * stdout, `describe` of it on stderr; resolves to the exit code.
 */
export type CallRecord<T> = (
  request: { method: 'POST' | 'DELETE'; path: string; body?: unknown },
  describe: (record: T) => string,
) => Promise<number>;

/**
 * A group of record-keeping subcommands (`aether deploy`, `aether maintenance`): `start` opens a
 * record and prints its id alone on stdout; `close` ends the record that id names. Both take
 * --gateway, --token and --timeout, after their own options, and get a `call` whose messages
 * start `aether <name> <subcommand>`.
 */
export interface RecordCommands<T extends { id: string }, StartFlags, CloseFlags> {
  name: string;
  description: string;
  /** What a success answers, and its name in the message when it does not (`a deploy`). */
  schema: z.ZodType<T>;
  noun: string;
  start: {
    /** What it does, e.g. `open a window now`; the id and exit-code words follow. */
    does: string;
    /** What exit 0 means, e.g. `recorded`. */
    done: string;
    options: (command: Command) => Command;
    run: (flags: StartFlags, call: CallRecord<T>, io: CliIo) => Promise<number>;
  };
  close: {
    name: string;
    /** What it does, e.g. `end a window now`. */
    does: string;
    options?: (command: Command) => Command;
    run: (id: string, flags: CloseFlags, call: CallRecord<T>) => Promise<number>;
  };
}

/**
 * The RegisterCommands of a record-keeping group: its subcommands print to the io they are given
 * and take the token from the environment (AETHER_TOKEN: not shown by ps); the exit code goes to
 * process.exitCode.
 */
export function recordCommands<T extends { id: string }, StartFlags, CloseFlags>(
  spec: RecordCommands<T, StartFlags, CloseFlags>,
): RegisterCommands {
  const { name, schema, noun, start, close } = spec;
  return (program, io = processIo, env = process.env) => {
    const group = program.command(name).description(spec.description);
    const caller =
      (subcommand: string, flags: GatewayFlags): CallRecord<T> =>
      (request, describe) =>
        callGateway(
          {
            command: `aether ${name} ${subcommand}`,
            body: undefined,
            ...request,
            schema,
            noun,
            describe,
          },
          gatewayCallOptions(flags, env),
          io,
        );
    withGatewayOptions(
      start.options(
        group
          .command('start')
          .description(
            `${start.does}; prints its id alone on stdout (exit 0 ${start.done}, 1 refused, 2 gateway unreachable or token refused)`,
          ),
      ),
    ).action(async (flags: GatewayFlags & StartFlags) => {
      process.exitCode = await start.run(flags, caller('start', flags), io);
    });
    const closing = group
      .command(close.name)
      .description(`${close.does} (exit codes as start)`)
      .argument('<id>', `the id \`aether ${name} start\` printed`);
    withGatewayOptions(close.options?.(closing) ?? closing).action(
      async (id: string, flags: GatewayFlags & CloseFlags) => {
        process.exitCode = await close.run(id, flags, caller(close.name, flags));
      },
    );
  };
}

/** For a repeatable option: each use adds its value. */
export const collectRepeated = (value: string, previous: string[]) => [...previous, value];

/** Adds a group of subcommands to the program, with the io and environment they run with. */
export type RegisterCommands = (program: Command, io?: CliIo, env?: NodeJS.ProcessEnv) => void;

export interface GatewayFlags {
  gateway?: string;
  token?: string;
  timeout: number;
}

/** --gateway, --token and --timeout, as every record-keeping subcommand takes them. */
export function withGatewayOptions(command: Command): Command {
  return command
    .option('--gateway <url>', 'gateway URL (default: $AETHER_GATEWAY or http://127.0.0.1:8080)')
    .option('--token <token>', 'operator token (prefer $AETHER_TOKEN: not shown by ps)')
    .addOption(
      new Option('--timeout <ms>', 'give up after this many milliseconds')
        .default(10_000)
        .argParser(Number),
    );
}

/**
 * The flags over the environment: the token comes from AETHER_TOKEN, since one on the command
 * line shows in `ps` and shell history (--token is only kept for compatibility with `aether verify`).
 */
export function gatewayCallOptions(
  flags: GatewayFlags,
  env: NodeJS.ProcessEnv,
): GatewayCallOptions {
  return {
    gateway: flags.gateway ?? env.AETHER_GATEWAY ?? DEFAULT_GATEWAY,
    token: flags.token ?? env.AETHER_TOKEN,
    timeoutMs: flags.timeout,
  };
}

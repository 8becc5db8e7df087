import { Option } from 'commander';
import { Deploy, DeployOutcome } from '@aether/contract';
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
 * Exit codes of `aether deploy start|finish`: 0 recorded; 1 the gateway refused what was asked
 * (unknown service or deploy, finished twice, invalid input); 2 it could not be asked — not
 * reached, token missing or refused, or a server error. scripts/deploy.sh warns on either and
 * goes on: a deploy never fails for want of its record.
 */
export const DEPLOY_EXIT = {
  recorded: GATEWAY_CALL_EXIT.done,
  refused: GATEWAY_CALL_EXIT.refused,
  unavailable: GATEWAY_CALL_EXIT.unavailable,
} as const;

export type DeployCallOptions = GatewayCallOptions;

const recordDeploy = recordCaller('deploy', Deploy, 'a deploy');

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
  return recordDeploy(
    'start',
    { method: 'POST', path: '/api/deploys', body },
    (d) => `deploy ${d.id} of ${d.services.join(', ')} at ${d.version} started by ${d.by}`,
    options,
    io,
  );
}

/** `aether deploy finish ID --outcome O`: records how it ended; the id on stdout. */
export function deployFinish(
  id: string,
  outcome: DeployOutcome,
  options: DeployCallOptions,
  io: CliIo,
): Promise<number> {
  return recordDeploy(
    'finish',
    { method: 'POST', path: `/api/deploys/${encodeURIComponent(id)}/finish`, body: { outcome } },
    (d) => `deploy ${d.id} ${d.outcome} (finished by ${d.finishedBy})`,
    options,
    io,
  );
}

/** Adds `deploy start` and `deploy finish` to the program; the token comes from AETHER_TOKEN (`env`). */
export const registerDeployCommands: RegisterCommands = gatewayCommands(
  'deploy',
  'record deploys, so the gateway can mark them and compare before vs after',
  (deploy, callOptions, io) => {
    withGatewayOptions(
      deploy
        .command('start')
        .description(
          'record the start of a deploy; prints its id alone on stdout (exit 0 recorded, 1 refused, 2 gateway unreachable or token refused)',
        )
        .option(
          '--service <id>',
          'a deployed service (repeatable, at least one)',
          collectRepeated,
          [],
        )
        .requiredOption('--version <version>', 'the version being deployed')
        .option('--description <text>', 'what the deploy is about'),
    ).action(
      async (
        flags: GatewayFlags & { service: string[]; version: string; description?: string },
      ) => {
        process.exitCode = await deployStart(
          { services: flags.service, version: flags.version, description: flags.description },
          callOptions(flags),
          io,
        );
      },
    );

    withGatewayOptions(
      deploy
        .command('finish')
        .description('record how a deploy ended (exit codes as start)')
        .argument('<id>', 'the id `aether deploy start` printed')
        .addOption(
          new Option('--outcome <outcome>', 'how it ended')
            .choices(DeployOutcome.options)
            .makeOptionMandatory(),
        ),
    ).action(async (id: string, flags: GatewayFlags & { outcome: DeployOutcome }) => {
      process.exitCode = await deployFinish(id, flags.outcome, callOptions(flags), io);
    });
  },
);

import { Option } from 'commander';
import { Deploy, DeployOutcome } from '@aether/contract';
import {
  collectRepeated,
  GATEWAY_CALL_EXIT,
  recordCommands,
  type CallRecord,
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

/** `aether deploy start`: records the start of a deploy; its id alone on stdout. */
function deployStart(
  request: { services: string[]; version: string; description?: string | undefined },
  call: CallRecord<Deploy>,
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
  return call(
    { method: 'POST', path: '/api/deploys', body },
    (d) => `deploy ${d.id} of ${d.services.join(', ')} at ${d.version} started by ${d.by}`,
  );
}

/** `aether deploy finish ID --outcome O`: records how it ended; the id on stdout. */
function deployFinish(
  id: string,
  outcome: DeployOutcome,
  call: CallRecord<Deploy>,
): Promise<number> {
  return call(
    { method: 'POST', path: `/api/deploys/${encodeURIComponent(id)}/finish`, body: { outcome } },
    (d) => `deploy ${d.id} ${d.outcome} (finished by ${d.finishedBy})`,
  );
}

/** Adds `deploy start` and `deploy finish` to the program; the token comes from AETHER_TOKEN (`env`). */
export const registerDeployCommands = recordCommands({
  name: 'deploy',
  description: 'record deploys, so the gateway can mark them and compare before vs after',
  schema: Deploy,
  noun: 'a deploy',
  start: {
    does: 'record the start of a deploy',
    done: 'recorded',
    options: (start) =>
      start
        .option(
          '--service <id>',
          'a deployed service (repeatable, at least one)',
          collectRepeated,
          [],
        )
        .requiredOption('--version <version>', 'the version being deployed')
        .option('--description <text>', 'what the deploy is about'),
    run: (flags: { service: string[]; version: string; description?: string }, call, io) =>
      deployStart(
        { services: flags.service, version: flags.version, description: flags.description },
        call,
        io,
      ),
  },
  close: {
    name: 'finish',
    does: 'record how a deploy ended',
    options: (finish) =>
      finish.addOption(
        new Option('--outcome <outcome>', 'how it ended')
          .choices(DeployOutcome.options)
          .makeOptionMandatory(),
      ),
    run: (id, flags: { outcome: DeployOutcome }, call) => deployFinish(id, flags.outcome, call),
  },
});

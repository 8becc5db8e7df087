import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT, TOKENS, URLS } from './stack.js';

const run = promisify(execFile);

/**
 * Records a deploy exactly as scripts/deploy.sh does: its own shell functions
 * (scripts/lib/deploy-record.sh: record_deploy_start, record_deploy_finish) calling the aether CLI
 * (`aether deploy start --service … --version … --description …`, then `deploy finish ID
 * --outcome O`) with the token in AETHER_TOKEN. deploy.sh runs the CLI inside the gateway
 * container; here `gateway_cli` runs the same bin against the stack's gateway, and
 * `gateway_service_ids` names the services the scenario deploys instead of every one.
 */
const PRELUDE = `
set -euo pipefail
. "$AETHER_ROOT/scripts/lib/log.sh"
. "$AETHER_ROOT/scripts/lib/deploy-record.sh"
gateway_cli() { node "$AETHER_ROOT/gateway/bin/aether.js" "$@" --gateway "$E2E_GATEWAY"; }
gateway_service_ids() { printf '%s\\n' $E2E_SERVICES; }
`;

async function deployRecord(
  script: string,
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  return run('bash', ['-c', PRELUDE + script], {
    cwd: ROOT,
    env: {
      ...process.env,
      AETHER_ROOT: path.resolve(ROOT),
      AETHER_TOKEN: TOKENS.admin,
      E2E_GATEWAY: URLS.gateway,
      ...env,
    },
  });
}

/** deploy.sh's start record; returns the deploy's id (fails when deploy.sh would only have warned). */
export async function recordDeployStart(
  services: readonly string[],
  version: string,
  description = `scripts/deploy.sh: e2e ${version}`,
): Promise<string> {
  // deploy.sh's progress lines go to stderr here; stdout carries the id alone
  const { stdout, stderr } = await deployRecord(
    'record_deploy_start "$E2E_VERSION" "$E2E_DESCRIPTION" >&2; printf "%s" "$deploy_id"',
    { E2E_SERVICES: services.join(' '), E2E_VERSION: version, E2E_DESCRIPTION: description },
  );
  if (!stdout) throw new Error(`deploy.sh's record_deploy_start recorded nothing: ${stderr}`);
  return stdout;
}

/** deploy.sh's finish record (succeeded | failed | rolled-back). */
export async function recordDeployFinish(
  id: string,
  outcome: 'succeeded' | 'failed' | 'rolled-back',
): Promise<void> {
  const { stdout } = await deployRecord('deploy_id=$E2E_ID; record_deploy_finish "$E2E_OUTCOME"', {
    E2E_ID: id,
    E2E_OUTCOME: outcome,
  });
  if (!stdout.includes(`recorded as ${outcome}`))
    throw new Error(`deploy.sh's record_deploy_finish did not record ${id}: ${stdout}`);
}

import { isIP } from 'node:net';
import { connect } from 'node:tls';
import type { ProbeError } from '@aether/contract';
import { evaluateConditions, type Observation } from '../conditions/evaluate.js';
import type { ServiceConfig, TlsCheckConfig } from '../config/schema.js';
import { classifyError } from './classify-error.js';
import { startDeadline } from './deadline.js';
import { loadCa } from './http-probe.js';
import { daysUntil, now, type ProbeOutcome } from './probe-result.js';
import { targetHost } from './target-host.js';
import { secureContextFor } from './secure-contexts.js';

/**
 * Handshakes without rejecting an untrusted peer, so an invalid chain is reported as a
 * condition with its reason (and days left still shown) rather than as a bare error.
 */
export async function probeTls(
  service: ServiceConfig,
  check: TlsCheckConfig,
  outer?: AbortSignal,
): Promise<ProbeOutcome> {
  const startedAt = Date.now();
  const started = now();
  const errors: ProbeError[] = [];
  const seen: Observation = { latencyMs: 0 };
  let connectMs: number | undefined;
  let tlsMs: number | undefined;
  const deadline = startDeadline(check.timeout, outer);
  try {
    const host = targetHost(service, check.host);
    const ca = await loadCa(check.ca);
    const socket = connect({
      host,
      port: check.port,
      servername: check.servername ?? (isIP(host) ? undefined : host),
      secureContext: secureContextFor(ca),
      rejectUnauthorized: false,
    });
    socket.once('connect', () => (connectMs = now() - started));
    try {
      await new Promise<void>((resolve, reject) => {
        deadline.signal.addEventListener('abort', () => reject(deadline.signal.reason as Error), {
          once: true,
        });
        socket.once('secureConnect', resolve);
        socket.once('error', reject);
      });
      tlsMs = now() - started - (connectMs ?? 0);
      const certificate = socket.getPeerCertificate();
      if (!certificate || !certificate.valid_to) throw new Error('the peer sent no certificate');
      seen.certificateDaysLeft = daysUntil(certificate.valid_to);
      seen.chainValid = socket.authorized;
      if (!socket.authorized) seen.chainError = describeVerifyError(socket.authorizationError);
    } finally {
      socket.destroy();
    }
  } catch (error) {
    const classified = classifyError(error, deadline.timedOut);
    // A handshake that fails outright is a TLS problem unless the socket never connected.
    errors.push(
      classified.kind === 'unknown' && connectMs !== undefined
        ? { ...classified, kind: 'tls' }
        : classified,
    );
  } finally {
    deadline.dispose();
  }
  const total = now() - started;
  seen.latencyMs = total;
  const evaluation = evaluateConditions(
    { chainValid: check.expect.chainValid, certificate: check.expect.certificate },
    seen,
  );
  const outcome: ProbeOutcome = {
    startedAt,
    conditions: evaluation.conditions,
    errors: [...errors, ...evaluation.errors],
    durationMs: total,
    timings: { connect: connectMs, tls: tlsMs, total },
  };
  if (seen.certificateDaysLeft !== undefined)
    outcome.certificateDaysLeft = seen.certificateDaysLeft;
  return outcome;
}

/** OpenSSL's verify codes in the words an operator reads (as Node words them when it rejects). */
const VERIFY_ERRORS: Record<string, string> = {
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  UNABLE_TO_GET_ISSUER_CERT: 'unable to get issuer certificate',
  CERT_REVOKED: 'certificate revoked',
  CERT_SIGNATURE_FAILURE: 'certificate signature failure',
};

/** "self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)": the words, and the code to search for. */
export function describeVerifyError(error: Error | string | null | undefined): string {
  const code = String(
    error instanceof Error ? ((error as { code?: string }).code ?? error.message) : error,
  );
  const words = VERIFY_ERRORS[code];
  return words ? `${words} (${code})` : code;
}

import type { ProbeError, ProbeErrorKind } from '@aether/contract';

/** An error a probe raises on purpose, already classified. */
export class ClassifiedError extends Error {
  constructor(
    readonly kind: ProbeErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ClassifiedError';
  }
}

const BY_CODE: Record<string, ProbeErrorKind> = {
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  ETIMEDOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  EHOSTDOWN: 'unreachable',
  UND_ERR_INFO: 'protocol',
  // The connection closed before the promised length arrived: a reset mid-body.
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'reset',
  HPE_INVALID_CONSTANT: 'protocol',
};

/** TLS failures come as OpenSSL verify codes or ERR_TLS_/ERR_SSL_ codes. */
const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_OSSL_|HOSTNAME_MISMATCH)/;

/**
 * Maps whatever a socket, undici or a resolver threw to the contract's error kinds, so a result
 * says "refused" or "tls" rather than a stack trace. `timedOut` wins: an abort from our own
 * deadline surfaces as many different errors.
 */
export function classifyError(error: unknown, timedOut = false): ProbeError {
  const message = messageOf(error);
  if (timedOut) return { kind: 'timeout', message: `timed out: ${message}` };
  if (error instanceof ClassifiedError) return { kind: error.kind, message };
  // A peer that closes mid-message shows up as a parser EOF error (no code) on some paths.
  if (/Invalid EOF state/i.test(message)) return { kind: 'reset', message };
  for (const code of codesOf(error)) {
    const kind =
      BY_CODE[code] ??
      (TLS_CODE.test(code) ? 'tls' : code.startsWith('HPE_') ? 'protocol' : undefined);
    if (kind) return { kind, message };
  }
  if (/other side closed|socket hang up|terminated/i.test(message))
    return { kind: 'reset', message };
  if (error instanceof Error && error.name === 'HTTPParserError')
    return { kind: 'protocol', message };
  return { kind: 'unknown', message };
}

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (
    let current = error, depth = 0;
    current && typeof current === 'object' && depth < 5;
    depth += 1
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = (error as { code?: unknown }).code;
  const own = error.message || (typeof code === 'string' ? code : error.name);
  return cause instanceof Error && cause.message && !own.includes(cause.message)
    ? `${own} (${cause.message})`
    : own;
}

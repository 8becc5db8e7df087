import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { shellContentSecurityPolicy } from '@aether/contract/panel-runtime';

/** One year, the usual HSTS preload minimum. */
const HSTS = 'max-age=31536000; includeSubDomains';

export interface SecurityHeaderOptions {
  /** The page policy (the shell's, from the registry); a strict default when absent. */
  csp?: string | undefined;
  /** Gateway and extra sources the default policy lets scripts connect to. */
  gatewayUrl?: string | undefined;
  /** Believe X-Forwarded-Proto (a TLS-terminating proxy in front of us). */
  trustProxy?: boolean | undefined;
}

/**
 * The policy of an HTML answer without a registry policy: scripts from our own origin only, no
 * inline script or eval, not framable. Built by the same function as the shell's registry policy
 * with no panel at all, so a page served without --csp-from-registry fails closed.
 */
export function defaultPolicy(gatewayUrl = ''): string {
  return shellContentSecurityPolicy({ gatewayUrl, panels: [] });
}

/** Whether the client reached us over TLS: our own socket, or a trusted proxy that says so. */
export function cameOverTls(req: IncomingMessage, trustProxy = false): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  if (!trustProxy) return false;
  // the proxy nearest to us appends last
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')
    .pop();
  return forwarded?.trim().toLowerCase() === 'https';
}

/**
 * Headers every answer carries (nosniff, no referrer leaks, HSTS over TLS), plus for HTML a
 * Content-Security-Policy that always says who may frame the page — a policy given without
 * frame-ancestors gets 'none', and X-Frame-Options says the same to browsers that predate it.
 */
export function securityHeaders(
  req: IncomingMessage,
  isHtml: boolean,
  options: SecurityHeaderOptions,
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  if (cameOverTls(req, options.trustProxy)) headers['strict-transport-security'] = HSTS;
  if (isHtml) {
    let policy = options.csp ?? defaultPolicy(options.gatewayUrl);
    if (!/(^|;)\s*frame-ancestors\s/.test(policy)) policy = `${policy}; frame-ancestors 'none'`;
    headers['content-security-policy'] = policy;
    headers['x-frame-options'] = 'DENY';
  }
  return headers;
}

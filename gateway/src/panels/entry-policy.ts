import { panelOrigins } from '@aether/contract';
import type { AetherConfig } from '../config/schema.js';
import { invalid } from '../domain/refusal.js';

/**
 * What a panel registered at run time (PUT /api/panels/:id) may point at. The shell runs a
 * panel's code with the operator's session, so an admin token (or a script holding one) must not
 * be able to hand every browser a script from anywhere: the entry is `https:` on a real host, or
 * from an origin in registry.allowedOrigins (default: the origins of the config's panels, or of
 * the built-in ones). Never `javascript:`/`data:`, never userinfo, never a `*` host.
 */
export interface EntryPolicy {
  /** Throws Refused('invalid') naming the field; returns nothing when the registration may stand. */
  check(entry: string, integrity: string | undefined): void;
}

/** `sha256-…`, `sha384-…` or `sha512-…` with the digest's exact base64 length; several allowed, space-separated (SRI). */
const SRI_TOKEN =
  /^(?:sha256-[A-Za-z0-9+/]{43}=|sha384-[A-Za-z0-9+/]{64}|sha512-[A-Za-z0-9+/]{86}==)$/;

export function createEntryPolicy(config: Pick<AetherConfig, 'panels' | 'registry'>): EntryPolicy {
  const allowed = (config.registry.allowedOrigins ?? panelOrigins(config.panels)).map(originRule);

  return {
    check(entry, integrity) {
      const url = parse(entry);
      if (url.username || url.password)
        throw entryRefused('must not carry user:password@; serve the panel without credentials');
      if (url.hostname.includes('*') || url.hostname === '')
        throw entryRefused('needs a real host name, not a wildcard');
      if (!allowed.some((matches) => matches(url)) && url.protocol !== 'https:')
        throw entryRefused(
          `must be an https: URL, or from an origin in registry.allowedOrigins (${url.origin} is not)`,
        );
      if (integrity === undefined) {
        if (config.registry.requireIntegrity)
          throw fieldRefused(
            'body.integrity',
            'is required (registry.requireIntegrity): the SRI hash of the entry, e.g. sha384-<base64>',
          );
        return;
      }
      const tokens = integrity.trim().split(/\s+/);
      if (tokens.length === 0 || tokens.length > 3 || !tokens.every((t) => SRI_TOKEN.test(t)))
        throw fieldRefused(
          'body.integrity',
          'must be an SRI hash: sha256-, sha384- or sha512- followed by the base64 digest',
        );
    },
  };
}

function parse(entry: string): URL {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw entryRefused('must be an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw entryRefused(`must be an http(s) URL, got ${url.protocol}`);
  return url;
}

/** `https://panels.example.test`, or `http://127.0.0.1:*` for any port of that scheme and host. */
function originRule(origin: string): (url: URL) => boolean {
  const anyPort = /^([a-z][a-z0-9+.-]*:\/\/[^/:]+|[a-z][a-z0-9+.-]*:\/\/\[[^\]]+\]):\*$/i.exec(
    origin,
  );
  if (anyPort) {
    const prefix = anyPort[1]!.toLowerCase();
    return (url) => `${url.protocol}//${url.hostname}` === prefix;
  }
  let wanted: string;
  try {
    wanted = new URL(origin).origin;
  } catch {
    return () => false;
  }
  return (url) => url.origin === wanted;
}

const fieldRefused = (path: string, message: string) =>
  invalid(`Invalid request body: ${path}: ${message}`, [{ path, message }]);
const entryRefused = (message: string) => fieldRefused('body.entry', message);

import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseJsonPath } from '../conditions/json-path.js';
import { checkAlerting } from './alerting-checks.js';
import { redactUrl } from './redact-url.js';
import { checkDependencies } from './dependency-checks.js';
import type { LocatedProblem } from './issue-message.js';
import type { AetherConfig } from './schema.js';

/**
 * Rules one field's schema cannot state: unique ids, fields that depend on each other, files
 * that must exist. Also fills the defaults that depend on other fields (tcp/tls host from the
 * service's baseUrl, `ca` resolved against the config file's folder), in place.
 */
export function checkSemantics(config: AetherConfig, configDir: string): LocatedProblem[] {
  const problems: LocatedProblem[] = [];
  const unique = (
    items: readonly { [key: string]: unknown }[],
    field: string,
    base: PropertyKey[],
    what: string,
  ) => {
    const first = new Map<unknown, number>();
    items.forEach((item, index) => {
      const value = item[field];
      const seen = first.get(value);
      if (seen === undefined) first.set(value, index);
      else
        problems.push({
          path: [...base, index, field],
          message: `duplicate ${what} "${String(value)}" (also at ${formatIndex(base, seen)}); each must be unique`,
        });
    });
  };

  unique(config.services, 'id', ['services'], 'service id');
  unique(config.panels, 'id', ['panels'], 'panel id');
  unique(config.auth.tokens, 'name', ['auth', 'tokens'], 'token name');
  unique(config.auth.tokens, 'sha256', ['auth', 'tokens'], 'token hash');

  config.services.forEach((service, s) => {
    const at = ['services', s] as PropertyKey[];
    unique(service.checks, 'id', [...at, 'checks'], 'check id');
    unique(service.operations, 'id', [...at, 'operations'], 'operation id');

    const base = parseHttpUrl(service.baseUrl);
    if (service.baseUrl !== undefined && !base) {
      problems.push({
        path: [...at, 'baseUrl'],
        message: `expected an http:// or https:// URL, got "${service.baseUrl}"`,
      });
    }
    if (service.operations.length > 0 && !service.baseUrl) {
      problems.push({
        path: [...at, 'operations'],
        message: "operations are sent to the service's baseUrl; add baseUrl to the service",
      });
    }

    service.operations.forEach((operation, o) => {
      // a viewer role would let anyone who can read (anonymous too, where allowed) change things
      if (operation.mutating && operation.role === 'viewer')
        problems.push({
          path: [...at, 'operations', o, 'role'],
          message:
            'a mutating operation cannot have role viewer; use operator or admin, or set mutating: false for a read-only operation',
        });
    });

    service.checks.forEach((check, c) => {
      const checkAt = [...at, 'checks', c];
      if (check.type === 'http') {
        if (check.url !== undefined && !parseHttpUrl(check.url)) {
          problems.push({
            path: [...checkAt, 'url'],
            message: `expected an http:// or https:// URL, got "${check.url}"`,
          });
        } else if (check.url === undefined && !service.baseUrl) {
          problems.push({
            path: checkAt,
            message:
              'an http check needs a target: add baseUrl to the service, or url to the check',
          });
        }
        for (const path of Object.keys(check.expect.json ?? {})) {
          if (!parseJsonPath(path)) {
            problems.push({
              path: [...checkAt, 'expect', 'json'],
              message: `"${path}" is not a supported JSON path; use $.a.b, $.items[0] or $["a-b"]`,
            });
          }
        }
        for (const [name, pattern] of Object.entries(check.expect.headers ?? {})) {
          const regexError = regexProblem(pattern);
          if (regexError)
            problems.push({
              path: [...checkAt, 'expect', 'headers', name],
              message: `invalid regular expression ${pattern}: ${regexError}`,
            });
        }
        const target = parseHttpUrl(check.url ?? service.baseUrl);
        if (check.expect.certificate && target && target.protocol !== 'https:') {
          problems.push({
            path: [...checkAt, 'expect', 'certificate'],
            message: `a certificate condition needs an https target, but this check probes ${target.origin}; use https or remove the condition`,
          });
        }
      }
      if (check.type === 'tcp' || check.type === 'tls') {
        if (check.host === undefined) {
          if (base) check.host = hostOf(base);
          else
            problems.push({
              path: checkAt,
              message: `a ${check.type} check needs a host: add host to the check, or baseUrl to the service`,
            });
        }
      }
      if (
        (check.type === 'tls' || check.type === 'http') &&
        check.ca !== undefined &&
        !check.ca.includes('-----BEGIN')
      ) {
        check.ca = isAbsolute(check.ca) ? check.ca : resolve(configDir, check.ca);
        if (!existsSync(check.ca)) {
          problems.push({
            path: [...checkAt, 'ca'],
            message: `CA file ${check.ca} does not exist; give a PEM file path relative to the config file`,
          });
        }
      }
    });
  });
  problems.push(...checkDependencies(config.services));
  config.panels.forEach((panel, i) => {
    // every viewer reads the registry and every browser loads the entry: no credentials in it
    const entry = parseHttpUrl(panel.entry);
    if (!entry || entry.username || entry.password)
      problems.push({
        path: ['panels', i, 'entry'],
        message: `expected an http:// or https:// URL without user:password@, got "${entry ? redactUrl(panel.entry) : panel.entry}"`,
      });
  });
  (config.registry.allowedOrigins ?? []).forEach((origin, i) => {
    if (!isOriginRule(origin))
      problems.push({
        path: ['registry', 'allowedOrigins', i],
        message: `expected an origin such as https://panels.example.test or http://127.0.0.1:* (any port), got "${origin}"`,
      });
  });
  config.server.allowedHosts.forEach((host, i) => {
    if (!/^([a-z0-9._-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i.test(host))
      problems.push({
        path: ['server', 'allowedHosts', i],
        message: `expected a host name, optionally with :port (gateway, gateway:8080), got "${host}"`,
      });
  });
  problems.push(...checkAlerting(config));
  return problems;
}

/** `scheme://host[:port]` with nothing after it, or `scheme://host:*` (panels/entry-policy.ts). */
function isOriginRule(text: string): boolean {
  const anyPort = /^(https?:\/\/(?:[^/:@\s]+|\[[0-9a-f:.]+\])):\*$/i.exec(text);
  try {
    const url = new URL(anyPort ? `${anyPort[1]}` : text);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.origin === text.replace(/:\*$/, '').replace(/\/$/, '').toLowerCase()
    );
  } catch {
    return false;
  }
}

/** A header expectation between slashes is a regex; say why it does not compile. */
function regexProblem(pattern: string): string | undefined {
  const m = /^\/(.*)\/([dgimsuy]*)$/s.exec(pattern);
  if (!m) return undefined;
  try {
    new RegExp(m[1]!, m[2]);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

function formatIndex(base: PropertyKey[], index: number): string {
  return `${base
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '')}[${index}]`;
}

function parseHttpUrl(text: string | undefined): URL | undefined {
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** URL.hostname keeps IPv6 brackets; sockets want the bare address. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

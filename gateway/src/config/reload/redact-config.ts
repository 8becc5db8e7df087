import { parse } from 'yaml';
import { parseJsonConfig } from '../json-config.js';
import { REDACTED, redactUrl } from '../redact-url.js';

/** Keys whose values are secrets wherever they appear (token hashes, webhook secrets, keys). */
const SECRET_KEYS = new Set([
  'sha256',
  'secret',
  'routingKey',
  'password',
  'token',
  'apiKey',
  'body',
]);
/** Maps whose every value may carry a credential (authorization, cookies, API keys). */
const SECRET_MAPS = new Set(['headers']);
/**
 * A value made of env references (without defaults) and at most an auth scheme word, such as
 * `Bearer ${TOKEN}`: it names where the secret lives, nothing more, so it is shown.
 */
const onlyReferences = (value: string) => {
  if (value.includes(':-')) return false;
  const literal = value.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, '').trim();
  return value.includes('${') && (literal === '' || /^(bearer|basic|token)$/i.test(literal));
};
/** `${NAME:-default}`: the default may be a literal secret. */
const DEFAULTED = /\$\{([A-Za-z_][A-Za-z0-9_]*):-[^}]*\}/g;

/**
 * The running config as GET /api/config shows it: the file's own text parsed as data with every
 * `${VAR}` left unresolved (so no environment value can show), then secrets redacted — values of
 * secret keys and header maps (unless they are a bare `${VAR}`), the defaults of `${VAR:-…}`,
 * and userinfo and query values of every URL.
 */
export function redactedConfigOf(text: string): Record<string, unknown> {
  // JSON (YAML 1.2 gives the same data) without YAML's syntax tree: the cluster bench's 6.2 MB
  // file took 4.4 s of CPU through `yaml`, 0.13 s through JSON.parse
  const data = parseJsonConfig(text) ?? (parse(text, { maxAliasCount: 100 }) as unknown);
  const shown = redactValue(data, undefined, false);
  return shown !== null && typeof shown === 'object' && !Array.isArray(shown)
    ? (shown as Record<string, unknown>)
    : {};
}

function redactValue(value: unknown, key: string | undefined, inSecretMap: boolean): unknown {
  if (typeof value === 'string') {
    if ((inSecretMap || (key !== undefined && SECRET_KEYS.has(key))) && !onlyReferences(value))
      return REDACTED;
    const withoutDefaults = value.replace(
      DEFAULTED,
      (_m, name: string) => `\${${name}:-${REDACTED}}`,
    );
    return /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(withoutDefaults)
      ? redactUrl(withoutDefaults)
      : withoutDefaults;
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, key, inSecretMap));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        redactValue(v, k, inSecretMap || SECRET_MAPS.has(k)),
      ]),
    );
  }
  // numbers under a secret key (a numeric token) are secrets too
  if ((inSecretMap || (key !== undefined && SECRET_KEYS.has(key))) && value !== null)
    return REDACTED;
  return value;
}

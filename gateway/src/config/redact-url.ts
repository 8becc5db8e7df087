/**
 * How a configured URL is shown to anyone reading the gateway (API answers, SSE, logs): without
 * userinfo (`user:password@`), with every query value replaced, without a fragment. Viewers see
 * where a check goes, never the credentials riding in its URL.
 *
 * String-based on purpose: a URL as written in the config (`${VAR}` unexpanded) is not a valid
 * WHATWG URL, and `new URL()` would percent-encode the braces of a reference we want to show.
 */
export const REDACTED = '[REDACTED]';

const URL_PARTS = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/s;

export function redactUrl(text: string): string {
  const parts = URL_PARTS.exec(text);
  // not scheme://… (a bare path): only the query can carry a secret
  if (!parts) return redactQueryOf(text);
  const [, scheme, authority = '', path = '', query, fragment] = parts;
  const at = authority.lastIndexOf('@');
  // nothing to take out: the text itself, not a copy made of its slices (a service's shown
  // baseUrl is kept per service: 30,000 copies of one base URL held ~3 MiB as slices)
  if (at < 0 && query === undefined && fragment === undefined) return text;
  const host = at < 0 ? authority : authority.slice(at + 1);
  return `${scheme}${host}${path}${query ? redactQuery(query) : ''}`;
}

/**
 * The URL to show for a configured one: the text as written when the loader kept it (so an env
 * reference reads `${VAR}`, never its value), else the expanded URL; redacted either way.
 */
export function shownUrl(url: string, written?: string): string {
  return redactUrl(written ?? url);
}

function redactQueryOf(text: string): string {
  const hash = text.indexOf('#');
  const withoutFragment = hash < 0 ? text : text.slice(0, hash);
  const q = withoutFragment.indexOf('?');
  return q < 0
    ? withoutFragment
    : withoutFragment.slice(0, q) + redactQuery(withoutFragment.slice(q));
}

/** `?a=1&b&c=` → `?a=[REDACTED]&b&c=[REDACTED]`: names stay (they say what the check does). */
function redactQuery(query: string): string {
  const pairs = query
    .slice(1)
    .split(/([&;])/)
    .map((part) => {
      if (part === '&' || part === ';' || part === '') return part;
      const eq = part.indexOf('=');
      return eq < 0 ? part : `${part.slice(0, eq)}=${REDACTED}`;
    });
  return `?${pairs.join('')}`;
}

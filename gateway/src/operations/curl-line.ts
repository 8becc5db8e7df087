import type { OutboundRequest } from '@aether/contract';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** POSIX single-quoting: nothing inside is expanded. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Quotes a header value but leaves `${NAME}` references to the shell, so the secret comes from the user's own env. */
function quoteWithReferences(text: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(REFERENCE)) {
    if (match.index > last) parts.push(shellQuote(text.slice(last, match.index)));
    parts.push(`"\${${match[1]}}"`);
    last = match.index + match[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push(shellQuote(text.slice(last)));
  return parts.join('');
}

/** A copy-as-curl line for a (redacted) outbound request. */
export function curlLine(request: OutboundRequest): string {
  const words = ['curl', '-sS', '-X', request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers))
    words.push('-H', quoteWithReferences(`${name}: ${value}`));
  if (request.body !== null) words.push('--data-raw', shellQuote(request.body));
  return words.join(' ');
}

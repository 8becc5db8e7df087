import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { curlLine, shellQuote } from './curl-line.js';

/** Lets a real shell split the line, so quoting is checked by what sh makes of it. */
function shellWords(line: string, env: Record<string, string> = {}): string[] {
  const script = `set -- ${line.replace(/^curl /, '')}; for w in "$@"; do printf '%s\\0' "$w"; done`;
  return execFileSync('sh', ['-c', script], { env: { PATH: process.env.PATH, ...env } })
    .toString()
    .split('\0')
    .slice(0, -1);
}

describe('curlLine', () => {
  it('quotes everything and leaves env references to the shell', () => {
    const line = curlLine({
      method: 'POST',
      url: 'http://127.0.0.1:9101/admin/cache/flush',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer ${ORDERS_ADMIN_TOKEN}',
      },
      body: `{"note":"it's $HOME"}`,
    });
    expect(shellWords(line, { ORDERS_ADMIN_TOKEN: 'from-env' })).toEqual([
      '-sS',
      '-X',
      'POST',
      'http://127.0.0.1:9101/admin/cache/flush',
      '-H',
      'content-type: application/json',
      '-H',
      'authorization: Bearer from-env',
      '--data-raw',
      `{"note":"it's $HOME"}`,
    ]);
  });

  it.each([
    ["a'b", "'a'\\''b'"],
    ['$(x)', "'$(x)'"],
  ])('shellQuote(%s)', (input, expected) => {
    expect(shellQuote(input)).toBe(expected);
  });
});

import { createHash } from 'node:crypto';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The config's auth.tokens for plain test tokens by role: `<role>-bot`, holding only the SHA-256. */
export function botTokens(tokens: Record<string, string>) {
  return Object.entries(tokens).map(([role, token]) => ({
    name: `${role}-bot`,
    role,
    sha256: sha256(token),
  }));
}

/**
 * The `auth:` section of a test config as YAML lines: anonymous callers get `anonymous`, and each
 * plain token of `tokens` (by role) is a `<role>-bot` token.
 */
export function authConfigLines(anonymous: string, tokens: Record<string, string>): string[] {
  return [
    'auth:',
    `  anonymous: ${anonymous}`,
    '  tokens:',
    ...botTokens(tokens).map(
      (t) => `    - { name: ${t.name}, role: ${t.role}, sha256: "${t.sha256}" }`,
    ),
  ];
}

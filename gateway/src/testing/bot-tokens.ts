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

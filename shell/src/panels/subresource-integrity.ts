/**
 * Subresource Integrity for a panel's remote entry (W3C SRI: "sha384-<base64> sha512-<base64>").
 * The registry may carry `integrity`; the shell checks the entry script's bytes against it before
 * the remote runs, because the federation runtime imports the script itself and takes no
 * integrity attribute.
 */

const ALGORITHMS = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' } as const;
type Algorithm = keyof typeof ALGORITHMS;
const STRENGTH: Record<Algorithm, number> = { sha256: 1, sha384: 2, sha512: 3 };

export interface IntegrityHash {
  algorithm: Algorithm;
  /** The base64 digest, as written in the metadata. */
  digest: string;
}

const TOKEN = /^(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?.*)?$/;
const DIGEST_LENGTH: Record<Algorithm, number> = { sha256: 32, sha384: 48, sha512: 64 };

/**
 * The hashes an integrity value names, or null when it names none the shell can check. Unlike a
 * browser, which ignores metadata it cannot parse and then runs the script anyway, the shell
 * refuses: a registry entry that asked for a check must get one.
 */
export function parseIntegrity(value: string): IntegrityHash[] | null {
  const tokens = value.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return null;
  const hashes: IntegrityHash[] = [];
  for (const token of tokens) {
    const match = TOKEN.exec(token);
    if (!match) return null;
    const algorithm = match[1] as Algorithm;
    const digest = match[2]!;
    if (decodedLength(digest) !== DIGEST_LENGTH[algorithm]) return null;
    hashes.push({ algorithm, digest });
  }
  return hashes;
}

function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length * 3) / 4 - padding;
}

function toBase64(bytes: ArrayBuffer): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Whether `bytes` match the metadata, as SRI decides: only the strongest algorithm named counts,
 * and any of its digests may match.
 */
export async function matchesIntegrity(
  bytes: ArrayBuffer,
  hashes: readonly IntegrityHash[],
): Promise<boolean> {
  const strongest = Math.max(...hashes.map((h) => STRENGTH[h.algorithm]));
  const candidates = hashes.filter((h) => STRENGTH[h.algorithm] === strongest);
  const algorithm = candidates[0]!.algorithm;
  // A copy in this realm's Uint8Array: WebCrypto refuses a buffer from another realm (jsdom tests).
  const data = Uint8Array.from(new Uint8Array(bytes));
  const actual = toBase64(await crypto.subtle.digest(ALGORITHMS[algorithm], data));
  return candidates.some((h) => h.digest === actual);
}

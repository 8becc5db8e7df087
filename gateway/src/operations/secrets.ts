/** `${NAME}` or `${NAME:-fallback}`, the same syntax the config loader uses; `$${` is a literal `${`. */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface ResolvedHeader {
  /** Sent to the service. */
  value: string;
  /** Shown to people and written to the audit trail: references kept as `${NAME}`. */
  shown: string;
  /** The env values substituted in, to be scrubbed from anything that leaves the gateway. */
  secrets: string[];
  /** References with no value and no fallback. */
  missing: string[];
}

/**
 * Resolves env references of an operation header at send time. Every substituted value counts as
 * a secret, fallbacks included, since the config author chose to keep it out of the file.
 */
export function resolveHeader(template: string, env: NodeJS.ProcessEnv): ResolvedHeader {
  const secrets: string[] = [];
  const missing: string[] = [];
  const value = template.replace(
    REFERENCE,
    (match, name: string | undefined, fallback: string | undefined) => {
      if (match === '$${') return '${';
      const found = env[name!];
      const resolved = found !== undefined && found !== '' ? found : fallback;
      if (resolved === undefined) {
        missing.push(name!);
        return '';
      }
      if (resolved !== '') secrets.push(resolved);
      return resolved;
    },
  );
  const shown = template.replace(REFERENCE, (match, name: string | undefined) =>
    match === '$${' ? '${' : `\${${name}}`,
  );
  return { value, shown, secrets, missing };
}

export const REDACTED = '[REDACTED]';

/** Put where a truncated body was cut. */
export const TRUNCATED_MARKER = '…[truncated]';
/** Characters always dropped from the end of a truncated body: longer than any secret we inject. */
const TRUNCATION_TAIL = 1024;

/**
 * Scrubs secret values from text that leaves the gateway (responses echoed back, error messages,
 * logs), in their raw, JSON-escaped and URL-encoded forms.
 */
export class Redactor {
  private readonly forms: string[];

  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      // Very short values would redact ordinary text; config secrets are tokens, not "1".
      if (secret.length < 4) continue;
      forms.add(secret);
      forms.add(JSON.stringify(secret).slice(1, -1));
      forms.add(encodeURIComponent(secret));
    }
    // Longest first, so a secret that contains another is replaced whole.
    this.forms = [...forms].sort((a, b) => b.length - a.length);
  }

  text(input: string): string {
    let out = input;
    for (const form of this.forms) out = out.split(form).join(REDACTED);
    return out;
  }

  /**
   * Scrubs text that was cut short: whole secrets as usual, then always the same fixed tail is
   * dropped and a marker put in its place. A secret cut in the middle leaves its first characters
   * somewhere in that tail; cutting only when the tail looked like a secret's start (as this did)
   * told a caller, by the length of the answer, which prefixes were right.
   */
  truncatedText(input: string, truncated: boolean): string {
    const out = this.text(input);
    if (!truncated) return out;
    return `${out.slice(0, Math.max(0, out.length - this.tailLength))}${TRUNCATED_MARKER}`;
  }

  /** What truncatedText drops: fixed for a given set of secrets, whatever the text says. */
  get tailLength(): number {
    return Math.max(TRUNCATION_TAIL, this.forms[0]?.length ?? 0);
  }

  /** Deep copy with every string scrubbed. */
  value<T>(input: T): T {
    if (typeof input === 'string') return this.text(input) as T;
    if (Array.isArray(input)) return input.map((v: unknown) => this.value(v)) as T;
    if (input !== null && typeof input === 'object') {
      return Object.fromEntries(
        Object.entries(input).map(([k, v]) => [this.text(k), this.value(v)]),
      ) as T;
    }
    return input;
  }
}

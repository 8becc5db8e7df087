/**
 * A config written as JSON, read without YAML's located document. JSON is YAML 1.2 and gives the
 * same data either way, but the `yaml` library builds a syntax tree and a document with a node
 * and a source range for every value (kept so errors can say file:line:col): for 10,000
 * services (a 1.9 MB file) that is ~160 MiB of heap at once, the highest RSS a gateway ever
 * reaches (bench/results/NOTES.md). `JSON.parse` holds ~20 MiB for the same file. Large fleets
 * are generated, and generators write JSON, so that is where this matters.
 *
 * The answer is the plain data, `${VAR}` references still as written (the caller resolves them
 * on the data: every JSON string is quoted, so none takes its value's type as a plain YAML
 * `${PORT}` does), or undefined when the fast path does not apply and the caller must take the
 * YAML path: not a JSON object, or a key written twice in one object (YAML refuses it with its
 * position, JSON.parse keeps the last).
 * The caller also takes the YAML path when the data has problems, so every error is located.
 */
export function parseJsonConfig(text: string): Record<string, unknown> | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined; // YAML that starts with a flow map, or broken JSON: YAML says where
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  return repeatsAKey(text) ? undefined : (data as Record<string, unknown>);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether an object of this (valid) JSON text has a key twice. One pass over the text: a set of
 * keys per open object; a string is a key when it opens an object's entry (after `{` or `,`).
 */
export function repeatsAKey(json: string): boolean {
  const open: (Set<string> | null)[] = []; // null: an array
  let atKey = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      let escaped = false;
      for (let d = json.charCodeAt(end); d !== QUOTE; d = json.charCodeAt(end)) {
        if (d === BACKSLASH) {
          escaped = true;
          end += 2;
        } else end += 1;
      }
      const keys = open.at(-1);
      if (atKey && keys) {
        const key = escaped
          ? (JSON.parse(json.slice(i, end + 1)) as string)
          : json.slice(i + 1, end);
        if (keys.has(key)) return true;
        keys.add(key);
        atKey = false;
      }
      i = end;
    } else if (c === 0x7b /* { */) {
      open.push(new Set());
      atKey = true;
    } else if (c === 0x5b /* [ */) {
      open.push(null);
      atKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      open.pop();
    } else if (c === 0x2c /* , */) {
      atKey = open.at(-1) != null;
    }
  }
  return false;
}

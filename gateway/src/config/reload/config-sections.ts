import type { AetherConfig } from '../schema.js';

/**
 * The top-level sections of two configs that differ, `services` left out (the monitor diffs it
 * service by service). Compared as JSON: both sides come out of the same loader, so key order
 * and defaults match.
 */
export function changedSections(before: AetherConfig, after: AetherConfig): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete('services');
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
}

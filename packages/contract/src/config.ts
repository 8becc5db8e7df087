import { z } from 'zod';
import { IsoDate } from './common.js';

/**
 * What an applied config reload changed (PRODUCT.md "Config that changes while running").
 * Services by id; checks by count. `sections` names the other top-level sections that differ
 * (auth, panels, alerting, …); `needsRestart` those among them this gateway applies only on its
 * next start (server, storage).
 */
export const ConfigChanges = z.object({
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.string()),
  checks: z.object({
    added: z.number().int().nonnegative(),
    removed: z.number().int().nonnegative(),
    replaced: z.number().int().nonnegative(),
    kept: z.number().int().nonnegative(),
  }),
  sections: z.array(z.string()),
  needsRestart: z.array(z.string()),
});
export type ConfigChanges = z.infer<typeof ConfigChanges>;

/** A reload that changed nothing (an identical file). */
export const NO_CONFIG_CHANGES: ConfigChanges = {
  added: [],
  removed: [],
  changed: [],
  checks: { added: 0, removed: 0, replaced: 0, kept: 0 },
  sections: [],
  needsRestart: [],
};

/** POST /api/config/reload (200). `applied: false` when the file is byte-for-byte the running one. */
export const ConfigReloadResponse = z.object({
  applied: z.boolean(),
  /** SHA-256 (hex) of the config file's bytes now running. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  loadedAt: IsoDate,
  changes: ConfigChanges,
});
export type ConfigReloadResponse = z.infer<typeof ConfigReloadResponse>;

/** GET /api/config: the running config, every secret and `${VAR}` value redacted. */
export const ConfigView = z.object({
  /** The file it was read from. */
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  loadedAt: IsoDate,
  config: z.record(z.string(), z.unknown()),
});
export type ConfigView = z.infer<typeof ConfigView>;

/** SSE `config`: a reload was applied (what changed; lists re-read with `changes?since=`). */
export const ConfigEvent = z.object({
  sha256: z.string(),
  loadedAt: IsoDate,
  changes: ConfigChanges,
});
export type ConfigEvent = z.infer<typeof ConfigEvent>;

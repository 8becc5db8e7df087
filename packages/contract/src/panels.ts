import { z } from 'zod';
import { IsoDate } from './common.js';

export { PANEL_CONTEXT_VERSION } from './panel-context-version.js';

export const PanelId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lowercase letters, digits and dashes');

export const Panel = z.object({
  id: PanelId,
  title: z.string(),
  entry: z.url(),
  module: z.string(),
  version: z.string(),
  integrity: z.string().optional(),
  disabled: z.boolean().optional(),
});
export type Panel = z.infer<typeof Panel>;

export const PanelList = z.array(Panel);
export type PanelList = z.infer<typeof PanelList>;

export const PanelRegistration = z.strictObject({
  entry: z.url(),
  module: z.string().default('./Panel'),
  version: z.string().min(1).max(64),
  title: z.string().min(1).max(64).optional(),
  integrity: z.string().optional(),
});
export type PanelRegistration = z.input<typeof PanelRegistration>;

export const PanelHistoryEntry = z.object({
  version: z.string(),
  entry: z.url(),
  module: z.string(),
  action: z.enum(['config', 'register', 'rollback', 'disable', 'enable']),
  actor: z.string(),
  at: IsoDate,
  current: z.boolean(),
});
export type PanelHistoryEntry = z.infer<typeof PanelHistoryEntry>;

export const PanelHistory = z.array(PanelHistoryEntry);
export type PanelHistory = z.infer<typeof PanelHistory>;

export const PanelRollbackRequest = z.strictObject({
  /** Version to return to; default the one before the current. */
  version: z.string().optional(),
});
export type PanelRollbackRequest = z.infer<typeof PanelRollbackRequest>;

export const PanelDisableRequest = z.strictObject({
  /** false re-enables a disabled panel. */
  disabled: z.boolean().default(true),
});
export type PanelDisableRequest = z.input<typeof PanelDisableRequest>;

import type { Panel } from '@aether/contract';
import type { PanelLinks } from '@aether/panel-kit';
import { loadPanel, type PanelModule } from './load-panel';

/** Kinds that name a page rather than one thing: their template carries no `:id`. */
const PAGE_KINDS: ReadonlySet<keyof PanelLinks> = new Set([
  'deploys',
  'outages',
  'slos',
  'approvals',
  'maintenanceWindow',
]);
/** Kinds that name one thing of a thing: their template carries `:operation` besides `:id`. */
const OPERATION_KINDS: ReadonlySet<keyof PanelLinks> = new Set(['operationDryRun']);

export interface DeclaredLink {
  panelId: string;
  /** Panel-relative path template, e.g. "/services/:id". */
  template: string;
}

/**
 * The first enabled panel, in registry order, whose module declares a link of `kind` (its
 * `links` export). This is how the shell sends a person to "the service page" without knowing
 * which panel has one: modules are loaded (or reused from the cache) to read what they declare; a
 * panel that fails to load declares nothing.
 */
export async function findDeclaredLink(
  panels: readonly Panel[],
  kind: keyof PanelLinks,
  load: (panel: Panel) => Promise<PanelModule> = (panel) => loadPanel(panel, 0),
): Promise<DeclaredLink | null> {
  for (const panel of panels) {
    if (panel.disabled) continue;
    let template: unknown;
    try {
      template = (await load(panel)).links?.[kind];
    } catch {
      continue;
    }
    if (
      typeof template === 'string' &&
      template.startsWith('/') &&
      (PAGE_KINDS.has(kind) ||
        (template.includes(':id') &&
          (!OPERATION_KINDS.has(kind) || template.includes(':operation'))))
    )
      return { panelId: panel.id, template };
  }
  return null;
}

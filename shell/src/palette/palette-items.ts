import type { Operation, Panel, ServiceSummary } from '@aether/contract';
import { linkTo } from '@aether/panel-kit';
import { panelHref } from '../navigation/location-store';
import type { DeclaredLink } from '../panels/panel-links';

/** A row of the palette: somewhere to go, or something to do right there (verify a service). */
export type PaletteItem =
  | {
      kind: 'go';
      id: string;
      label: string;
      hint: string;
      href: string;
      status?: ServiceSummary['status'];
    }
  | { kind: 'verify'; id: string; label: string; hint: string; serviceId: string; name: string };

export interface PaletteSources {
  panels: readonly Panel[];
  services: readonly ServiceSummary[];
  /** Every allow-listed operation (GET /api/operations); empty for viewers. */
  operations: readonly Operation[];
  /** The pages panels declare (their `links`), found by kind. */
  links: {
    service: DeclaredLink | null;
    operationDryRun: DeclaredLink | null;
    maintenanceWindow: DeclaredLink | null;
  };
  /** Operators and admins may verify and open operations; viewers only go places. */
  canOperate: boolean;
}

/** Rows shown at most: a 10,000-service fleet is searched, not scrolled. */
export const PALETTE_LIMIT = 50;

/**
 * "Panel · v1.2.0", but a version that is no version number (a config-declared panel's
 * "config") is not shown as "vconfig": it means nothing to the person searching.
 */
function panelHint(panel: Panel): string {
  return /^\d+(\.\d+)*([-+].*)?$/.test(panel.version) ? `Panel · v${panel.version}` : 'Panel';
}

/**
 * The palette's rows for a query: every word of it must appear in a row's label or hint
 * ("flush orders" finds "Open Flush cache on Orders with dry run"). Places first, then actions;
 * verify and operation rows only when there is a query (one per service would bury the rest).
 */
export function paletteItems(
  sources: PaletteSources,
  query: string,
): { items: PaletteItem[]; more: number } {
  const { panels, services, operations, links, canOperate } = sources;
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const names = new Map(services.map((s) => [s.id, s.name]));
  const all: PaletteItem[] = [
    { kind: 'go', id: 'nav:now', label: 'Now', hint: 'What is wrong right now', href: '/' },
    {
      kind: 'go',
      id: 'nav:overview',
      label: 'Overview',
      hint: 'All panels side by side',
      href: '/panels',
    },
    ...panels
      .filter((p) => !p.disabled)
      .map<PaletteItem>((p) => ({
        kind: 'go',
        id: `panel:${p.id}`,
        label: p.title,
        hint: panelHint(p),
        href: panelHref(p.id),
      })),
  ];
  const window = links.maintenanceWindow;
  if (canOperate && window)
    all.push({
      kind: 'go',
      id: 'action:maintenance-window',
      label: 'Open maintenance window…',
      hint: 'Action · hold alerts while you work',
      href: panelHref(window.panelId, window.template),
    });
  const service = links.service;
  if (service)
    for (const s of services)
      all.push({
        kind: 'go',
        id: `service:${s.id}`,
        label: s.name,
        hint: `Service · ${s.group}`,
        href: panelHref(service.panelId, linkTo(service.template, s.id)),
        status: s.status,
      });
  if (words.length > 0 && canOperate) {
    for (const s of services)
      all.push({
        kind: 'verify',
        id: `verify:${s.id}`,
        label: `Verify ${s.name}`,
        hint: `Action · run its checks now (${s.id})`,
        serviceId: s.id,
        name: s.name,
      });
    const dryRun = links.operationDryRun;
    if (dryRun)
      for (const op of operations) {
        const on = names.get(op.serviceId) ?? op.serviceId;
        all.push({
          kind: 'go',
          id: `operation:${op.serviceId}/${op.id}`,
          label: `Open ${op.title} on ${on} with dry run`,
          hint: `Operation · ${op.method} ${op.path}`,
          href: panelHref(dryRun.panelId, linkTo(dryRun.template, op.serviceId, op.id)),
        });
      }
  }
  const matching =
    words.length === 0
      ? all
      : all.filter((item) => {
          const text = `${item.label} ${item.hint}`.toLowerCase();
          return words.every((w) => text.includes(w));
        });
  return {
    items: matching.slice(0, PALETTE_LIMIT),
    more: Math.max(0, matching.length - PALETTE_LIMIT),
  };
}

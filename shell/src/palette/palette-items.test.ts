import { describe, expect, it } from 'vitest';
import type { Panel } from '@aether/contract';
import { makeOperation, makeResult, makeService } from '@aether/contract/fixtures';
import { PALETTE_LIMIT, paletteItems, type PaletteSources } from './palette-items';
import { verifyVerdict } from './verify-verdict';

const panel = (id: string, version: string): Panel => ({
  id,
  title: id === 'health' ? 'Health' : 'Operate',
  entry: `http://localhost:1/${id}/mf-manifest.json`,
  module: './Panel',
  version,
});

const sources = (over: Partial<PaletteSources> = {}): PaletteSources => ({
  panels: [panel('health', '1.4.0'), panel('interaction', 'config')],
  services: [
    makeService(0, { id: 'orders', name: 'Orders' }),
    makeService(1, { id: 'cart', name: 'Cart' }),
  ],
  operations: [
    makeOperation('orders', 'flush-cache', {
      title: 'Flush cache',
      method: 'POST',
      path: '/admin/cache/flush',
    }),
  ],
  links: {
    service: { panelId: 'health', template: '/services/:id' },
    operationDryRun: {
      panelId: 'interaction',
      template: '/services/:id/operations/:operation?dryRun=1',
    },
    maintenanceWindow: { panelId: 'interaction', template: '/maintenance?open=1' },
  },
  canOperate: true,
  ...over,
});

const labels = (s: PaletteSources, q: string) => paletteItems(s, q).items.map((i) => i.label);

describe('paletteItems', () => {
  it('shows a real version and hides a config-declared panel’s "config" (no "vconfig")', () => {
    const hints = paletteItems(sources(), '').items.map((i) => i.hint);
    expect(hints).toContain('Panel · v1.4.0');
    expect(hints).toContain('Panel');
    expect(hints.join()).not.toContain('vconfig');
  });

  it('finds "flush": the operation, opened with its dry run', () => {
    const [item, ...rest] = paletteItems(sources(), 'flush').items;
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      kind: 'go',
      label: 'Open Flush cache on Orders with dry run',
      href: '/p/interaction/services/orders/operations/flush-cache?dryRun=1',
    });
  });

  it('matches every word anywhere in label and hint', () => {
    expect(labels(sources(), 'verify orders')).toEqual(['Verify Orders']);
    expect(labels(sources(), 'orders')).toEqual([
      'Orders',
      'Verify Orders',
      'Open Flush cache on Orders with dry run',
    ]);
  });

  it('offers the maintenance form to operators, as a place to go', () => {
    expect(paletteItems(sources(), 'maintenance').items).toEqual([
      expect.objectContaining({
        label: 'Open maintenance window…',
        href: '/p/interaction/maintenance?open=1',
      }),
    ]);
  });

  it('gives viewers places only: no verify, no operations, no maintenance', () => {
    const viewer = sources({ canOperate: false });
    expect(labels(viewer, 'orders')).toEqual(['Orders']);
    expect(labels(viewer, 'maintenance')).toEqual([]);
  });

  it('offers no action a panel does not declare a page for', () => {
    const bare = sources({
      links: { service: null, operationDryRun: null, maintenanceWindow: null },
    });
    expect(labels(bare, 'flush')).toEqual([]);
    expect(labels(bare, 'orders')).toEqual(['Verify Orders']);
  });

  it('keeps actions out of the unfiltered list, and caps what it renders', () => {
    expect(labels(sources(), '')).toEqual([
      'Now',
      'Overview',
      'Health',
      'Operate',
      'Open maintenance window…',
      'Orders',
      'Cart',
    ]);
    const fleet = sources({ services: Array.from({ length: 200 }, (_, i) => makeService(i)) });
    const { items, more } = paletteItems(fleet, 'service');
    expect(items).toHaveLength(PALETTE_LIMIT);
    expect(more).toBe(400 - PALETTE_LIMIT); // 200 services, 200 verify rows
  });
});

describe('verifyVerdict', () => {
  it('says how many checks passed', () => {
    expect(
      verifyVerdict('Orders', {
        ok: true,
        results: [makeResult('orders', 'health', true), makeResult('orders', 'db', true)],
      }),
    ).toBe('Orders passes: 2 of 2 checks');
  });

  it('names the first failing check and what it saw', () => {
    expect(
      verifyVerdict('Orders', {
        ok: false,
        results: [makeResult('orders', 'health', true), makeResult('orders', 'api', false)],
      }),
    ).toBe('Orders fails: api status (expected one of [200], got 500) · 1 of 2 passed');
    expect(
      verifyVerdict('Cart', {
        ok: false,
        results: [
          makeResult('cart', 'tcp', false, {
            conditions: [],
            errors: [{ kind: 'refused', message: 'connect ECONNREFUSED 127.0.0.1:9102' }],
          }),
        ],
      }),
    ).toBe('Cart fails: tcp refused: connect ECONNREFUSED 127.0.0.1:9102 · 0 of 1 passed');
    expect(verifyVerdict('Cart', { ok: true, results: [] })).toBe('Cart: no checks ran');
  });
});

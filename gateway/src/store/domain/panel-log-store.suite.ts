import { describe, expect, it } from 'vitest';
import type { PanelLogRow, PanelLogStore } from './panel-log-store.js';

export type MakePanelLogStore = () => PanelLogStore | Promise<PanelLogStore>;

const row = (over: Partial<Omit<PanelLogRow, 'seq'>> = {}): Omit<PanelLogRow, 'seq'> => ({
  panelId: 'health',
  title: 'Health',
  version: '1.0.0',
  entry: 'https://panels.example.test/health/mf-manifest.json',
  module: './Panel',
  integrity: null,
  disabled: false,
  action: 'config',
  actor: 'config',
  at: '2026-11-27T10:00:00.000Z',
  ...over,
});

/** What every PanelLogStore backend must do; SQLite runs it today, a Postgres store must too. */
export function describePanelLogStoreSuite(name: string, makeStore: MakePanelLogStore): void {
  describe(`${name} (PanelLogStore)`, () => {
    it('appends rows with a growing seq and keeps every field', async () => {
      const store = await makeStore();
      const first = await store.append(row());
      const second = await store.append(
        row({
          version: '2',
          integrity: 'sha384-x',
          disabled: true,
          action: 'register',
          actor: 'ada',
        }),
      );
      expect(second.seq).toBeGreaterThan(first.seq);
      expect(await store.rows('health')).toEqual([first, second]);
      expect(await store.rows('other')).toEqual([]);
    });

    it('gives the last row of each panel in order of first appearance', async () => {
      const store = await makeStore();
      await store.append(row({ panelId: 'health', version: '1' }));
      await store.append(row({ panelId: 'interaction', version: '1' }));
      const last = await store.append(row({ panelId: 'health', version: '2' }));
      const latest = await store.latest();
      expect(latest.map((r) => [r.panelId, r.version])).toEqual([
        ['health', '2'],
        ['interaction', '1'],
      ]);
      expect(latest[0]).toEqual(last);
    });
  });
}

import { HttpResponse } from 'msw';
import type { ConfigView, Role } from '../index.js';
import { FIXTURE_NOW, makeConfigView, NO_CONFIG_CHANGES } from '../fixtures/index.js';
import type { InteractionStore } from './interaction-store.js';
import { callerRefusal } from './problem.js';
import { handle, route } from './route.js';

const VIEW = route('get', '/api/config');
const RELOAD = route('post', '/api/config/reload');

export interface ConfigMockOptions {
  baseUrl?: string;
  /** The running config as shown. */
  view?: ConfigView;
  /** Role the mock caller has: below admin, both routes answer 403. */
  role?: Role | null;
  /** When given, the caller is the store's signed-in identity instead of `role`. */
  store?: InteractionStore;
  now?: () => number;
}

/**
 * GET /api/config and POST /api/config/reload (admin). The mock's file never changes, so a reload
 * answers `applied: false` with no changes, as the gateway does for an unchanged file.
 */
export function configHandlers({
  baseUrl = '',
  view = makeConfigView(),
  role = 'admin',
  store,
  now = () => Date.parse(FIXTURE_NOW),
}: ConfigMockOptions = {}) {
  const refusalOf = (spec: { role: Role }) => callerRefusal(spec.role, store, role);
  return [
    handle(
      baseUrl,
      VIEW,
      () => refusalOf(VIEW) ?? HttpResponse.json(VIEW.responses[200].parse(view)),
    ),
    handle(baseUrl, RELOAD, () => {
      const refused = refusalOf(RELOAD);
      if (refused) return refused;
      view = { ...view, loadedAt: new Date(now()).toISOString() };
      return HttpResponse.json(
        RELOAD.responses[200].parse({
          applied: false,
          sha256: view.sha256,
          loadedAt: view.loadedAt,
          changes: NO_CONFIG_CHANGES,
        }),
      );
    }),
  ];
}

import { HttpResponse } from 'msw';
import type { z } from 'zod';
import type { Panel, PanelHistoryEntry, Problem } from '../index.js';
import { PANELS } from '../fixtures/index.js';
import { roleRefusal, type InteractionStore } from './interaction-store.js';
import { invalidRequest, problem, refusal } from './problem.js';
import { handle, route } from './route.js';

const LIST = route('get', '/api/panels');
const REGISTER = route('put', '/api/panels/:id');
const HISTORY = route('get', '/api/panels/:id/history');
const ROLLBACK = route('post', '/api/panels/:id/rollback');
const DISABLE = route('post', '/api/panels/:id/disable');

export interface PanelsMockOptions {
  baseUrl?: string;
  /** The registry's panels; changed in place by PUT, rollback and disable, as the gateway persists them. */
  panels?: Panel[];
  /** When given, PUT/rollback/disable need its identity to be an admin (401/403 otherwise), like the gateway. */
  store?: InteractionStore;
  /** Called after every change with the new list: push it as a `panels` SSE event from a mock gateway. */
  onChange?: (panels: Panel[]) => void;
  now?: () => number;
}

/**
 * The panel registry: GET /api/panels, PUT /api/panels/:id, GET …/history, POST …/rollback and
 * POST …/disable, with the gateway's semantics (history newest first, rollback to the previous or
 * a named version, kill switch). Every body is parsed by its contract schema.
 */
export function panelsHandlers({
  baseUrl = '',
  panels = PANELS.map((p) => ({ ...p })),
  store,
  onChange,
  now = Date.now,
}: PanelsMockOptions = {}) {
  const histories = new Map<string, PanelHistoryEntry[]>();
  const historyOf = (panel: Panel) => {
    let history = histories.get(panel.id);
    if (!history) {
      history = [
        {
          version: panel.version,
          entry: panel.entry,
          module: panel.module,
          action: 'config',
          actor: 'config',
          at: new Date(now()).toISOString(),
          current: true,
        },
      ];
      histories.set(panel.id, history);
    }
    return history;
  };
  const actor = () => store?.identity?.name ?? 'admin';
  const record = (panel: Panel, action: PanelHistoryEntry['action']) => {
    const history = historyOf(panel);
    for (const h of history) h.current = false;
    history.unshift({
      version: panel.version,
      entry: panel.entry,
      module: panel.module,
      action,
      actor: actor(),
      at: new Date(now()).toISOString(),
      current: true,
    });
  };
  /** Stores the changed panel and answers with it, as `spec` (a change of the registry) declares. */
  const save = (spec: typeof REGISTER | typeof ROLLBACK | typeof DISABLE, next: Panel) => {
    const index = panels.findIndex((p) => p.id === next.id);
    if (index < 0) panels.push(next);
    else panels[index] = next;
    onChange?.(LIST.responses[200].parse(panels));
    return HttpResponse.json(spec.responses[200].parse(next));
  };
  // Every change of the registry is an admin's (REGISTER, ROLLBACK and DISABLE declare the same role).
  const adminRefusal = () => {
    const refused = store ? roleRefusal(store, REGISTER.role) : undefined;
    return refused ? refusal(refused) : undefined;
  };
  const body = async (request: Request) => request.json().catch(() => ({}));
  const missing = (id: string) => problem(404, 'Not Found', `No panel ${id} in the registry`);
  /** An admin's change to a registered panel: the panel and the parsed body, or what refuses it. */
  const changeOf = async <T>(
    id: string,
    request: Request,
    schema: z.ZodType<T>,
  ): Promise<{ panel: Panel; data: T } | HttpResponse<Problem>> => {
    const refused = adminRefusal();
    if (refused) return refused;
    const panel = panels.find((p) => p.id === id);
    if (!panel) return missing(id);
    const parsed = schema.safeParse(await body(request));
    if (!parsed.success) return invalidRequest(parsed.error.issues);
    return { panel, data: parsed.data };
  };

  return [
    handle(baseUrl, LIST, () => HttpResponse.json(LIST.responses[200].parse(panels))),

    handle<{ id: string }>(baseUrl, REGISTER, async ({ params, request }) => {
      const refused = adminRefusal();
      if (refused) return refused;
      const parsed = REGISTER.body.safeParse(await body(request));
      if (!parsed.success) return invalidRequest(parsed.error.issues);
      const previous = panels.find((p) => p.id === params.id);
      if (previous) historyOf(previous);
      const { title, integrity, ...deployment } = parsed.data;
      const next: Panel = {
        id: params.id,
        title: title ?? previous?.title ?? params.id,
        ...deployment,
        ...(integrity ? { integrity } : {}),
      };
      record(next, 'register');
      return save(REGISTER, next);
    }),

    handle<{ id: string }>(baseUrl, HISTORY, ({ params }) => {
      const panel = panels.find((p) => p.id === params.id);
      if (!panel) return missing(params.id);
      return HttpResponse.json(HISTORY.responses[200].parse(historyOf(panel)));
    }),

    handle<{ id: string }>(baseUrl, ROLLBACK, async ({ params, request }) => {
      const change = await changeOf(params.id, request, ROLLBACK.body);
      if (change instanceof Response) return change;
      const { panel, data } = change;
      const deployments = historyOf(panel).filter(
        (h) => h.action !== 'disable' && h.action !== 'enable',
      );
      const target =
        data.version === undefined
          ? deployments.find((h) => h.version !== panel.version)
          : deployments.find((h) => h.version === data.version);
      if (!target)
        return problem(
          409,
          'Conflict',
          `Panel ${panel.id} has no such earlier version`,
          'nothing-to-roll-back-to',
        );
      const next: Panel = {
        ...panel,
        version: target.version,
        entry: target.entry,
        module: target.module,
      };
      delete next.integrity;
      record(next, 'rollback');
      return save(ROLLBACK, next);
    }),

    handle<{ id: string }>(baseUrl, DISABLE, async ({ params, request }) => {
      const change = await changeOf(params.id, request, DISABLE.body);
      if (change instanceof Response) return change;
      const { panel, data } = change;
      const { disabled: _was, ...rest } = panel;
      const next: Panel = data.disabled ? { ...rest, disabled: true } : rest;
      record(next, data.disabled ? 'disable' : 'enable');
      return save(DISABLE, next);
    }),
  ];
}

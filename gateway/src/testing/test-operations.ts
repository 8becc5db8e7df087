/**
 * Config input (as the YAML holds it) for the operations the operate tests declare again and
 * again, so each test's setup shows only what it is about.
 */

type Request = `${'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'} /${string}`;

/** An operation called `id` (its title too) sending `request`, e.g. 'POST /admin/cache/flush'; read-only unless `rest` says otherwise. */
export function operation(id: string, request: Request, rest: Record<string, unknown> = {}) {
  const space = request.indexOf(' ');
  return {
    id,
    title: id,
    method: request.slice(0, space),
    path: request.slice(space + 1),
    mutating: false,
    ...rest,
  };
}

/** The service the operate tests call: 'orders' at `baseUrl`, with `operations`. */
export function ordersService(baseUrl: string, operations: unknown[]) {
  return { id: 'orders', name: 'Orders', baseUrl, operations };
}

/** Params of the cache flush: one region of two, nothing else. */
export const REGION_PARAMS = {
  type: 'object',
  properties: { region: { type: 'string', enum: ['eu', 'us'] } },
  required: ['region'],
  additionalProperties: false,
};

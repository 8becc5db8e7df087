/**
 * A body each write route accepts from a caller it authorizes, keyed `method path` as in the
 * contract's ROUTES: the route-role walk and the authz matrix send the same requests, so a new
 * write route needs its body here once.
 */
export function validBodies(options: {
  token: string;
  deploy: { services: string[]; version: string };
}): Record<string, unknown> {
  return {
    'post /api/session': { token: options.token },
    'post /api/verify': {},
    'put /api/panels/:id': { entry: 'http://localhost:5174/mf-manifest.json', version: '9.9.9' },
    'post /api/panels/:id/rollback': {},
    'post /api/panels/:id/disable': { disabled: false },
    'post /api/services/:id/operations/:op/dry-run': { params: {} },
    'post /api/services/:id/operations/:op/invoke': { params: {} },
    'post /api/approvals/:id/approve': {},
    'post /api/approvals/:id/reject': {},
    'post /api/deploys': options.deploy,
    'post /api/deploys/:id/finish': { outcome: 'succeeded' },
  };
}

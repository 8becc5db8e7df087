import { http, HttpResponse } from 'msw';
import { Identity, SessionRequest } from '../index.js';
import { createInteractionStore, type InteractionStore } from './interaction-store.js';
import { problem } from './problem.js';

export interface InteractionMockOptions {
  baseUrl?: string;
  /** Shared by the session, operations, approvals and audit handlers of one mock gateway. */
  store?: InteractionStore;
}

/** GET/POST/DELETE /api/session: tokens from the store's table become the current identity. */
export function sessionHandlers({
  baseUrl = '',
  store = createInteractionStore(),
}: InteractionMockOptions = {}) {
  return [
    http.get(`${baseUrl}/api/session`, () => {
      if (!store.identity)
        return problem(401, 'Unauthorized', 'Sign in to continue', 'unauthenticated');
      return HttpResponse.json(Identity.parse(store.identity));
    }),
    http.post(`${baseUrl}/api/session`, async ({ request }) => {
      const parsed = SessionRequest.safeParse(await request.json().catch(() => null));
      if (!parsed.success)
        return problem(400, 'Invalid request', 'Send {"token": "…"}', 'validation');
      const identity = store.signIn(parsed.data.token);
      if (!identity)
        return problem(401, 'Unauthorized', 'That token is not valid', 'invalid-token');
      return HttpResponse.json(Identity.parse(identity));
    }),
    http.delete(`${baseUrl}/api/session`, () => {
      store.signOut();
      return new HttpResponse(null, { status: 204 });
    }),
  ];
}

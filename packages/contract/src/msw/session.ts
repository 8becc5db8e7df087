import { HttpResponse } from 'msw';
import { createInteractionStore, type InteractionStore } from './interaction-store.js';
import { problem } from './problem.js';
import { handle, route } from './route.js';

const WHO = route('get', '/api/session');
const SIGN_IN = route('post', '/api/session');
const SIGN_OUT = route('delete', '/api/session');

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
    handle(baseUrl, WHO, () => {
      if (!store.identity)
        return problem(401, 'Unauthorized', 'Sign in to continue', 'unauthenticated');
      return HttpResponse.json(WHO.responses[200].parse(store.identity));
    }),
    handle(baseUrl, SIGN_IN, async ({ request }) => {
      const parsed = SIGN_IN.body.safeParse(await request.json().catch(() => null));
      if (!parsed.success)
        return problem(400, 'Invalid request', 'Send {"token": "…"}', 'validation');
      const identity = store.signIn(parsed.data.token);
      if (!identity)
        return problem(401, 'Unauthorized', 'That token is not valid', 'invalid-token');
      return HttpResponse.json(SIGN_IN.responses[200].parse(identity));
    }),
    handle(baseUrl, SIGN_OUT, () => {
      store.signOut();
      return new HttpResponse(null, { status: 204 });
    }),
  ];
}

import { HttpResponse } from 'msw';
import { createInteractionStore, roleRefusal } from './interaction-store.js';
import { problem, refusal } from './problem.js';
import type { InteractionMockOptions } from './session.js';
import { handle, route } from './route.js';

const QUEUE = route('get', '/api/approvals');
const DECIDE = {
  approve: route('post', '/api/approvals/:id/approve'),
  reject: route('post', '/api/approvals/:id/reject'),
};

/** The four-eyes queue: GET /api/approvals, POST /api/approvals/:id/approve|reject; nobody approves their own request. */
export function approvalsHandlers({
  baseUrl = '',
  store = createInteractionStore(),
}: InteractionMockOptions = {}) {
  const decide = (verb: 'approve' | 'reject') =>
    handle<{ id: string }>(baseUrl, DECIDE[verb], async ({ params, request }) => {
      const refused = roleRefusal(store, DECIDE[verb].role);
      if (refused) return refusal(refused);
      const text = await request.text();
      let json: unknown = {};
      try {
        json = text ? JSON.parse(text) : {};
      } catch {
        return problem(400, 'Invalid request', 'The body is not JSON', 'invalid-json');
      }
      const body = DECIDE[verb].body.safeParse(json);
      if (!body.success) return problem(400, 'Invalid request', body.error.message, 'validation');
      const outcome = store.decide(params.id, verb, store.identity!);
      if ('refused' in outcome) {
        const title =
          outcome.refused === 404
            ? 'Approval not found'
            : outcome.refused === 409
              ? (outcome.title ?? 'Already decided')
              : 'Forbidden';
        return problem(outcome.refused, title, outcome.reason, outcome.code);
      }
      return HttpResponse.json(DECIDE[verb].responses[200].parse(outcome));
    });

  return [
    handle(baseUrl, QUEUE, () => {
      const refused = roleRefusal(store, QUEUE.role);
      if (refused) return refusal(refused);
      const newestFirst = [...store.approvals].sort((a, b) =>
        b.requestedAt.localeCompare(a.requestedAt),
      );
      return HttpResponse.json(QUEUE.responses[200].parse(newestFirst));
    }),
    decide('approve'),
    decide('reject'),
  ];
}

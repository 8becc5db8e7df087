import { http, HttpResponse } from 'msw';
import { Approval, ApprovalDecision, ApprovalList } from '../index.js';
import { createInteractionStore, roleRefusal } from './interaction-store.js';
import { problem, refusal } from './problem.js';
import type { InteractionMockOptions } from './session.js';

/** The four-eyes queue: GET /api/approvals, POST /api/approvals/:id/approve|reject; nobody approves their own request. */
export function approvalsHandlers({
  baseUrl = '',
  store = createInteractionStore(),
}: InteractionMockOptions = {}) {
  const decide = (verb: 'approve' | 'reject') =>
    http.post<{ id: string }>(
      `${baseUrl}/api/approvals/:id/${verb}`,
      async ({ params, request }) => {
        const refused = roleRefusal(store, 'operator');
        if (refused) return refusal(refused);
        const text = await request.text();
        let json: unknown = {};
        try {
          json = text ? JSON.parse(text) : {};
        } catch {
          return problem(400, 'Invalid request', 'The body is not JSON', 'invalid-json');
        }
        const body = ApprovalDecision.safeParse(json);
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
        return HttpResponse.json(Approval.parse(outcome));
      },
    );

  return [
    http.get(`${baseUrl}/api/approvals`, () => {
      const refused = roleRefusal(store, 'operator');
      if (refused) return refusal(refused);
      const newestFirst = [...store.approvals].sort((a, b) =>
        b.requestedAt.localeCompare(a.requestedAt),
      );
      return HttpResponse.json(ApprovalList.parse(newestFirst));
    }),
    decide('approve'),
    decide('reject'),
  ];
}

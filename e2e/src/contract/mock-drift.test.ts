import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setupServer } from 'msw/node';
import type { RequestHandler } from 'msw';
import {
  approvalsHandlers,
  auditHandlers,
  clusterHandlers,
  configHandlers,
  createInteractionStore,
  deploysHandlers,
  alertsHandlers,
  operationsHandlers,
  panelsHandlers,
  servicesHandlers,
  sessionHandlers,
  slosHandlers,
} from '@aether/contract/msw';
import { CONTRACT_TOKENS } from './contract-gateway.js';
import {
  contractViolations,
  jsonRoutes,
  routeOf,
  STEPS,
  type Answer,
  type Captured,
  type Role,
  type Step,
  type TargetData,
} from './exchanges.js';

/** Where the mock answers; MSW intercepts fetch before any name is resolved. */
const MOCK = 'http://mock-gateway.invalid';

const MOCK_DATA: TargetData = {
  service: 'svc-00000',
  fourEyes: { op: 'flush-cache', params: { region: 'eu' } },
  confirmed: { op: 'set-log-level', params: { logger: 'app', level: 'info' } },
  invalidParams: { op: 'flush-cache', params: { region: 'mars' } },
  tokens: {
    viewer: 'val-token',
    operator: 'alice-token',
    operator2: 'bob-token',
    admin: 'root-token',
  },
};

/** The real gateway runs contract-gateway.ts's config: orders on a real sample service. */
const GATEWAY_DATA: TargetData = {
  service: 'orders',
  fourEyes: { op: 'flush-cache', params: { region: 'eu' } },
  confirmed: { op: 'restart', params: {} },
  invalidParams: { op: 'flush-cache', params: { region: 'mars' } },
  tokens: CONTRACT_TOKENS,
};

const store = createInteractionStore();
const handlers: RequestHandler[] = [
  ...servicesHandlers({ baseUrl: MOCK }),
  ...panelsHandlers({ baseUrl: MOCK, store }),
  ...sessionHandlers({ baseUrl: MOCK, store }),
  ...operationsHandlers({ baseUrl: MOCK, store }),
  ...approvalsHandlers({ baseUrl: MOCK, store }),
  ...auditHandlers({ baseUrl: MOCK, store }),
  ...deploysHandlers({ baseUrl: MOCK, store }),
  ...alertsHandlers({ baseUrl: MOCK, store }),
  ...configHandlers({ baseUrl: MOCK, store }),
  ...slosHandlers({ baseUrl: MOCK }),
  ...clusterHandlers({ baseUrl: MOCK }),
];
const server = setupServer(...handlers);

type Send = (step: Step, path: string, body: unknown) => Promise<Answer>;

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
}

const json = (body: unknown) =>
  body === undefined
    ? {}
    : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };

/** The mock knows one caller at a time: the store's identity, set the way a sign-in sets it. */
const sendToMock: Send = async (step, path, body) => {
  if (step.as === 'anonymous') store.signOut();
  else store.signIn(MOCK_DATA.tokens[step.as]);
  return answerOf(
    await fetch(`${MOCK}${path}`, { method: step.method.toUpperCase(), ...json(body) }),
  );
};

const sendToGateway: Send = async (step, path, body) => {
  const init = json(body) as { headers?: Record<string, string>; body?: string };
  const headers = {
    ...init.headers,
    ...(step.as === 'anonymous'
      ? {}
      : { authorization: `Bearer ${GATEWAY_DATA.tokens[step.as as Exclude<Role, 'anonymous'>]}` }),
  };
  return answerOf(
    await fetch(`${inject('gatewayUrl')}${path}`, {
      method: step.method.toUpperCase(),
      headers,
      body: init.body,
    }),
  );
};

async function walk(send: Send, data: TargetData, steps: Step[]): Promise<Map<Step, Answer>> {
  const captured: Captured = {};
  const answers = new Map<Step, Answer>();
  for (const step of steps) {
    const answer = await send(step, step.path(data, captured), step.body?.(data, captured));
    answers.set(step, answer);
    if (answer.status === step.status) step.capture?.(answer.body, captured);
  }
  return answers;
}

let mockAnswers: Map<Step, Answer>;
let gatewayAnswers: Map<Step, Answer>;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'bypass' });
  mockAnswers = await walk(
    sendToMock,
    MOCK_DATA,
    STEPS.filter((s) => !s.gatewayOnly),
  );
  server.close();
  gatewayAnswers = await walk(sendToGateway, GATEWAY_DATA, STEPS);
});

afterAll(() => server.close());

const describeStep = (step: Step) =>
  `${step.name}: ${step.method.toUpperCase()} ${step.route} as ${step.as} → ${step.status}`;

describe('the MSW mock gateway (@aether/contract/msw)', () => {
  it.each(STEPS.filter((s) => !s.gatewayOnly).map((s) => [describeStep(s), s] as const))(
    '%s',
    (_, step) => {
      const answer = mockAnswers.get(step)!;
      expect({
        status: answer.status,
        violations: contractViolations(routeOf(step), answer),
      }).toEqual({ status: step.status, violations: [] });
    },
  );
});

describe('the mock against the real gateway', () => {
  // the contract holds both to the same schemas; this holds the mock to what the gateway says
  // when it refuses: the same problem type (urn:aether:problem:<code>) for the same step
  it.each(
    STEPS.filter((s) => !s.gatewayOnly && s.status >= 400).map(
      (s) => [describeStep(s), s] as const,
    ),
  )('%s: same problem type', (_, step) => {
    const typeOf = (answer: Answer | undefined) =>
      (answer?.body as { type?: unknown } | undefined)?.type;
    expect(typeOf(mockAnswers.get(step))).toBe(typeOf(gatewayAnswers.get(step)));
  });
});

/**
 * Fields of a service the schema leaves optional (an older gateway may omit them) but the panels
 * read: both the mock and the real gateway must send them, or a panel works on one and not the other.
 */
const SERVICE_STEPS = ['services', 'services filtered, one page', 'one service'];
const servicesOf = (answer: Answer | undefined): Record<string, unknown>[] => {
  const body = answer?.body;
  return (Array.isArray(body) ? body : [body]) as Record<string, unknown>[];
};

describe('optional service fields the panels read', () => {
  it.each(
    STEPS.filter((s) => SERVICE_STEPS.includes(s.name)).flatMap((s) =>
      (['mock', 'gateway'] as const).map((side) => [`${s.name} (${side})`, s, side] as const),
    ),
  )('%s: every service carries dependsOn', (_, step, side) => {
    const answer = (side === 'mock' ? mockAnswers : gatewayAnswers).get(step);
    const services = servicesOf(answer);
    expect(services.length).toBeGreaterThan(0);
    expect(services.filter((s) => !Array.isArray(s.dependsOn)).map((s) => s.id)).toEqual([]);
  });
});

describe('the real gateway', () => {
  it.each(STEPS.map((s) => [describeStep(s), s] as const))('%s', (_, step) => {
    const answer = gatewayAnswers.get(step)!;
    expect({
      status: answer.status,
      violations: contractViolations(routeOf(step), answer),
      body: answer.status === step.status ? undefined : answer.body,
    }).toEqual({
      status: step.status,
      violations: [],
      body: undefined,
    });
  });
});

describe('coverage', () => {
  it('walks every route with a JSON answer', () => {
    const walked = new Set(STEPS.map((s) => `${s.method} ${s.route}`));
    expect(
      jsonRoutes()
        .map((r) => `${r.method} ${r.path}`)
        .filter((r) => !walked.has(r)),
    ).toEqual([]);
  });

  it('sends every mocked route through the mock, so no handler escapes the check', () => {
    const onMock = new Set(
      STEPS.filter((s) => !s.gatewayOnly).map((s) => `${s.method.toUpperCase()} ${s.route}`),
    );
    const mocked = handlers.map((h) => {
      const info = h.info as { method?: string; path?: string | RegExp };
      return `${String(info.method)} ${String(info.path).replace(MOCK, '')}`;
    });
    expect(mocked.filter((m) => !onMock.has(m))).toEqual([]);
  });

  it('marks a step gateway-only exactly when the mock has no handler for its route', () => {
    const mocked = new Set(
      handlers.map(
        (h) =>
          `${String((h.info as { method?: string }).method)} ${String((h.info as { path?: unknown }).path).replace(MOCK, '')}`,
      ),
    );
    const wrong = STEPS.filter(
      (s) => Boolean(s.gatewayOnly) === mocked.has(`${s.method.toUpperCase()} ${s.route}`),
    ).map((s) => s.name);
    expect(wrong).toEqual([]);
  });
});

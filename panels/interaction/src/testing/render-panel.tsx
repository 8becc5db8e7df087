import { render } from '@testing-library/react';
import { http, type RequestHandler } from 'msw';
import userEvent from '@testing-library/user-event';
import {
  alertsHandlers,
  approvalsHandlers,
  auditHandlers,
  createInteractionStore,
  operationsHandlers,
  problem,
  servicesHandlers,
  sessionHandlers,
  type AlertsMockOptions,
  type InteractionStoreOptions,
} from '@aether/contract/msw';
import { makeServices } from '@aether/contract/fixtures';
import Panel from '../panel';
import { createApiClient } from '@aether/contract/panel-runtime';
import { createEventHub, createHarnessContext } from '@aether/panel-kit/harness';
import { server } from './server';

export const GATEWAY = 'http://localhost:8080';

/**
 * Renders the panel as the shell would, against a mock gateway (the contract's MSW handlers over
 * one store) whose approval and audit events reach the panel through an in-test event hub.
 */
export function renderPanel({
  path = '/',
  handlers = [],
  alerting = {},
  ...storeOptions
}: InteractionStoreOptions & {
  path?: string;
  handlers?: RequestHandler[];
  /** Alerts, channels and maintenance windows the mock gateway starts with (fixtures otherwise). */
  alerting?: Omit<AlertsMockOptions, 'baseUrl' | 'store'>;
} = {}) {
  const store = createInteractionStore(storeOptions);
  const options = { baseUrl: GATEWAY, store };
  server.use(
    // The services mock serves anyone; the gateway refuses a caller with no identity (auth.anonymous: none).
    http.get(`${GATEWAY}/api/services`, () =>
      store.identity ? undefined : problem(401, 'Unauthorized', 'Sign in to continue'),
    ),
    ...servicesHandlers({ baseUrl: GATEWAY, services: makeServices(3) }),
    ...sessionHandlers(options),
    ...operationsHandlers(options),
    ...approvalsHandlers(options),
    ...auditHandlers(options),
    ...alertsHandlers({ services: makeServices(3), ...alerting, ...options }),
  );
  // Given last so they win: a test's own answers for the routes it is about.
  server.use(...handlers);
  const events = createEventHub();
  store.subscribe((event) => events.emit(event));
  const context = createHarnessContext({
    panelId: 'interaction',
    api: createApiClient(GATEWAY),
    user: store.identity ?? { name: 'anonymous', role: null, authenticated: false },
    events,
    path,
  });
  const user = userEvent.setup();
  const view = render(<Panel context={context} />);
  return { ...view, user, store, context, events };
}

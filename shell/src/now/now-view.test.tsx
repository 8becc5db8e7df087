import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { http } from 'msw';
import type { CheckResult, Deploy, ServiceDetail, ServiceSummary } from '@aether/contract';
import {
  alertsHandlers,
  approvalsHandlers,
  createInteractionStore,
  deploysHandlers,
  problem,
  servicesHandlers,
} from '@aether/contract/msw';
import {
  makeAlerts,
  makeApproval,
  makeAuditEntry,
  makeResult,
  makeService,
  makeServiceDetail,
} from '@aether/contract/fixtures';
import { server } from '../testing/msw-server';
import { GATEWAY } from '../testing/mock-gateway';
import { fakeFederation } from '../testing/fake-federation';
import { renderShell, stopShells } from '../testing/render-shell';
import { serveShellWithPanels } from '../testing/shell-with-panels';
import { clearLoadedPanels } from '../panels/load-panel';
import type * as relativeTime from './relative-time';
import { ago } from './relative-time';

// The real `ago`, counted: each service line of a card calls it once per render of the line.
vi.mock('./relative-time', async (importOriginal) => {
  const real = await importOriginal<typeof relativeTime>();
  return { ...real, ago: vi.fn(real.ago) };
});

const service = (id: string, name: string, status: ServiceSummary['status']): ServiceSummary =>
  makeService(0, {
    id,
    name,
    status,
    // the problem began after the test's deploys (11:45): the change before it
    since: '2026-11-27T11:50:00.000Z',
    checks: [{ id: 'resolve', type: 'dns', status, since: '2026-11-27T11:50:00.000Z' }],
  });

const dnsFailure = (serviceId: string): CheckResult =>
  makeResult(serviceId, 'resolve', false, {
    type: 'dns',
    target: `dns ${serviceId}.test A @127.0.0.1:5353`,
    conditions: [
      { condition: 'values', expected: '127.0.0.1', actual: '(none)', ok: false, severity: 'fail' },
    ],
  });

/** A service's detail whose one check last failed as `result` says. */
const detailOf = (summary: ServiceSummary, result: CheckResult | null): ServiceDetail => {
  const base = makeServiceDetail(0);
  return {
    ...base,
    ...summary,
    checks: [{ ...base.checks[0]!, ...summary.checks[0]!, target: 'x', lastResult: result }],
  };
};

const deploy = (id: string, services: string[], version: string): Deploy => ({
  id,
  services,
  version,
  description: null,
  by: 'ci-bot',
  startedAt: '2026-11-27T11:45:00.000Z',
  finishedAt: '2026-11-27T11:47:00.000Z',
  finishedBy: 'ci-bot',
  outcome: 'succeeded',
});

/** The shell with both panels; health declares service and deploy pages; `fleet` is the gateway's. */
function setup(
  fleet: ServiceSummary[],
  {
    details = {},
    deploys = [],
  }: { details?: Record<string, ServiceDetail>; deploys?: Deploy[] } = {},
) {
  const gateway = serveShellWithPanels({
    links: { health: { service: '/services/:id', deploy: '/deploys/:id', deploys: '/deploys' } },
  });
  // The last handlers added answer first: this fleet before the mock gateway's default one.
  server.use(
    ...servicesHandlers({ baseUrl: GATEWAY, services: fleet, details }),
    ...deploysHandlers({ baseUrl: GATEWAY, services: fleet, deploys }),
  );
  return gateway;
}

const cardNamed = async (name: RegExp | string) => screen.findByRole('article', { name });

beforeEach(() => {
  fakeFederation.reset();
  clearLoadedPanels();
  document.title = 'AETHER GRID';
});
afterEach(stopShells);

describe('Now view', () => {
  it('puts services failing the same condition at the same place on one card, with their last deploy', async () => {
    const broken = [
      service('orders', 'Orders', 'down'),
      service('cart', 'Cart', 'down'),
      service('search', 'Search', 'down'),
    ];
    const slow = service('payments', 'Payments', 'degraded');
    const fleet = [...broken, slow, service('users', 'Users', 'up')];
    setup(fleet, {
      details: {
        ...Object.fromEntries(broken.map((s) => [s.id, detailOf(s, dnsFailure(s.id))])),
        payments: detailOf(slow, null),
      },
      deploys: [deploy('dep-9', ['cart'], '2.0.0')],
    });
    renderShell('/');

    const card = await cardNamed('3 services fail values @127.0.0.1:5353');
    // Links wait for the panel's declared pages, the deploy line for the deploys: both async.
    await waitFor(() =>
      expect(
        within(card)
          .getAllByRole('link')
          .map((a) => [a.textContent, a.getAttribute('href')]),
      ).toEqual([
        ['Orders', '/p/health/services/orders'],
        ['Cart', '/p/health/services/cart'],
        ['2.0.0', '/p/health/deploys/dep-9'],
        ['Search', '/p/health/services/search'],
      ]),
    );
    expect(within(card).getByText(/after deploy/)).toHaveTextContent(
      /2\.0\.0 .* ago \(succeeded\)/,
    );
    // Its cause is not known: it stands alone, after the down card.
    expect(await cardNamed('Payments is degraded · check resolve')).toBeInTheDocument();
    expect(screen.getAllByRole('article')).toHaveLength(2);
    expect(
      await screen.findByText('5 services watched: 1 up, 1 degraded, 3 down', {}),
    ).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('(3 down) AETHER GRID'));
    const deploys = await screen.findByRole('region', { name: 'Recent deploys' });
    expect(deploys).toHaveTextContent('2.0.0 of cart');
    expect(await within(deploys).findByRole('link', { name: 'All deploys' })).toHaveAttribute(
      'href',
      '/p/health/deploys',
    );
  });

  it('reads what is wrong without waiting for the panel registry, which only gives its links', async () => {
    setup([service('orders', 'Orders', 'down')]);
    // The registry answers only once the Now view has asked for the failing services: waiting
    // for it first put GET /api/panels (1-2 s at 10,000 services) before every first card.
    let asked: () => void;
    const servicesAsked = new Promise<void>((resolve) => (asked = resolve));
    server.use(
      http.get(`${GATEWAY}/api/services`, ({ request }) => {
        if (new URL(request.url).searchParams.has('status')) asked();
        return undefined;
      }),
      http.get(`${GATEWAY}/api/panels`, async () => {
        await servicesAsked;
        return undefined;
      }),
    );
    renderShell('/');
    expect(await cardNamed('Orders is down · check resolve')).toBeInTheDocument();
  });

  it('loads no panel for its links until the first answer about problems is in', async () => {
    setup([service('orders', 'Orders', 'down')]);
    let answer: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    let asked = false;
    server.use(
      http.get(`${GATEWAY}/api/services`, async ({ request }) => {
        if (!new URL(request.url).searchParams.has('status')) return undefined;
        asked = true;
        await answered;
        return undefined;
      }),
    );
    renderShell('/');
    await waitFor(() => expect(asked).toBe(true));
    await screen.findByRole('status', { name: 'Loading what is wrong now' });
    expect(fakeFederation.registered).toEqual([]);
    answer!();
    const card = await cardNamed('Orders is down · check resolve');
    // then the panel that declares service pages is loaded, and the names link to them
    expect(await within(card).findByRole('link', { name: 'Orders' })).toHaveAttribute(
      'href',
      '/p/health/services/orders',
    );
    expect(fakeFederation.registered).not.toEqual([]);
  });

  it('draws the first cards from a page of down services while the whole list is read, and reads causes only after it', async () => {
    const down = Array.from({ length: 3 }, (_, i) => service(`d${i}`, `D${i}`, 'down'));
    const slow = service('payments', 'Payments', 'degraded');
    setup([...down, slow, service('users', 'Users', 'up')], {
      details: Object.fromEntries(down.map((s) => [s.id, detailOf(s, dnsFailure(s.id))])),
    });
    let release: () => void;
    const whole = new Promise<void>((resolve) => (release = resolve));
    const asked: string[] = [];
    server.use(
      http.get(`${GATEWAY}/api/services`, async ({ request }) => {
        const url = new URL(request.url);
        asked.push(url.search);
        if (url.searchParams.get('status') === 'down,degraded') await whole;
        return undefined;
      }),
      http.get(`${GATEWAY}/api/services/:id`, ({ params }) => {
        asked.push(`/${String(params.id)}`);
        return undefined;
      }),
    );
    renderShell('/');
    // the page (down only, limited) is in; the degraded one and the causes are not
    expect(await cardNamed('D0 is down · check resolve')).toBeInTheDocument();
    expect(screen.getAllByRole('article')).toHaveLength(3);
    expect(screen.getByText(/3 down services so far; reading every failing service/)).toBeVisible();
    expect(asked).toContain('?status=down&limit=200');
    expect(asked.filter((a) => a.startsWith('/'))).toEqual([]);

    release!();
    expect(await cardNamed('3 services fail values @127.0.0.1:5353')).toBeInTheDocument();
    expect(await cardNamed('Payments is degraded · check resolve')).toBeInTheDocument();
    expect(screen.queryByText(/reading every failing service/)).toBeNull();
    expect(asked.filter((a) => a.startsWith('/')).sort()).toEqual([
      '/d0',
      '/d1',
      '/d2',
      '/payments',
    ]);
  });

  it('asks for the whole list of problems, deploys, alerts, the audit and approvals only once the first answer about problems is in', async () => {
    setup([service('orders', 'Orders', 'down')]);
    let answer: () => void;
    let isAnswered = false;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const problemsAsked: string[] = [];
    const others: string[] = [];
    server.use(
      http.get(`${GATEWAY}/api/services`, async ({ request }) => {
        const { search, searchParams } = new URL(request.url);
        if (!searchParams.has('status')) return undefined;
        problemsAsked.push(`${search}${isAnswered ? ' after the first answer' : ''}`);
        await answered;
        return undefined;
      }),
      ...['deploys', 'alerts', 'audit', 'approvals'].map((path) =>
        http.get(`${GATEWAY}/api/${path}`, ({ request }) => {
          // (a problem's own deploys, ?service=, are read after the whole list)
          if (!new URL(request.url).searchParams.has('service')) others.push(path);
          return undefined;
        }),
      ),
    );
    renderShell('/');
    // the six connections a browser opens to the gateway go to the first cards first
    await waitFor(() => expect(problemsAsked).toEqual(['?status=down&limit=200']));
    expect(others).toEqual([]);
    isAnswered = true;
    answer!();
    expect(await cardNamed('Orders is down · check resolve')).toBeInTheDocument();
    await waitFor(() => expect(others.sort()).toEqual(['alerts', 'approvals', 'audit', 'deploys']));
    await waitFor(() =>
      expect(problemsAsked).toEqual([
        '?status=down&limit=200',
        '?status=down,degraded after the first answer',
      ]),
    );
  });

  it('says what it watches when all is clear, and resets the title', async () => {
    setup([service('a', 'A', 'up'), service('b', 'B', 'up')]);
    document.title = '(4 down) AETHER GRID';
    renderShell('/');
    const clear = await screen.findByRole('region', { name: 'All clear' });
    expect(clear).toHaveTextContent('2 services, all up.');
    await waitFor(() => expect(document.title).toBe('AETHER GRID'));
  });

  it('shows skeletons while loading, then an error with a retry that reads again', async () => {
    setup([service('a', 'A', 'down')]);
    let calls = 0;
    server.use(
      http.get(`${GATEWAY}/api/services`, ({ request }) => {
        // the whole list of failing services (the first page of down ones may come before it)
        if (new URL(request.url).searchParams.get('status') !== 'down,degraded') return undefined;
        calls += 1;
        return calls === 1 ? problem(503, 'Unavailable', 'The store is starting') : undefined;
      }),
    );
    const { user } = renderShell('/');
    // Found while it shows: the skeleton is gone once the answer (here, the error) is in.
    await screen.findByRole('status', { name: 'Loading what is wrong now' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('What is wrong now could not be read');
    expect(alert).toHaveTextContent('The store is starting');
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await cardNamed('A is down · check resolve')).toBeInTheDocument();
    expect(calls).toBe(2);
  });

  it('stays live: a status event adds a problem, a result event names its cause, recovery clears it', async () => {
    const orders = service('orders', 'Orders', 'up');
    const gateway = setup([orders]);
    renderShell('/');
    await screen.findByRole('region', { name: 'All clear' });
    await waitFor(() => expect(gateway.connectedClients).toBe(1));

    const down = {
      ...orders,
      status: 'down' as const,
      checks: [{ ...orders.checks[0]!, status: 'down' as const }],
    };
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: [down] }));
    act(() =>
      gateway.push('status', {
        serviceId: 'orders',
        checkId: 'resolve',
        status: 'down',
        previous: 'up',
        since: '2026-11-27T12:00:00.000Z',
        service: down,
      }),
    );
    expect(await cardNamed(/^Orders (is down|fails)/)).toBeInTheDocument();
    act(() => gateway.push('result', dnsFailure('orders')));
    expect(await cardNamed('Orders fails values @127.0.0.1:5353')).toBeInTheDocument();
    await waitFor(() => expect(document.title).toBe('(1 down) AETHER GRID'));

    act(() =>
      gateway.push('status', {
        serviceId: 'orders',
        checkId: 'resolve',
        status: 'up',
        previous: 'down',
        since: '2026-11-27T12:01:00.000Z',
        service: orders,
      }),
    );
    expect(await screen.findByRole('region', { name: 'All clear' })).toBeInTheDocument();
  });

  it('shows an operator the approvals that wait, linked to their services', async () => {
    setup([service('a', 'A', 'up')]);
    const store = createInteractionStore({
      signedInAs: 'alice-token',
      approvals: [
        makeApproval({ serviceId: 'a' }),
        makeApproval({ id: 'apr-2', status: 'approved' }),
      ],
    });
    server.use(...approvalsHandlers({ baseUrl: GATEWAY, store }));
    renderShell('/');
    const section = await screen.findByRole('region', {
      name: '1 approval waits for a second operator',
    });
    expect(await within(section).findByRole('link', { name: 'a' })).toHaveAttribute(
      'href',
      '/p/health/services/a',
    );
    expect(section).toHaveTextContent(/Flush cache on a requested by bob/);
  });

  it('lists firing alerts and follows them live: a resolved one leaves', async () => {
    const fleet = [service('a', 'A', 'down'), service('b', 'B', 'up')];
    const gateway = setup(fleet);
    server.use(...alertsHandlers({ baseUrl: GATEWAY, services: fleet }));
    renderShell('/');
    const section = await screen.findByRole('region', { name: '1 alert firing' });
    expect(section).toHaveTextContent(/A resolve status: expected 200, actual 503 since/);
    expect(await within(section).findByRole('link', { name: 'A' })).toHaveAttribute(
      'href',
      '/p/health/services/a',
    );
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    const [firing] = makeAlerts(fleet);
    const { messages: _, ...alert } = firing!;
    act(() =>
      gateway.push('alert', {
        ...alert,
        id: 'al-new',
        service: { ...alert.service, id: 'b', name: 'B' },
      }),
    );
    expect(await screen.findByRole('region', { name: '2 alerts firing' })).toBeInTheDocument();
    act(() => gateway.push('alert', { ...alert, state: 'resolved' }));
    act(() => gateway.push('alert', { ...alert, id: 'al-new', state: 'resolved' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: /firing/ })).toBeNull());
  });

  it('draws the first 24 cards of a big outage and the rest on demand', async () => {
    const fleet = Array.from({ length: 30 }, (_, i) => service(`s${i}`, `S${i}`, 'down'));
    setup(fleet);
    const { user } = renderShell('/');
    const more = await screen.findByRole('button', { name: 'Show 6 more of 6 problems not shown' });
    expect(screen.getAllByRole('article')).toHaveLength(24);
    await user.click(more);
    expect(screen.getAllByRole('article')).toHaveLength(30);
    expect(screen.queryByRole('button', { name: /more of/ })).toBeNull();
  });

  it('lists the first 24 flapping services and the rest on demand', async () => {
    const fleet = Array.from({ length: 30 }, (_, i) => ({
      ...service(`s${String(i).padStart(2, '0')}`, `S${String(i).padStart(2, '0')}`, 'up'),
      flapping: true,
      flapChanges: 6,
    }));
    const gateway = setup(fleet);
    const { user } = renderShell('/');
    await screen.findByRole('region', { name: 'All clear' });
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    act(() => {
      for (const s of fleet)
        gateway.push('status', {
          serviceId: s.id,
          checkId: 'resolve',
          status: 'up',
          previous: 'down',
          since: '2026-11-27T12:00:00.000Z',
          service: s,
        });
    });
    const flaps = await screen.findByRole('region', { name: '30 services flap' });
    expect(within(flaps).getAllByRole('listitem')).toHaveLength(24);
    expect(flaps).toHaveTextContent(/^30 services flapUp S00 flapping ×6 now up/);
    await user.click(
      within(flaps).getByRole('button', { name: 'Show 6 more of 6 flapping services not shown' }),
    );
    expect(within(flaps).getAllByRole('listitem')).toHaveLength(30);
    expect(within(flaps).queryByRole('button')).toBeNull();
  });

  it('names the change just before each problem: its deploy before it began, or an operation run', async () => {
    const orders = service('orders', 'Orders', 'down');
    const cart = service('cart', 'Cart', 'down');
    setup([orders, cart]);
    const at = (startedAt: string, d: Deploy): Deploy => ({ ...d, startedAt });
    const perService: Record<string, Deploy[]> = {
      orders: [
        // started after orders went down (11:50): not its cause
        at('2026-11-27T12:10:00.000Z', deploy('dep-late', ['orders'], '3.0.0')),
        at('2026-11-27T11:45:00.000Z', deploy('dep-1', ['orders'], '2.0.0')),
      ],
      cart: [at('2026-11-27T11:30:00.000Z', deploy('dep-0', ['cart'], '1.9.0'))],
    };
    const audit = [makeAuditEntry({ id: 2, at: '2026-11-27T11:48:00.000Z', serviceId: 'cart' })];
    server.use(
      // the recent deploys say nothing: the per-service read (?service=) must tell
      http.get(`${GATEWAY}/api/deploys`, ({ request }) => {
        const id = new URL(request.url).searchParams.get('service');
        return Response.json(id ? (perService[id] ?? []) : []);
      }),
      http.get(`${GATEWAY}/api/audit`, () => Response.json({ entries: audit, nextBefore: null })),
    );
    renderShell('/');
    const ordersCard = await cardNamed('Orders is down · check resolve');
    await waitFor(() =>
      expect(within(ordersCard).getByText(/after deploy/)).toHaveTextContent(/2\.0\.0 .* ago/),
    );
    expect(ordersCard).not.toHaveTextContent('3.0.0');
    const cartCard = await cardNamed('Cart is down · check resolve');
    await waitFor(() => expect(cartCard).toHaveTextContent(/after restart by olga .* ago \(202\)/));
    expect(cartCard).not.toHaveTextContent('1.9.0');
  });

  it('collapses a flapping service to one line with its count', async () => {
    const payments = {
      ...service('payments', 'Payments', 'up'),
      flapping: true,
      flapChanges: 8,
    };
    const orders = { ...service('orders', 'Orders', 'down'), flapping: true, flapChanges: 5 };
    const gateway = setup([payments, orders]);
    renderShell('/');
    expect(await cardNamed('Orders is down · check resolve')).toHaveTextContent('flapping ×5');
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    // a flapping service that is up right now is not a problem card, but it is not all clear either
    act(() =>
      gateway.push('status', {
        serviceId: 'payments',
        checkId: 'resolve',
        status: 'up',
        previous: 'down',
        since: '2026-11-27T12:00:00.000Z',
        service: payments,
      }),
    );
    const flaps = await screen.findByRole('region', { name: '1 service flaps' });
    expect(flaps).toHaveTextContent(/Payments flapping ×8 now up/);
    expect(within(flaps).getAllByRole('listitem')).toHaveLength(1);
  });

  it('draws its cards again only when they are regrouped, not on every status event', async () => {
    // At 1,000 status changes/s the store tells the view once a frame; the cards (regrouped at
    // most once a second) were drawn again each time, every line with its times: most of the
    // now-view bench's frame (p95 0.5-1.3 s per frame at 10,000 services).
    const broken = [service('orders', 'Orders', 'down'), service('cart', 'Cart', 'down')];
    const churn = service('search', 'Search', 'up');
    const gateway = setup([...broken, churn], {
      details: Object.fromEntries(broken.map((s) => [s.id, detailOf(s, dnsFailure(s.id))])),
    });
    renderShell('/');
    await cardNamed('2 services fail values @127.0.0.1:5353');
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    const before = vi.mocked(ago).mock.calls.length;

    // One service going down and up again, one change a frame: each is a change of the problems.
    const EVENTS = 30;
    for (let i = 0; i < EVENTS; i++) {
      const status = i % 2 === 0 ? ('down' as const) : ('up' as const);
      act(() =>
        gateway.push('status', {
          serviceId: 'search',
          checkId: 'resolve',
          status,
          previous: status === 'down' ? 'up' : 'down',
          since: '2026-11-27T12:00:00.000Z',
          service: { ...churn, status, checks: [{ ...churn.checks[0]!, status }] },
        }),
      );
      await act(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    }
    // Drawn per event that was 2 lines × 30 at least; per regroup (once a second at most while
    // the problems keep changing) it is 2–3 lines a few times.
    expect(vi.mocked(ago).mock.calls.length - before).toBeLessThan(EVENTS);
    // ...and the last change still shows: Search is up, so its card is gone once regrouped.
    await waitFor(() =>
      expect(screen.queryByRole('article', { name: /Search/ })).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('article', { name: '2 services fail values @127.0.0.1:5353' }),
    ).toBeInTheDocument();
  });
});

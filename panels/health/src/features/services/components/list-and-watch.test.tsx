import { describe, expect, it } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { AetherEvent, ConfigChanges, ServiceSummary } from '@aether/contract';
import { servicesHandlers } from '@aether/contract/msw';
import { makeConfigReload, makeService, makeServices } from '@aether/contract/fixtures';
import { GATEWAY, requests, server } from '../../../testing/server';
import { renderPanel } from '../../../testing/render-panel';
import { FIRST_PAGE } from '../store/services-feed';
import { FLEET_PAGE } from '../api/get-services';

const FLEET = makeServices(12);
const ADDED = makeService(40, { name: 'Ledger API', group: 'commerce', status: 'up' });

/** A first-paint page (limit=100), as opposed to a page of the whole fleet (limit=FLEET_PAGE). */
const isFirstPage = (u: URL) => u.searchParams.get('limit') === String(FIRST_PAGE);
/** The first request of a read of the whole fleet (its later pages carry a cursor). */
const isFleetRead = (u: URL) => u.search === `?limit=${FLEET_PAGE}`;

/** The whole fleet's pages held back until the test lets them go; first-paint pages answered at once. */
function holdFullList(services: ServiceSummary[] = FLEET) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  server.use(
    http.get(`${GATEWAY}/api/services`, async ({ request }) => {
      if (!isFirstPage(new URL(request.url))) await released;
      return undefined; // falls through to the mock
    }),
    ...servicesHandlers({ baseUrl: GATEWAY, services, revision: 7 }),
  );
  return release;
}

const row = (name: string) => screen.queryByRole('listitem', { name: new RegExp(`^${name},`) });
const asked = (pathname: string) => requests.filter((u) => u.pathname === pathname);

/** A handler that holds answers to `pathname` (optionally only those `which` picks) until released. */
function hold(pathname: string, which: (u: URL) => boolean = () => true) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  server.use(
    http.get(`${GATEWAY}${pathname}`, async ({ request }) => {
      if (which(new URL(request.url))) await released;
      return undefined; // falls through to the mock
    }),
  );
  return release;
}

const DOWN = FLEET.filter((s) => s.status === 'down').length;

describe('first paint from the summary and a first page', () => {
  it('shows the first rows and the fleet counts before the whole list has arrived', async () => {
    const release = holdFullList();
    renderPanel();
    expect(await screen.findByRole('listitem', { name: /^Service 0,/ })).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('status', { name: 'Fleet summary' })).toHaveTextContent(
        `${DOWN} down`,
      ),
    );
    expect(asked('/api/summary')).toHaveLength(1);
    const pages = asked('/api/services').filter(isFirstPage);
    expect(pages).toHaveLength(2);
    release();
    await waitFor(() =>
      expect(screen.getByRole('list', { name: 'Services' })).toHaveAttribute('aria-busy', 'false'),
    );
  });

  it('paints the first rows from the first page alone: no snapshot on the stream, the summary and the whole list on their way', async () => {
    const releaseList = holdFullList();
    const releaseSummary = hold('/api/summary'); // after: server.use puts the newest first
    const { events } = renderPanel();
    // the shell's stream is open and live, and never sends a snapshot (?snapshot=false)
    act(() => events.setConnection('live'));
    expect(await screen.findByRole('listitem', { name: /^Service 0,/ })).toBeInTheDocument();
    // the counts of a first page are not the fleet's: none are shown until the summary's
    const summary = screen.getByRole('status', { name: 'Fleet summary' });
    expect(summary).toHaveAttribute('aria-busy', 'true');
    expect(summary).not.toHaveTextContent(/\d+ down/);
    releaseSummary();
    await waitFor(() => expect(summary).toHaveTextContent(`${DOWN} down`));
    expect(summary).toHaveAttribute('aria-busy', 'false');
    releaseList();
    await waitFor(() =>
      expect(screen.getByRole('list', { name: 'Services' })).toHaveAttribute('aria-busy', 'false'),
    );
  });

  it('asks for the whole fleet only once the first rows are in, so its pages never queue beside them', async () => {
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: FLEET, revision: 7 }));
    const releaseFirstPage = hold('/api/services', isFirstPage);
    renderPanel();
    await waitFor(() => expect(asked('/api/services').filter(isFirstPage)).toHaveLength(2));
    await waitFor(() => expect(asked('/api/summary')).toHaveLength(1));
    expect(asked('/api/services').filter(isFleetRead)).toHaveLength(0);
    releaseFirstPage();
    expect(await screen.findByRole('listitem', { name: /^Service 0,/ })).toBeInTheDocument();
    await waitFor(() => expect(asked('/api/services').filter(isFleetRead)).toHaveLength(1));
  });

  it.each([
    ['/?group=commerce', { group: 'commerce' }],
    ['/?tag=critical&q=service%201', { tag: 'critical', q: 'service 1' }],
    ['/?status=down', { status: 'down' }],
  ])('asks the gateway for the first page of %s with its filters', async (path, filters) => {
    holdFullList();
    renderPanel({ path });
    await waitFor(() => expect(asked('/api/services').length).toBeGreaterThanOrEqual(2));
    const view = asked('/api/services').find(
      (u) => isFirstPage(u) && u.searchParams.get('status') !== 'down,degraded',
    )!;
    expect(Object.fromEntries(view.searchParams)).toEqual({ ...filters, limit: '100' });
  });

  it('pins failing services from their own first page, even when the view page has none', async () => {
    const fleet = [
      ...Array.from({ length: 150 }, (_, i) => makeService(i, { status: 'up', group: 'core' })),
      makeService(200, { name: 'Zeta API', group: 'zeta', status: 'down' }),
    ];
    holdFullList(fleet);
    renderPanel();
    expect(await screen.findByRole('heading', { name: 'Needs attention' })).toBeInTheDocument();
    expect(row('Zeta API')).toBeInTheDocument();
  });
});

describe('the whole fleet after the first page', () => {
  it('is read a page at a time along Link rel="next", never as one whole list', async () => {
    const fleet = makeServices(FLEET_PAGE * 2 + 5);
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: fleet, revision: 3 }));
    renderPanel();
    await waitFor(() =>
      expect(screen.getByRole('list', { name: 'Services' })).toHaveAttribute('aria-busy', 'false'),
    );
    const fleetPages = asked('/api/services').filter((u) => !isFirstPage(u));
    expect(fleetPages.map((u) => u.searchParams.get('limit'))).toEqual([
      String(FLEET_PAGE),
      String(FLEET_PAGE),
      String(FLEET_PAGE),
    ]);
    expect(fleetPages[0]!.searchParams.has('cursor')).toBe(false);
    expect(fleetPages.slice(1).every((u) => u.searchParams.has('cursor'))).toBe(true);
    // once the fleet is complete the counts are the store's own: with the first page alone
    // they would be short
    const down = fleet.filter((s) => s.status === 'down').length;
    expect(fleet.slice(0, FLEET_PAGE).filter((s) => s.status === 'down').length).toBeLessThan(down);
    expect(screen.getByRole('status', { name: 'Fleet summary' })).toHaveTextContent(`${down} down`);
  });
});

describe('watching after the first load', () => {
  function serve(changes: Parameters<typeof HttpResponse.json>[0] | 'expired') {
    server.use(
      http.get(`${GATEWAY}/api/services/changes`, () =>
        changes === 'expired'
          ? HttpResponse.json(
              {
                type: 'about:blank',
                title: 'Revision expired',
                status: 410,
                code: 'revision-expired',
              },
              { status: 410, headers: { 'content-type': 'application/problem+json' } },
            )
          : HttpResponse.json(changes),
      ),
      ...servicesHandlers({ baseUrl: GATEWAY, services: FLEET, revision: 7 }),
    );
  }

  async function loaded() {
    const view = renderPanel();
    await screen.findByRole('listitem', { name: /^Service 0,/ });
    await waitFor(() => expect(asked('/api/summary')).toHaveLength(1));
    await waitFor(() => expect(asked('/api/services').filter(isFleetRead)).toHaveLength(1));
    return view;
  }

  it('after the stream comes back, asks for the changes since its revision, not the whole list', async () => {
    serve({ revision: 9, changed: [ADDED], removed: [FLEET[0]!.id] });
    const { events } = await loaded();
    act(() => events.setConnection('reconnecting'));
    act(() => events.setConnection('live'));
    expect(await screen.findByRole('listitem', { name: /^Ledger API,/ })).toBeInTheDocument();
    await waitFor(() => expect(row('Service 0')).not.toBeInTheDocument());
    expect(asked('/api/services/changes').map((u) => u.searchParams.get('since'))).toEqual(['7']);
    expect(asked('/api/services').filter(isFleetRead)).toHaveLength(1);
  });

  it('lists again when the gateway no longer keeps that revision (410)', async () => {
    serve('expired');
    const { events } = await loaded();
    act(() => events.setConnection('offline'));
    act(() => events.setConnection('live'));
    await waitFor(() => expect(asked('/api/services').filter(isFleetRead)).toHaveLength(2));
    expect(asked('/api/services/changes')).toHaveLength(1);
  });

  const reload = (changes: Partial<ConfigChanges>): AetherEvent => ({
    id: '50',
    type: 'config',
    data: makeConfigReload(changes),
  });

  it('shows services a config reload added and drops those it removed, without a page reload', async () => {
    serve({ revision: 8, changed: [ADDED], removed: [FLEET[1]!.id] });
    const { events } = await loaded();
    expect(row('Service 1')).toBeInTheDocument();
    act(() => events.emit(reload({ added: [ADDED.id], removed: [FLEET[1]!.id] })));
    expect(await screen.findByRole('listitem', { name: /^Ledger API,/ })).toBeInTheDocument();
    await waitFor(() => expect(row('Service 1')).not.toBeInTheDocument());
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import type { Panel, PanelContext } from '@aether/contract';
import { server } from './testing/msw-server';
import { createMockGateway, remoteServer, type ManifestOptions } from './testing/mock-gateway';
import { fakeFederation } from './testing/fake-federation';
import { HEALTH, OPERATE, mountOf, renderShell, stopShells } from './testing/render-shell';
import { clearLoadedPanels } from './panels/load-panel';
import { entryScriptOf } from './testing/shell-with-panels';
import { clearCspViolations, recordCspViolation } from './panels/csp-violations';

function panelModule(text: string, contextVersion: unknown = '1') {
  function TestPanel({ context }: { context: PanelContext }) {
    return (
      <div>
        <h2>{text}</h2>
        <p>
          {context.panel.id}@{context.panel.version} on context {context.contextVersion} at{' '}
          {context.navigation.path}
        </p>
        <button onClick={() => context.navigation.navigate('/services/orders')}>
          Open orders in {context.panel.id}
        </button>
      </div>
    );
  }
  return { default: TestPanel, contextVersion };
}

type Behaviour = 'ok' | 'down' | 'not-json' | 'not-manifest' | ManifestOptions;

/** A gateway listing both panels, and both remotes up unless told otherwise. */
function setup({ health = (): Behaviour => 'ok', operate = (): Behaviour => 'ok' } = {}) {
  const gateway = createMockGateway({ panels: [HEALTH, OPERATE] });
  server.use(...gateway.handlers, remoteServer(HEALTH, health), remoteServer(OPERATE, operate));
  fakeFederation.modules.set(entryScriptOf(HEALTH), () => panelModule('Health content'));
  fakeFederation.modules.set(entryScriptOf(OPERATE), () => panelModule('Operate content'));
  return gateway;
}

beforeEach(() => {
  fakeFederation.reset();
  clearLoadedPanels();
  clearCspViolations();
});
afterEach(stopShells);

describe('navigation', () => {
  it('builds the rail from the registry and navigates under /p/<panel>/', async () => {
    setup();
    const { user } = renderShell('/');
    const rail = await screen.findByRole('navigation', { name: 'Panels' });
    await within(rail).findByRole('link', { name: /Health/ });
    expect(
      within(rail)
        .getAllByRole('link')
        .map((a) => a.textContent),
    ).toEqual(['◇Now', 'HeHealth', 'OpOperate']);

    await user.click(within(rail).getByRole('link', { name: /Operate/ }));
    expect(window.location.pathname).toBe('/p/interaction/');
    expect(await screen.findByText('Operate content')).toBeInTheDocument();
    expect(document.querySelector('[data-panel-id="health"]')).toBeNull();
    expect(within(rail).getByRole('link', { name: /Operate/ })).toHaveAttribute(
      'aria-current',
      'page',
    );
    await waitFor(() => expect(screen.getByRole('main')).toHaveFocus()); // the new view starts where a page load would
  });

  it('gives each panel navigation relative to its own prefix', async () => {
    setup();
    const { user } = renderShell('/p/health/');
    await screen.findByText('Health content');
    await user.click(screen.getByRole('button', { name: 'Open orders in health' }));
    expect(window.location.pathname).toBe('/p/health/services/orders');
    expect(
      await screen.findByText(/health@0.1.0 on context 1.1.0 at \/services\/orders/),
    ).toBeInTheDocument();
    act(() => window.history.back());
    await waitFor(() => expect(window.location.pathname).toBe('/p/health/'));
  });
});

describe('loading panels', () => {
  it('loads both panels on the overview and marks their mount points', async () => {
    setup();
    renderShell('/panels');
    expect(await screen.findByText('Health content')).toBeInTheDocument();
    expect(await screen.findByText('Operate content')).toBeInTheDocument();
    await waitFor(() => expect(mountOf('health')).toHaveAttribute('data-panel-state', 'ready'));
    expect(mountOf('health')).toHaveAttribute('data-panel-version', '0.1.0');
    expect(fakeFederation.registered).toContainEqual({
      name: 'aether_panel_health',
      entry: 'http://localhost:5174/remoteEntry.js',
    });
  });

  const failures: Array<[string, string, () => void]> = [
    ['unreachable', 'Remote unreachable', () => server.use(remoteServer(HEALTH, () => 'down'))],
    [
      'manifest-invalid',
      'Manifest invalid',
      () => server.use(remoteServer(HEALTH, () => 'not-json')),
    ],
    [
      'manifest-invalid',
      'Manifest invalid',
      () => server.use(remoteServer(HEALTH, () => 'not-manifest')),
    ],
    [
      'module-missing',
      'Exposed module missing',
      () =>
        server.use(remoteServer(HEALTH, () => ({ exposes: [{ name: 'Other', path: './Other' }] }))),
    ],
    [
      'module-missing',
      'Exposed module missing',
      () => fakeFederation.modules.set(entryScriptOf(HEALTH), () => ({ contextVersion: '1' })),
    ],
    [
      'name-mismatch',
      'Remote name does not match the registry',
      () => server.use(remoteServer(HEALTH, () => ({ name: 'someone_else' }))),
    ],
    [
      'incompatible-context',
      'Incompatible panel context',
      () => fakeFederation.modules.set(entryScriptOf(HEALTH), () => panelModule('never', '2')),
    ],
    [
      'render-error',
      'Error while rendering',
      () =>
        fakeFederation.modules.set(entryScriptOf(HEALTH), () => ({
          contextVersion: '1',
          default: () => {
            throw new Error('kaboom');
          },
        })),
    ],
  ];

  it.each(failures)(
    'shows a calm card for %s (%s) and keeps the other panel working',
    async (kind, label, breakIt) => {
      setup();
      breakIt();
      vi.spyOn(console, 'error').mockImplementation(() => {}); // React reports the render error
      renderShell('/panels');
      const card = await screen.findByRole('group', { name: 'Health is unavailable' });
      expect(within(card).getByText(label)).toBeInTheDocument();
      expect(within(card).getByText(kind)).toBeInTheDocument();
      expect(within(card).getByText('health')).toBeInTheDocument();
      expect(within(card).getByText('0.1.0')).toBeInTheDocument();
      expect(within(card).getByText(HEALTH.entry)).toBeInTheDocument();
      expect(within(card).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
      expect(mountOf('health')).toHaveAttribute('data-panel-state', 'error');
      expect(await screen.findByText('Operate content')).toBeInTheDocument();
      await waitFor(() =>
        expect(mountOf('interaction')).toHaveAttribute('data-panel-state', 'ready'),
      );
      vi.mocked(console.error).mockRestore();
    },
  );

  it('says when the page CSP blocked a panel origin registered after the page loaded', async () => {
    setup({ health: () => 'down' });
    recordCspViolation('http://localhost:5174');
    renderShell('/p/health/');
    const card = await screen.findByRole('group', { name: 'Health is unavailable' });
    expect(
      within(card).getByText(/Content-Security-Policy does not allow its origin yet/),
    ).toBeInTheDocument();
  });

  it('refuses an incompatible context version with a clear message and never renders the panel', async () => {
    setup();
    fakeFederation.modules.set(entryScriptOf(HEALTH), () => panelModule('Health v2 content', '2'));
    renderShell('/p/health/');
    const card = await screen.findByRole('group', { name: 'Health is unavailable' });
    expect(
      within(card).getByText(/needs panel context v2, this shell provides v1.1.0/),
    ).toBeInTheDocument();
    expect(screen.queryByText('Health v2 content')).toBeNull();
  });
});

describe('recovery', () => {
  it('Retry really reloads: the manifest and the remote entry are fetched again, not the cached failure', async () => {
    setup();
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.url.startsWith('http://localhost:5174/')) seen.push(request.url);
    });
    let broken = true;
    fakeFederation.modules.set(entryScriptOf(HEALTH), () =>
      broken
        ? {
            contextVersion: '1',
            default: () => {
              throw new Error('kaboom');
            },
          }
        : panelModule('Health fixed'),
    );
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { user } = renderShell('/p/health/');
    await screen.findByRole('group', { name: 'Health is unavailable' });
    broken = false;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Health fixed')).toBeInTheDocument();
    await waitFor(() => expect(mountOf('health')).toHaveAttribute('data-panel-state', 'ready'));
    expect(seen).toContain('http://localhost:5174/mf-manifest.json?aether-retry=1');
    expect(fakeFederation.registered.at(-1)).toEqual({
      name: 'aether_panel_health',
      entry: 'http://localhost:5174/remoteEntry.js?aether-retry=1',
    });
    server.events.removeAllListeners();
    vi.mocked(console.error).mockRestore();
  });

  it('recovers by itself with backoff when an unreachable remote comes back', async () => {
    let up = false;
    setup({ health: () => (up ? 'ok' : 'down') });
    renderShell('/p/health/');
    const card = await screen.findByRole('group', { name: 'Health is unavailable' });
    expect(card).toBeInTheDocument();
    expect(await screen.findByText(/try again by itself/)).toBeInTheDocument();
    up = true;
    expect(await screen.findByText('Health content')).toBeInTheDocument();
    await waitFor(() => expect(mountOf('health')).toHaveAttribute('data-panel-state', 'ready'));
  });

  it('retries a non-transient failure when the registry announces the panel again', async () => {
    let name: string | undefined = 'wrong_name';
    const gateway = setup({ health: () => (name ? { name } : 'ok') });
    renderShell('/p/health/');
    const card = await screen.findByRole('group', { name: 'Health is unavailable' });
    expect(within(card).getByText(/try again when the registry announces/)).toBeInTheDocument();
    name = undefined; // fixed and redeployed at the same URL
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    act(() => gateway.setPanels([HEALTH, OPERATE]));
    expect(await screen.findByText('Health content')).toBeInTheDocument();
  });

  it('swaps to a new version on a `panels` event without a page reload', async () => {
    const gateway = setup();
    const v2: Panel = {
      ...HEALTH,
      version: '0.2.0',
      entry: 'http://localhost:5174/v/0.2.0/mf-manifest.json',
    };
    server.use(remoteServer(v2, () => 'ok'));
    fakeFederation.modules.set(entryScriptOf(v2), () => panelModule('Health content v2'));
    renderShell('/p/health/');
    await screen.findByText('Health content');
    const mount = mountOf('health');
    await waitFor(() => expect(gateway.connectedClients).toBe(1));

    act(() => gateway.setPanels([v2, OPERATE]));
    expect(await screen.findByText('Health content v2')).toBeInTheDocument();
    await waitFor(() => expect(mountOf('health')).toHaveAttribute('data-panel-state', 'ready'));
    expect(mountOf('health')).toHaveAttribute('data-panel-version', '0.2.0');
    expect(mountOf('health')).toBe(mount); // same mount point: swapped in place
    expect(screen.queryByText('Health content')).toBeNull();
  });

  it('shows a disabled panel as switched off and drops it from the overview', async () => {
    const gateway = setup();
    renderShell('/panels');
    await screen.findByText('Health content');
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    act(() => gateway.setPanels([{ ...HEALTH, disabled: true }, OPERATE]));
    await waitFor(() => expect(document.querySelector('[data-panel-id="health"]')).toBeNull());
    expect(screen.getByText('Operate content')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Health \(off\)/ })).toBeInTheDocument();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { server } from './testing/msw-server';
import { http, HttpResponse } from 'msw';
import type { Panel } from '@aether/contract';
import { GATEWAY, type createMockGateway } from './testing/mock-gateway';
import { fakeFederation } from './testing/fake-federation';
import { HEALTH, OPERATE, renderShell, stopShells } from './testing/render-shell';
import { serveShellWithPanels } from './testing/shell-with-panels';
import { clearLoadedPanels } from './panels/load-panel';

/** The panel that declares service pages (its module's `links`): health, unless a test says otherwise. */
function setup(
  session: Parameters<typeof createMockGateway>[0]['session'] = 'absent',
  servicePages: { panel: Panel; template: string } | null = {
    panel: HEALTH,
    template: '/services/:id',
  },
) {
  return serveShellWithPanels({
    session,
    links: servicePages ? { [servicePages.panel.id]: { service: servicePages.template } } : {},
  });
}

beforeEach(() => {
  fakeFederation.reset();
  clearLoadedPanels();
  localStorage.clear();
});
afterEach(stopShells);

describe('session', () => {
  it('treats a gateway without session endpoints as an anonymous viewer and says sign-in is unavailable', async () => {
    setup('absent');
    const { user } = renderShell('/');
    expect(await screen.findByText('Anonymous viewer')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign in' });
    await user.type(within(dialog).getByLabelText('Token'), 'whatever');
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'does not offer sign-in yet',
    );
  });

  it('signs in with a token, shows who and the role, and signs out', async () => {
    setup({ name: 'anonymous', role: 'viewer', authenticated: false });
    const { user } = renderShell('/');
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    const dialog = await screen.findByRole('dialog', { name: 'Sign in' });
    await user.type(within(dialog).getByLabelText('Token'), 'bad-token');
    await user.click(within(dialog).getByRole('button', { name: 'Sign in' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('That token is not valid');
    await user.clear(within(dialog).getByLabelText('Token'));
    await user.type(within(dialog).getByLabelText('Token'), 'good-token{Enter}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.getByText('ada')).toBeInTheDocument();
    expect(screen.getByText('admin')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(await screen.findByText('Anonymous viewer')).toBeInTheDocument();
  });
});

describe('command palette', () => {
  it('opens with Ctrl-K and jumps to a panel or a service by keyboard', async () => {
    setup();
    const { user } = renderShell('/panels');
    await screen.findByText('Health body');
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Go to' });
    const input = within(dialog).getByRole('combobox');
    await waitFor(() => expect(input).toHaveFocus());
    await user.type(input, 'operate');
    expect(
      within(dialog)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['OperatePanel · v0.1.0']);
    await user.keyboard('{Enter}');
    expect(window.location.pathname).toBe('/p/interaction/');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    await user.keyboard('{Meta>}k{/Meta}');
    const again = await screen.findByRole('dialog', { name: 'Go to' });
    const service = await within(again).findAllByRole('option', { name: /Service/ });
    expect(service.length).toBeGreaterThan(0);
    const name = service[0]!.querySelector('.palette__label')!.textContent!;
    await user.type(within(again).getByRole('combobox'), name);
    await user.keyboard('{ArrowDown}{ArrowUp}{Enter}');
    expect(window.location.pathname).toMatch(/^\/p\/health\/services\/.+/);
  });

  it('sends service jumps to whichever panel declares service pages, at the path it declares', async () => {
    setup('absent', { panel: OPERATE, template: '/catalog/:id/ops' });
    const { user } = renderShell('/panels');
    await screen.findByText('Health body');
    await user.keyboard('{Control>}k{/Control}');
    const dialog = await screen.findByRole('dialog', { name: 'Go to' });
    const service = await within(dialog).findAllByRole('option', { name: /Service/ });
    await user.click(service[0]!);
    expect(window.location.pathname).toMatch(/^\/p\/interaction\/catalog\/[^/]+\/ops$/);
  });

  it('closes on Escape and gives focus back', async () => {
    setup();
    const { user } = renderShell('/');
    const opener = await screen.findByRole('button', { name: /Go to/ });
    await user.click(opener);
    await screen.findByRole('dialog', { name: 'Go to' });
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(opener).toHaveFocus();
  });
});

describe('chrome', () => {
  it('shows the connection as live once the stream is open, then offline with the age of the data', async () => {
    const gateway = setup();
    renderShell('/');
    const indicator = await screen.findByTitle('Gateway event stream');
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    await waitFor(() => expect(document.querySelector('.connection')).toHaveTextContent('Live'));
    // The gateway goes away: the stream drops and every reconnection is refused. The refusal waits
    // for the test, so "reconnecting" is seen before it turns into "offline", whatever the timing.
    let reconnects = 0;
    let refuse!: () => void;
    const refused = new Promise<void>((resolve) => (refuse = resolve));
    server.use(
      http.get(`${GATEWAY}/api/events`, async () => {
        reconnects += 1;
        await refused;
        return new HttpResponse('down', { status: 503 });
      }),
    );
    // retry: 0 (SSE's own field) makes the EventSource reconnect at once instead of after 3 s.
    act(() => gateway.dropStreams({ retryMs: 0 }));
    await waitFor(() =>
      expect(document.querySelector('.connection')).toHaveTextContent(
        /Reconnecting· data \d+ s old/,
      ),
    );
    // EventSource retries by itself first; a refused retry closes it for good: offline.
    await waitFor(() => expect(reconnects).toBe(1));
    refuse();
    await waitFor(() =>
      expect(document.querySelector('.connection')).toHaveTextContent(/Offline· data \d+ s old/),
    );
    expect(indicator).toBeInTheDocument();
  });

  it('switches theme and remembers it, dark by default', async () => {
    setup();
    const { user } = renderShell('/');
    expect(document.documentElement.dataset.theme).toBe('dark');
    await user.click(await screen.findByRole('button', { name: 'Switch to light theme' }));
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(localStorage.getItem('aether.theme')).toBe('light');
  });
});

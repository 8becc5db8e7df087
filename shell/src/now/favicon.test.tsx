import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, waitFor } from '@testing-library/react';
import type { ServiceSummary } from '@aether/contract';
import { makeService } from '@aether/contract/fixtures';
import { servicesHandlers } from '@aether/contract/msw';
import { server } from '../testing/msw-server';
import { GATEWAY } from '../testing/mock-gateway';
import { fakeFederation } from '../testing/fake-federation';
import { HEALTH, renderShell, stopShells } from '../testing/render-shell';
import { serveShellWithPanels } from '../testing/shell-with-panels';
import { clearLoadedPanels } from '../panels/load-panel';
import { faviconHref, faviconSvg } from './favicon';

describe('faviconSvg', () => {
  it('is the plain mark when nothing is down', () => {
    expect(faviconSvg(0)).not.toContain('<circle');
    expect(faviconSvg(0)).not.toContain('<text');
  });

  it.each([
    [1, '>1</text>'],
    [9, '>9</text>'],
    [10, '>9+</text>'],
    [250, '>9+</text>'],
  ])('carries %i down as %s on a red disc', (down, text) => {
    const svg = faviconSvg(down);
    expect(svg).toContain('<circle');
    expect(svg).toContain(text);
  });

  it('is a data: URL the shell’s CSP allows (img-src data:)', () => {
    expect(faviconHref(3)).toMatch(/^data:image\/svg\+xml,/);
    expect(decodeURIComponent(faviconHref(3).slice('data:image/svg+xml,'.length))).toBe(
      faviconSvg(3),
    );
  });
});

const icon = () => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? '';

describe('the tab icon', () => {
  beforeEach(() => {
    fakeFederation.reset();
    clearLoadedPanels();
    document.querySelector('link[rel="icon"]')?.remove();
  });
  afterEach(stopShells);

  it('counts down services, and goes back to the plain mark when they recover', async () => {
    const fleet: ServiceSummary[] = [
      makeService(0, { id: 'orders', status: 'down' }),
      makeService(1, { id: 'cart', status: 'down' }),
      makeService(2, { id: 'users', status: 'up' }),
    ];
    const gateway = serveShellWithPanels({ panels: [HEALTH] });
    server.use(...servicesHandlers({ baseUrl: GATEWAY, services: fleet }));
    renderShell('/panels');
    await waitFor(() => expect(icon()).toBe(faviconHref(2)));

    for (const s of fleet) s.status = 'up';
    await waitFor(() => expect(gateway.connectedClients).toBe(1));
    act(() =>
      gateway.push('status', {
        serviceId: 'orders',
        checkId: 'health',
        status: 'up',
        previous: 'down',
        since: '2026-11-27T12:00:00.000Z',
        service: fleet[0]!,
      }),
    );
    await waitFor(() => expect(icon()).toBe(faviconHref(0)));
  });
});

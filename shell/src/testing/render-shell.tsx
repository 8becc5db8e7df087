import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Panel } from '@aether/contract';
import { App } from '../app';
import { ServicesProvider } from '../services-context';
import { createShellServices, type ShellServices } from '../shell-services';
import { startShell } from '../start-shell';
import { GATEWAY } from './mock-gateway';

const running: Array<() => void> = [];

/** Renders the whole shell at `url` against the MSW gateway, with short retry backoffs. */
export function renderShell(url = '/') {
  window.history.replaceState(null, '', url);
  const services: ShellServices = createShellServices({
    gatewayUrl: GATEWAY,
    retryDelaysMs: [30, 60, 120],
    eventReconnectDelaysMs: [30],
  });
  running.push(startShell(services));
  const user = userEvent.setup();
  const view = render(
    <ServicesProvider services={services}>
      <App />
    </ServicesProvider>,
  );
  return { services, user, ...view };
}

export function stopShells() {
  while (running.length) running.pop()!();
}

export function mountOf(panelId: string): HTMLElement {
  const el = document.querySelector<HTMLElement>(`[data-panel-id="${panelId}"]`);
  if (!el) throw new Error(`no mount point for ${panelId}`);
  return el;
}

export const HEALTH: Panel = {
  id: 'health',
  title: 'Health',
  entry: 'http://localhost:5174/mf-manifest.json',
  module: './Panel',
  version: '0.1.0',
};
export const OPERATE: Panel = {
  id: 'interaction',
  title: 'Operate',
  entry: 'http://localhost:5175/mf-manifest.json',
  module: './Panel',
  version: '0.1.0',
};

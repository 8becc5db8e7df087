import { afterEach, describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import type { PanelContext } from '@aether/contract';
import { renderStandalone } from './standalone-page';

afterEach(() => {
  document.body.innerHTML = '';
  window.history.replaceState(null, '', '/');
});

function Probe({ context }: { context: PanelContext }) {
  return (
    <p>
      {context.panel.id} as {context.auth.user.name}
    </p>
  );
}

describe('renderStandalone', () => {
  it('mounts the panel in #root, framed, with navigation in the address bar under /p/<id>', async () => {
    document.body.innerHTML = '<div id="root"></div>';
    const context = renderStandalone(Probe, {
      panelId: 'billing',
      user: { name: 'olga', role: 'viewer', authenticated: true },
      frame: { height: '100vh' },
    });
    const text = await screen.findByText('billing as olga');
    const frame = text.parentElement!;
    expect(frame.parentElement!.id).toBe('root');
    expect(frame.style.padding).toBe('24px');
    expect(frame.style.minHeight).toBe('100vh');
    expect(frame.style.height).toBe('100vh');
    context.navigation.navigate('/invoices/7');
    expect(window.location.pathname).toBe('/p/billing/invoices/7');
    expect(context.navigation.path).toBe('/invoices/7');
  });
});

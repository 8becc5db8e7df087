import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { Dialog } from './dialog.js';
import { StatusBadge, type StatusKind } from './status-badge.js';

afterEach(cleanup);

describe('StatusBadge', () => {
  it.each<[StatusKind, string]>([
    ['up', 'Up'],
    ['degraded', 'Degraded'],
    ['down', 'Down'],
    ['unknown', 'Unknown'],
  ])('shows %s as text with an icon', (status, text) => {
    const { container } = render(<StatusBadge status={status} />);
    expect(screen.getByText(text)).toBeTruthy();
    expect(container.querySelector('svg')).not.toBeNull();
  });
});

describe('Dialog', () => {
  it('moves focus in, keeps Tab inside, closes on Escape and gives focus back', () => {
    const onClose = vi.fn();
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    const { rerender } = render(
      <Dialog open onClose={onClose} title="Sign in">
        <input aria-label="Token" />
        <button>Sign in</button>
      </Dialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Sign in' });
    expect(document.activeElement).toBe(screen.getByLabelText('Token'));
    screen.getByRole('button', { name: 'Sign in' }).focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(screen.getByLabelText('Token'));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
    rerender(
      <Dialog open={false} onClose={onClose} title="Sign in">
        <input aria-label="Token" />
      </Dialog>,
    );
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });

  it('gives focus to returnFocus when focus had already left the opener (it was disabled)', () => {
    const opener = document.createElement('button');
    document.body.append(opener);
    // The opener was disabled while a request was in flight: focus fell to <body> before opening.
    expect(document.activeElement).toBe(document.body);
    const { rerender } = render(
      <Dialog open onClose={() => {}} title="Run?" returnFocus={{ current: opener }}>
        <button>Cancel</button>
      </Dialog>,
    );
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    rerender(
      <Dialog open={false} onClose={() => {}} title="Run?" returnFocus={{ current: opener }} />,
    );
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});

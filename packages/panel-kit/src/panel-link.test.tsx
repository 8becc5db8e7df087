import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import type { ApiClient } from '@aether/contract';
import { ColumnHeads } from './column-heads';
import { createHarnessContext } from './harness';
import { createMemoryNavigation } from './harness/memory-navigation';
import { PanelContextProvider } from './panel-context';
import { PanelLink } from './panel-link';
import { isPlainClick } from './plain-click';

afterEach(cleanup);

const plain = {
  defaultPrevented: false,
  button: 0,
  metaKey: false,
  ctrlKey: false,
  shiftKey: false,
  altKey: false,
};

describe('isPlainClick', () => {
  it.each<[string, Partial<typeof plain>, boolean]>([
    ['a plain left click', {}, true],
    ['one already handled', { defaultPrevented: true }, false],
    ['the middle button', { button: 1 }, false],
    ['with meta (new tab)', { metaKey: true }, false],
    ['with ctrl (new tab)', { ctrlKey: true }, false],
    ['with shift (new window)', { shiftKey: true }, false],
    ['with alt (download)', { altKey: true }, false],
  ])('%s → %s', (_, change, expected) => {
    expect(isPlainClick({ ...plain, ...change })).toBe(expected);
  });
});

describe('PanelLink', () => {
  function renderLink(props: { current?: boolean; onClick?: () => void } = {}) {
    const navigation = createMemoryNavigation('/', '/p/health');
    const context = createHarnessContext({
      panelId: 'health',
      api: {} as ApiClient,
      navigation,
    });
    render(
      <PanelContextProvider value={context}>
        <PanelLink to="/services/orders" {...props}>
          Orders
        </PanelLink>
      </PanelContextProvider>,
    );
    return { navigation, link: screen.getByRole('link', { name: 'Orders' }) };
  }

  it('has the real href and navigates inside the panel on a plain click', () => {
    const { navigation, link } = renderLink();
    expect(link.getAttribute('href')).toBe('/p/health/services/orders');
    expect(link.hasAttribute('aria-current')).toBe(false);
    fireEvent.click(link);
    expect(navigation.history).toEqual(['/', '/services/orders']);
  });

  it('leaves a modified click to the browser, and runs its own onClick first', () => {
    let clicked = 0;
    const { navigation, link } = renderLink({ onClick: () => clicked++ });
    fireEvent.click(link, { ctrlKey: true });
    expect(clicked).toBe(1);
    expect(navigation.history).toEqual(['/']);
  });

  it('marks the link to the page shown', () => {
    expect(renderLink({ current: true }).link.getAttribute('aria-current')).toBe('page');
  });
});

describe('ColumnHeads', () => {
  it('heads each column in order', () => {
    render(
      <table>
        <ColumnHeads names={['Version', <span key="s">Services</span>]} className="hidden" />
      </table>,
    );
    const heads = screen.getAllByRole('columnheader');
    expect(heads.map((h) => [h.textContent, h.getAttribute('scope')])).toEqual([
      ['Version', 'col'],
      ['Services', 'col'],
    ]);
    expect(heads[0]!.closest('thead')!.className).toBe('hidden');
  });
});

import { expect } from 'vitest';
import userEvent from '@testing-library/user-event';
import type { MemoryNavigation } from '@aether/panel-kit/harness';

/**
 * A link to another panel's declared page (components/declared-page-link) is a real href —
 * copyable, opens in a new tab — and a plain click opens exactly that page through the shell, once.
 */
export async function expectOpensDeclaredPage(
  link: HTMLElement,
  href: string,
  navigation: Pick<MemoryNavigation, 'opened'>,
) {
  expect(link).toHaveAttribute('href', href);
  await userEvent.click(link);
  expect(navigation.opened).toEqual([href]);
}

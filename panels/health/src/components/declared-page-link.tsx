import type { ReactNode } from 'react';
import type { DeclaredPage } from '@aether/contract';
import { isPlainClick } from '@aether/panel-kit';

/**
 * Another panel's declared page as a link: a real href (copyable, opens in a new tab), the page
 * opened through the shell on a plain click. No page (an older shell, or none declared) leaves
 * the children as text, so every place that offers a declared page degrades alike.
 */
export function DeclaredPageLink({
  page,
  children,
}: {
  page: DeclaredPage | undefined;
  children: ReactNode;
}) {
  if (!page) return <>{children}</>;
  return (
    <a
      href={page.href}
      onClick={(event) => {
        if (!isPlainClick(event)) return;
        event.preventDefault();
        page.open();
      }}
    >
      {children}
    </a>
  );
}

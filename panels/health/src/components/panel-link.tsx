import type { ReactNode } from 'react';
import { usePanelContext } from '@aether/panel-kit';

/** A link inside the panel: a real href (new tab works), history navigation on a plain click. */
export function PanelLink({
  to,
  current,
  children,
}: {
  to: string;
  /** The page this link goes to is the one shown (aria-current="page"). */
  current?: boolean;
  children: ReactNode;
}) {
  const { navigation } = usePanelContext();
  return (
    <a
      href={navigation.href(to)}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
          return;
        event.preventDefault();
        navigation.navigate(to);
      }}
    >
      {children}
    </a>
  );
}

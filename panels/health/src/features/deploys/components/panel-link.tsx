import type { ReactNode } from 'react';
import { usePanelContext } from '@aether/panel-kit';

/** A link inside the panel: a real href (new tab works), history navigation on a plain click. */
export function PanelLink({ to, children }: { to: string; children: ReactNode }) {
  const { navigation } = usePanelContext();
  return (
    <a
      href={navigation.href(to)}
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

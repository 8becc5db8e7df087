import type { AnchorHTMLAttributes } from 'react';
import { usePanelContext } from './panel-context';
import { isPlainClick } from './plain-click';

/**
 * A link inside the panel: a real href under the panel's prefix (copyable, opens in a new tab),
 * history navigation through the panel context on a plain click. `current` marks the link to the
 * page shown (aria-current="page").
 */
export function PanelLink({
  to,
  current,
  onClick,
  ...rest
}: { to: string; current?: boolean } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const { navigation } = usePanelContext();
  return (
    <a
      href={navigation.href(to)}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        onClick?.(event);
        if (!isPlainClick(event)) return;
        event.preventDefault();
        navigation.navigate(to);
      }}
      {...rest}
    />
  );
}

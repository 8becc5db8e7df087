import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { usePanelContext } from '@aether/panel-kit';

/** A real link (opens in a new tab, copyable) that navigates inside the shell on a plain click. */
export function PanelLink({
  to,
  onClick,
  ...rest
}: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const { navigation } = usePanelContext();
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigation.navigate(to);
  };
  return <a href={navigation.href(to)} onClick={follow} {...rest} />;
}

import { useEffect, useState } from 'react';
import type { PanelLinks } from '@aether/panel-kit';
import { useRegistry } from '../services-context';
import { findDeclaredLink, type DeclaredLink } from '../panels/panel-links';

/**
 * The panel page that shows things of `kind` (a panel's `links`), or null while none declares it.
 * Finding it loads panels' modules (each one up to the one that declares it): with `wanted` false
 * nothing is looked up until it turns true (the approvals link while no approval waits: on a cold
 * load of any page it loaded the interaction panel's code beside the page's own), and a link found
 * before stays.
 */
export function useDeclaredLink(kind: keyof PanelLinks, wanted = true): DeclaredLink | null {
  const { panels } = useRegistry();
  const [link, setLink] = useState<DeclaredLink | null>(null);
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    void findDeclaredLink(panels, kind).then((found) => current && setLink(found));
    return () => {
      current = false;
    };
  }, [panels, kind, wanted]);
  return link;
}

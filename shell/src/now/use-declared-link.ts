import { useEffect, useState } from 'react';
import type { PanelLinks } from '@aether/panel-kit';
import { useRegistry } from '../services-context';
import { findDeclaredLink, type DeclaredLink } from '../panels/panel-links';

/** The panel page that shows things of `kind` (a panel's `links`), or null while none declares it. */
export function useDeclaredLink(kind: keyof PanelLinks): DeclaredLink | null {
  const { panels } = useRegistry();
  const [link, setLink] = useState<DeclaredLink | null>(null);
  useEffect(() => {
    let current = true;
    void findDeclaredLink(panels, kind).then((found) => current && setLink(found));
    return () => {
      current = false;
    };
  }, [panels, kind]);
  return link;
}

import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { ServiceSummary } from '@aether/contract';
import { LazyMotion, MotionConfig, m, useReducedMotion } from 'motion/react';
import { Dialog, Kbd, StatusBadge } from '@aether/ui';
import { useRegistry, useServices } from '../services-context';
import { linkTo } from '@aether/panel-kit';
import { panelHref } from '../navigation/location-store';
import { findDeclaredLink, type DeclaredLink } from '../panels/panel-links';

interface Item {
  id: string;
  label: string;
  hint: string;
  href: string;
  status?: ServiceSummary['status'];
}

const loadMotionFeatures = () => import('../motion-features').then((mod) => mod.default);

/** Ctrl/Cmd-K: jump to a panel or a service. Lazy-loaded, so it costs nothing until opened. */
export default function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { api, location } = useServices();
  const { panels } = useRegistry();
  const [query, setQuery] = useState('');
  const [services, setServices] = useState<ServiceSummary[]>([]);
  const [active, setActive] = useState(0);
  // Where a service jump lands: the page of the first panel that declares one (links.service).
  const [serviceLink, setServiceLink] = useState<DeclaredLink | null>(null);
  const reduceMotion = useReducedMotion();

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    api
      .get<ServiceSummary[]>('/api/services', { signal: controller.signal })
      .then(setServices, () => setServices([]));
    return () => controller.abort();
  }, [open, api]);

  useEffect(() => {
    if (!open) return;
    let current = true;
    void findDeclaredLink(panels, 'service').then((link) => current && setServiceLink(link));
    return () => {
      current = false;
    };
  }, [open, panels]);

  const items = useMemo<Item[]>(() => {
    const all: Item[] = [
      { id: 'nav:now', label: 'Now', hint: 'What is wrong right now', href: '/' },
      { id: 'nav:overview', label: 'Overview', hint: 'All panels side by side', href: '/panels' },
      ...panels
        .filter((p) => !p.disabled)
        .map((p) => ({
          id: `panel:${p.id}`,
          label: p.title,
          hint: `Panel · v${p.version}`,
          href: panelHref(p.id),
        })),
      ...(serviceLink
        ? services.map((s) => ({
            id: `service:${s.id}`,
            label: s.name,
            hint: `Service · ${s.group}`,
            href: panelHref(serviceLink.panelId, linkTo(serviceLink.template, s.id)),
            status: s.status,
          }))
        : []),
    ];
    const q = query.trim().toLowerCase();
    return q ? all.filter((i) => `${i.label} ${i.hint}`.toLowerCase().includes(q)) : all;
  }, [panels, services, serviceLink, query]);

  const go = (item: Item | undefined) => {
    if (!item) return;
    onClose();
    location.navigate(item.href);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(i + 1, items.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(items[active]);
    }
  };

  const activeId = items[active] ? `palette-${items[active].id}` : undefined;
  return (
    // Motion lives here, in a lazy chunk, not in the first view; "user" honours prefers-reduced-motion.
    <MotionConfig reducedMotion="user">
      <LazyMotion features={loadMotionFeatures} strict>
        <Dialog open={open} onClose={onClose} title="Go to" placement="top" className="palette">
          <input
            className="palette__input"
            data-autofocus
            role="combobox"
            aria-expanded="true"
            aria-controls="palette-list"
            aria-activedescendant={activeId}
            aria-label="Search panels and services"
            placeholder="Panels and services…"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
          />
          <ul id="palette-list" role="listbox" aria-label="Results" className="palette__list">
            {items.map((item, index) => (
              <m.li
                key={item.id}
                // reduced motion: no fade either (motion's reducedMotion only drops the movement)
                initial={reduceMotion ? false : { opacity: 0, y: 4 }}
                animate={{ opacity: 1, y: 0 }}
                transition={{ duration: 0.16, delay: Math.min(index, 10) * 0.012 }}
                id={`palette-${item.id}`}
                role="option"
                aria-selected={index === active}
                className="palette__item"
                onMouseEnter={() => setActive(index)}
                onClick={() => go(item)}
              >
                <span className="palette__label">{item.label}</span>
                {item.status && <StatusBadge status={item.status} size="sm" />}
                <span className="palette__hint">{item.hint}</span>
              </m.li>
            ))}
            {items.length === 0 && <li className="palette__empty">Nothing matches “{query}”.</li>}
          </ul>
          <p className="palette__keys">
            <Kbd>↑</Kbd> <Kbd>↓</Kbd> to move, <Kbd>Enter</Kbd> to go, <Kbd>Esc</Kbd> to close
          </p>
        </Dialog>
      </LazyMotion>
    </MotionConfig>
  );
}

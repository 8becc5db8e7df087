import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { Operation, ServiceSummary, VerifyResponse } from '@aether/contract';
import { LazyMotion, MotionConfig, m, useReducedMotion } from 'motion/react';
import { Dialog, Kbd, StatusBadge } from '@aether/ui';
import { useRegistry, useServices, useUser } from '../services-context';
import { findDeclaredLink, type DeclaredLink } from '../panels/panel-links';
import { paletteItems, type PaletteItem } from './palette-items';
import { verifyVerdict } from './verify-verdict';

const loadMotionFeatures = () => import('../motion-features').then((mod) => mod.default);

type Verdict = { id: string; text: string; state: 'running' | 'ok' | 'failed' };

/** The page of the first panel that declares `kind`, while the palette is open. */
function useLink(open: boolean, kind: Parameters<typeof findDeclaredLink>[1]) {
  const { panels } = useRegistry();
  const [link, setLink] = useState<DeclaredLink | null>(null);
  useEffect(() => {
    if (!open) return;
    let current = true;
    void findDeclaredLink(panels, kind).then((found) => current && setLink(found));
    return () => {
      current = false;
    };
  }, [open, panels, kind]);
  return link;
}

/**
 * Ctrl/Cmd-K: jump to a panel or a service, or act — verify a service (its verdict shown here),
 * open an operation with its dry run, open a maintenance window. Pages come from what panels
 * declare (`links`); lazy-loaded, so it costs nothing until opened.
 */
export default function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { api, location } = useServices();
  const { panels } = useRegistry();
  const user = useUser();
  const canOperate = user.role === 'operator' || user.role === 'admin';
  const [query, setQuery] = useState('');
  const [services, setServices] = useState<ServiceSummary[]>([]);
  const [operations, setOperations] = useState<Operation[]>([]);
  const [active, setActive] = useState(0);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const serviceLink = useLink(open, 'service');
  const operationLink = useLink(open, 'operationDryRun');
  const windowLink = useLink(open, 'maintenanceWindow');
  const reduceMotion = useReducedMotion();

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    api
      .get<ServiceSummary[]>('/api/services', { signal: controller.signal })
      .then(setServices, () => setServices([]));
    return () => controller.abort();
  }, [open, api]);

  // Only where someone may run them and a panel shows them.
  const wantsOperations = open && canOperate && operationLink !== null;
  useEffect(() => {
    if (!wantsOperations) return;
    const controller = new AbortController();
    api
      .get<Operation[]>('/api/operations', { signal: controller.signal })
      .then(setOperations, () => setOperations([]));
    return () => controller.abort();
  }, [wantsOperations, api]);

  const { items, more } = useMemo(
    () =>
      paletteItems(
        {
          panels,
          services,
          operations,
          links: {
            service: serviceLink,
            operationDryRun: operationLink,
            maintenanceWindow: windowLink,
          },
          canOperate,
        },
        query,
      ),
    [panels, services, operations, serviceLink, operationLink, windowLink, canOperate, query],
  );

  const verify = (item: Extract<PaletteItem, { kind: 'verify' }>) => {
    setVerdict({ id: item.id, text: `Verifying ${item.name}…`, state: 'running' });
    api
      .post<VerifyResponse>('/api/verify', { body: { services: [item.serviceId] } })
      .then(
        (response): Verdict => ({
          id: item.id,
          text: verifyVerdict(item.name, response),
          state: response.ok ? 'ok' : 'failed',
        }),
        (error: unknown): Verdict => ({
          id: item.id,
          text: `${item.name} was not verified: ${error instanceof Error ? error.message : String(error)}`,
          state: 'failed',
        }),
      )
      .then((next) => setVerdict((current) => (current?.id === item.id ? next : current)));
  };

  const go = (item: PaletteItem | undefined) => {
    if (!item) return;
    // An action that answers here: the palette stays open to show the verdict.
    if (item.kind === 'verify') return verify(item);
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
            aria-label="Search panels, services and actions"
            placeholder="Panels, services, actions (verify, flush…)"
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
                {item.kind === 'go' && item.status && (
                  <StatusBadge status={item.status} size="sm" />
                )}
                <span className="palette__hint">{item.hint}</span>
              </m.li>
            ))}
            {items.length === 0 && <li className="palette__empty">Nothing matches “{query}”.</li>}
          </ul>
          {more > 0 && <p className="palette__more">{more} more — type to narrow the list.</p>}
          <p
            role="status"
            aria-label="Verdict"
            className={`palette__verdict${verdict ? ` palette__verdict--${verdict.state}` : ''}`}
          >
            {verdict?.text}
          </p>
          <p className="palette__keys">
            <Kbd>↑</Kbd> <Kbd>↓</Kbd> to move, <Kbd>Enter</Kbd> to go or act, <Kbd>Esc</Kbd> to
            close
          </p>
        </Dialog>
      </LazyMotion>
    </MotionConfig>
  );
}

import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ProfilerOnRenderCallback,
} from 'react';
import { usePanelContext } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { useFixedSizeVirtualizer } from '../../../lib/fixed-size-virtualizer';
import { useViewportFill } from '../../../lib/use-viewport-fill';
import { ATTENTION_KEY, type ListItem } from '../list-query';
import { useItemSizeOf } from '../hooks/use-item-size-of';
import { GroupHeader } from './group-header';
import { ServiceRow } from './service-row';

export const ROW_HEIGHT = 56;
export const GROUP_HEIGHT = 40;
const HEIGHTS = { group: GROUP_HEIGHT, row: ROW_HEIGHT };
const PAGE = 10;
/** The list reaches the bottom of the window, keeping the shell's bottom padding, and never less than a few rows. */
const FILL = { min: 4 * ROW_HEIGHT, gap: 24 };

export interface ServiceListProps {
  items: readonly ListItem[];
  /** Measures each row's renders (tests and the benchmark); rows render unwrapped without it. */
  onRowRender?: ProfilerOnRenderCallback;
  /** Only a first page is shown yet; the whole fleet is on its way. */
  busy?: boolean;
}

/**
 * A virtual list: only the rows in view (plus a few) exist, so 10,000 services scroll smoothly. One
 * tab stop; arrow keys, Home/End and Page keys move between rows, Enter opens a service.
 */
export function ServiceList({ items, onRowRender, busy = false }: ServiceListProps) {
  const { navigation } = usePanelContext();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(() =>
    Math.max(
      0,
      items.findIndex((i) => i.kind === 'service'),
    ),
  );
  const focusWanted = useRef(false);
  useViewportFill(scrollRef, FILL);

  const sizeOf = useItemSizeOf(items, HEIGHTS);
  const virtualizer = useFixedSizeVirtualizer({
    count: items.length,
    scrollRef,
    sizeOf,
    overscan: 6,
  });

  const open = useCallback((id: string) => navigation.navigate(routes.service(id)), [navigation]);

  const activeIndex = Math.min(active, Math.max(0, items.length - 1));

  // Move DOM focus after the row we moved to has been rendered by the virtualizer.
  useEffect(() => {
    if (!focusWanted.current) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    if (row) {
      focusWanted.current = false;
      row.focus({ preventScroll: true });
    }
  });

  const move = (to: number) => {
    const next = nextServiceIndex(
      items,
      Math.max(0, Math.min(items.length - 1, to)),
      to < activeIndex ? -1 : 1,
    );
    if (next < 0) return;
    focusWanted.current = true;
    setActive(next);
    virtualizer.scrollToIndex(next);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + PAGE,
      PageUp: activeIndex - PAGE,
      Home: 0,
      End: items.length - 1,
    };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    move(to);
  };

  const setSize = items.length;
  return (
    <div ref={scrollRef} className="hp-list" onKeyDown={onKeyDown}>
      <div
        role="list"
        aria-label="Services"
        aria-busy={busy}
        className="hp-list__inner"
        style={{ height: virtualizer.totalSize }}
      >
        {virtualizer.items.map((v) => {
          const item = items[v.index]!;
          // where the virtualizer puts a row, whichever kind it is
          const place = { top: v.start, index: v.index, setSize };
          if (item.kind === 'group') {
            return (
              <GroupHeader
                key={item.key}
                group={item.group}
                count={item.count}
                down={item.down}
                degraded={item.degraded}
                attention={item.key === ATTENTION_KEY}
                {...place}
              />
            );
          }
          return (
            <ServiceRow
              key={item.key}
              id={item.id}
              {...place}
              focusable={v.index === activeIndex}
              pinned={item.pinned === true}
              href={navigation.href(routes.service(item.id))}
              onOpen={open}
              onRender={onRowRender}
            />
          );
        })}
      </div>
    </div>
  );
}

/** The nearest service row from `from` in direction `dir` (group headers are skipped). */
function nextServiceIndex(items: readonly ListItem[], from: number, dir: 1 | -1): number {
  for (let i = from; i >= 0 && i < items.length; i += dir)
    if (items[i]!.kind === 'service') return i;
  for (let i = from; i >= 0 && i < items.length; i -= dir)
    if (items[i]!.kind === 'service') return i;
  return -1;
}

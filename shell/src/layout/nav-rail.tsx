import { useCallback, type MouseEvent } from 'react';
import { isPlainClick } from '@aether/panel-kit';
import { useRegistry, useRoute, useServices } from '../services-context';
import { panelHref } from '../navigation/location-store';
import { useDeclaredLink } from '../now/use-declared-link';
import { useWaitingApprovals } from '../approvals/waiting-approvals';

/** Plain left click → history navigation; modified clicks keep the browser's own behaviour (new tab…). */
export function useLinkHandler() {
  const { location } = useServices();
  // One function per location store, so memo'd lists given it skip their re-renders (Now view).
  return useCallback(
    (event: MouseEvent<HTMLAnchorElement>) => {
      if (!isPlainClick(event)) return;
      event.preventDefault();
      location.navigate(event.currentTarget.getAttribute('href') ?? '/');
    },
    [location],
  );
}

function initials(title: string): string {
  return title.slice(0, 2);
}

/** The navigation rail, built from the registry: nothing about panels is known at build time. */
export function NavRail() {
  const { panels, status } = useRegistry();
  const route = useRoute();
  const onClick = useLinkHandler();
  // The panel that shows the four-eyes queue carries its count; which panel that is, it declares
  // (looked up once something waits: it loads panels' code).
  const { waiting } = useWaitingApprovals();
  const approvals = useDeclaredLink('approvals', waiting.length > 0);
  const current = (href: string, active: boolean) => ({
    href,
    onClick,
    'aria-current': active ? ('page' as const) : undefined,
  });
  return (
    <nav className="rail" aria-label="Panels">
      <ul>
        <li>
          <a className="rail__link" {...current('/', route.kind === 'now')}>
            <span className="rail__icon" aria-hidden="true">
              ◇
            </span>
            <span className="rail__text">Now</span>
          </a>
        </li>
        {panels.map((panel) => (
          <li key={panel.id}>
            <a
              className={`rail__link${panel.disabled ? ' rail__link--disabled' : ''}`}
              {...current(
                panelHref(panel.id),
                route.kind === 'panel' && route.panelId === panel.id,
              )}
            >
              <span className="rail__icon" aria-hidden="true">
                {initials(panel.title)}
              </span>
              <span className="rail__text">
                {panel.title}
                {panel.disabled && (
                  <>
                    {' '}
                    <span className="rail__note">(off)</span>
                  </>
                )}
              </span>
            </a>
            {approvals?.panelId === panel.id && waiting.length > 0 && (
              <a
                className="rail__badge"
                href={panelHref(panel.id, approvals.template)}
                onClick={onClick}
                aria-label={`${waiting.length} ${waiting.length === 1 ? 'approval waits' : 'approvals wait'} for you`}
              >
                {waiting.length}
              </a>
            )}
          </li>
        ))}
        {status === 'loading' && <li className="rail__loading">Loading panels…</li>}
      </ul>
    </nav>
  );
}

import { lazy, Suspense, useEffect, useRef } from 'react';
import { Card } from '@aether/ui';
import { useRegistry, useRoute } from '../services-context';
import { PanelHost, PanelSkeleton } from '../panels/panel-host';

// The start page loads on first visit, so a shell opened on a panel never fetches it.
const NowView = lazy(() => import('../now/now-view'));

/** What the main area shows for the current URL: Now (the start page), every panel (/panels) or one. */
export function RouteView() {
  const route = useRoute();
  const registry = useRegistry();
  const enabled = registry.panels.filter((p) => !p.disabled);

  let key: string;
  let content;
  // Now reads the gateway itself and needs the registry only for its links (they follow once it
  // is in): waiting for it first put GET /api/panels (1-2 s at 10,000 probed services) before the
  // Now view's own reads in every cold load (now-view bench).
  if (route.kind === 'now') {
    key = 'now';
    content = (
      <Suspense fallback={<PanelSkeleton label="Loading what is wrong now" />}>
        <NowView />
      </Suspense>
    );
  } else if (registry.status === 'loading') {
    key = 'loading';
    content = <PanelSkeleton label="Loading the panel registry" />;
  } else if (registry.status === 'error' && registry.panels.length === 0) {
    key = 'registry-error';
    content = (
      <Card title="The panel registry is out of reach" tone="danger" role="alert">
        <p>{registry.error?.message}</p>
        <p>The shell asks again as soon as the gateway's event stream is back.</p>
      </Card>
    );
  } else if (route.kind === 'overview') {
    key = 'overview';
    content =
      enabled.length === 0 ? (
        <Card title="No panels registered">The gateway's registry lists no enabled panel.</Card>
      ) : (
        <div className="overview">
          {enabled.map((panel) => (
            <PanelHost key={panel.id} panel={panel} />
          ))}
        </div>
      );
  } else if (route.kind === 'panel') {
    const panel = registry.panels.find((p) => p.id === route.panelId);
    key = `panel:${route.panelId}`;
    if (!panel)
      content = <Card title="Unknown panel">No panel “{route.panelId}” is registered.</Card>;
    else if (panel.disabled)
      content = (
        <Card title={`${panel.title} is switched off`} tone="warning">
          An administrator disabled this panel (version {panel.version}). It comes back when it is
          enabled again.
        </Card>
      );
    else content = <PanelHost key={panel.id} panel={panel} />;
  } else {
    key = 'not-found';
    content = <Card title="Nothing here">No page at {route.url}.</Card>;
  }

  // Moving between views (not within a panel) puts focus on the new view, as a page load would,
  // so keyboard and screen-reader users start at its top.
  const previousKey = useRef(key);
  useEffect(() => {
    if (previousKey.current !== key && previousKey.current !== 'loading')
      document.getElementById('main')?.focus({ preventScroll: true });
    previousKey.current = key;
  }, [key]);

  return (
    // Enter-only CSS transition (shell.css, off under prefers-reduced-motion): the next view never
    // waits for the previous one, and the first view carries no animation library.
    <div key={key} className="route">
      {content}
    </div>
  );
}

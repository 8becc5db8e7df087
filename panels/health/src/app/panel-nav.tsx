import { PanelLink } from '@aether/panel-kit';
import { routes } from './routes';

const PAGES = [
  { name: 'list', label: 'Services', to: routes.list() },
  { name: 'outages', label: 'Outages', to: routes.outages() },
  { name: 'slos', label: 'SLOs', to: routes.slos() },
  { name: 'deploys', label: 'Deploys', to: routes.deploys() },
] as const;

export type PanelPage = (typeof PAGES)[number]['name'];

/** The panel's own pages, one tab stop each; the one shown is marked as the current page. */
export function PanelNav({ current }: { current: PanelPage }) {
  return (
    <nav className="hp-nav" aria-label="Health pages">
      {PAGES.map((p) => (
        <PanelLink key={p.name} to={p.to} current={p.name === current}>
          {p.label}
        </PanelLink>
      ))}
    </nav>
  );
}

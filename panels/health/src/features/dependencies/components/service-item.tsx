import type { ReactNode } from 'react';
import { PanelLink } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { StatusBadge } from '../../../components/status-badge';
import { useLiveService } from '../hooks/use-fleet';

/** A service in a dependency or outage list: its live status and a link to its page. */
export function ServiceItem({ id, note }: { id: string; note?: ReactNode }) {
  const service = useLiveService(id);
  return (
    <li className="hp-deps__item" data-service-id={id}>
      <StatusBadge status={service?.status ?? 'unknown'} />{' '}
      <PanelLink to={routes.service(id)}>{service?.name ?? id}</PanelLink>
      {note && (
        <>
          {' '}
          <span className="hp-muted">{note}</span>
        </>
      )}
    </li>
  );
}

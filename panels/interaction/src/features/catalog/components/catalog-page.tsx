import { useId, useState } from 'react';
import { Card } from '@aether/ui';
import type { ServiceSummary } from '@aether/contract';
import { routes } from '../../../app/routes';
import { LoadingRows } from '../../../components/loading-rows';
import { ProblemMessage } from '../../../components/problem-message';
import { RoleGateNotice } from '../../../components/role-gate-notice';
import { isApiError, PanelLink } from '@aether/panel-kit';
import { useServices } from '../hooks/use-services';
import { matchesSearch } from '../search';
import { OperationList } from './operation-list';

/** Services on the left, the selected service's allow-listed operations on the right; one search for both. */
export function CatalogPage({ serviceId }: { serviceId?: string }) {
  const services = useServices();
  const [query, setQuery] = useState('');
  const searchId = useId();

  if (services.status === 'error' && isApiError(services.error) && services.error.status === 401) {
    return <RoleGateNotice required="viewer" />;
  }

  const visible =
    services.status === 'success'
      ? services.data.filter(
          (s) =>
            s.id === serviceId || matchesSearch(query, s.name, s.id, s.group, ...(s.tags ?? [])),
        )
      : [];
  const selected =
    services.status === 'success' ? services.data.find((s) => s.id === serviceId) : undefined;

  return (
    <div className="pi-catalog">
      <div className="pi-search">
        <label htmlFor={searchId} className="pi-field__label">
          Search services and operations
        </label>
        <input
          id={searchId}
          type="search"
          className="pi-input"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="e.g. orders flush"
        />
      </div>
      <nav aria-label="Services" className="pi-catalog__services">
        {services.status === 'loading' && <LoadingRows label="Loading services" rows={5} />}
        {services.status === 'error' && (
          <ProblemMessage
            error={services.error}
            onRetry={services.reload}
            context="Services could not be loaded"
          />
        )}
        {services.status === 'success' && services.data.length === 0 && (
          <p className="pi-empty">No services are configured.</p>
        )}
        {services.status === 'success' && services.data.length > 0 && visible.length === 0 && (
          <p className="pi-empty">No service matches “{query}”.</p>
        )}
        <ul className="pi-list">
          {visible.map((s) => (
            <ServiceItem key={s.id} service={s} current={s.id === serviceId} />
          ))}
        </ul>
      </nav>
      <div className="pi-catalog__operations">
        {serviceId === undefined ? (
          <Card title="Operations">
            <p className="pi-empty">Choose a service to see the operations you can run on it.</p>
          </Card>
        ) : (
          <OperationList
            serviceId={serviceId}
            serviceName={selected?.name ?? serviceId}
            query={query}
          />
        )}
      </div>
    </div>
  );
}

function ServiceItem({ service, current }: { service: ServiceSummary; current: boolean }) {
  return (
    <li>
      <PanelLink
        to={routes.catalog(service.id)}
        className="pi-list__item"
        aria-current={current ? 'page' : undefined}
      >
        <span>{service.name}</span>
        <span className="pi-muted">{service.group}</span>
      </PanelLink>
    </li>
  );
}

import { Card } from '@aether/ui';
import { PanelLink } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { LoadingRows } from '../../../components/loading-rows';
import { ProblemMessage } from '../../../components/problem-message';
import { useOperations } from '../hooks/use-operations';
import { matchesSearch } from '../search';
import { OperationBadges } from '../../../components/operation-badges';

export function OperationList({
  serviceId,
  serviceName,
  query,
}: {
  serviceId: string;
  serviceName: string;
  query: string;
}) {
  const operations = useOperations(serviceId);
  const visible =
    operations.status === 'success'
      ? operations.data.filter((o) => matchesSearch(query, o.title, o.id, o.description))
      : [];

  return (
    <Card title={`Operations on ${serviceName}`}>
      {operations.status === 'loading' && <LoadingRows label="Loading operations" />}
      {operations.status === 'error' && (
        <ProblemMessage
          error={operations.error}
          onRetry={operations.reload}
          context="Operations could not be loaded"
        />
      )}
      {operations.status === 'success' && operations.data.length === 0 && (
        <p className="pi-empty">
          This service allows no operations. Add them under its `operations` in the config.
        </p>
      )}
      {operations.status === 'success' && operations.data.length > 0 && visible.length === 0 && (
        <p className="pi-empty">No operation matches “{query}”.</p>
      )}
      <ul className="pi-list" aria-label={`Operations on ${serviceName}`}>
        {visible.map((o) => (
          <li key={o.id}>
            <PanelLink
              to={routes.operation(serviceId, o.id)}
              className="pi-list__item pi-list__item--operation"
            >
              <span className="pi-list__title">{o.title}</span>
              <OperationBadges operation={o} />
              {o.description && (
                <span className="pi-muted pi-list__description">{o.description}</span>
              )}
            </PanelLink>
          </li>
        ))}
      </ul>
    </Card>
  );
}

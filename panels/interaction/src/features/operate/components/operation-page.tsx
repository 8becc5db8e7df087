import { PanelLink } from '@aether/panel-kit';
import { routes } from '../../../app/routes';
import { LoadingRows } from '../../../components/loading-rows';
import { ProblemMessage } from '../../../components/problem-message';
import { useOperationTarget } from '../hooks/use-operation-target';
import { OperationWorkbench } from './operation-workbench';
import { ServiceHealth } from './service-health';
import { useServiceHealth } from '../hooks/use-service-health';

/** One operation: found in its service's allow-list, then handed to the workbench. */
export function OperationPage({
  serviceId,
  operationId,
  dryRun = false,
}: {
  serviceId: string;
  operationId: string;
  /** Arrived to see the dry run first (the palette's "with dry run"). */
  dryRun?: boolean;
}) {
  const { operations, serviceName } = useOperationTarget(serviceId);
  const health = useServiceHealth(serviceId);

  return (
    <div className="pi-operation">
      <nav aria-label="Breadcrumb" className="pi-breadcrumb">
        <PanelLink to={routes.catalog()}>Operations</PanelLink>
        <span aria-hidden="true"> / </span>
        <PanelLink to={routes.catalog(serviceId)}>{serviceName}</PanelLink>
      </nav>
      <ServiceHealth health={health} />
      {operations.status === 'loading' && <LoadingRows label="Loading the operation" />}
      {operations.status === 'error' && (
        <ProblemMessage
          error={operations.error}
          onRetry={operations.reload}
          context="The operation could not be loaded"
        />
      )}
      {operations.status === 'success' &&
        (() => {
          const operation = operations.data.find((o) => o.id === operationId);
          if (!operation) {
            return (
              <p role="alert" className="pi-problem">
                {serviceName} has no allow-listed operation “{operationId}”.
              </p>
            );
          }
          return (
            <OperationWorkbench
              key={`${serviceId}/${operationId}`}
              operation={operation}
              serviceName={serviceName}
              dryRunFirst={dryRun}
              checkIds={health.data?.checks.map((c) => c.id)}
            />
          );
        })()}
    </div>
  );
}

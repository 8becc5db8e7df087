import { Button, StatusBadge } from '@aether/ui';
import { useServices } from '../hooks/use-services';

/** A first view to replace: every service with its status, from GET /api/services. */
export function ServicesPage() {
  const services = useServices();
  if (services.status === 'loading' || services.status === 'idle')
    return <p role="status">Loading services…</p>;
  if (services.status === 'error')
    return (
      <div role="alert">
        <p>The services could not be loaded: {(services.error as Error).message}</p>
        <Button onClick={services.reload}>Retry</Button>
      </div>
    );
  if (services.data.length === 0) return <p>No services are configured yet.</p>;
  return (
    <ul aria-label="Services">
      {services.data.map((service) => (
        <li key={service.id}>
          {service.name} <StatusBadge status={service.status} />
        </li>
      ))}
    </ul>
  );
}

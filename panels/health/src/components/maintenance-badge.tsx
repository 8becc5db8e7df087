import type { ServiceMaintenance } from '@aether/contract';
import { formatHourMinute } from '../lib/format';

/** "Maintenance until 14:30 — reason"; the service object does not carry the window's who. */
export function maintenanceText(maintenance: ServiceMaintenance): string {
  return `Maintenance until ${formatHourMinute(maintenance.endsAt)} — ${maintenance.reason}`;
}

export function MaintenanceBadge({ maintenance }: { maintenance: ServiceMaintenance }) {
  const text = maintenanceText(maintenance);
  return (
    <span className="hp-maintenance" title={text}>
      {text}
    </span>
  );
}

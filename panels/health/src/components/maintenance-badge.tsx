import type { ServiceMaintenance } from '@aether/contract';

// Its own formatter, not lib/format's: importing that module splits it into a chunk of the first view.
const untilFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Maintenance until 14:30 — reason"; the service object does not carry the window's who. */
export function maintenanceText(maintenance: ServiceMaintenance): string {
  return `Maintenance until ${untilFormat.format(new Date(maintenance.endsAt))} — ${maintenance.reason}`;
}

export function MaintenanceBadge({ maintenance }: { maintenance: ServiceMaintenance }) {
  const text = maintenanceText(maintenance);
  return (
    <span className="hp-maintenance" title={text}>
      {text}
    </span>
  );
}

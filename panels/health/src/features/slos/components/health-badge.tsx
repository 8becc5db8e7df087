import { StatusIcon } from '../../../components/status-badge';
import { HEALTH_LABEL, HEALTH_STATUS, type BudgetHealth } from '../slo-figures';

/** An error budget's standing in the panel's status colours, with an icon and a word. */
export function HealthBadge({ health }: { health: BudgetHealth }) {
  const status = HEALTH_STATUS[health];
  return (
    <span className={`hp-status hp-status--${status}`} data-health={health}>
      <StatusIcon status={status} />
      <span className="hp-status__text">{HEALTH_LABEL[health]}</span>
    </span>
  );
}

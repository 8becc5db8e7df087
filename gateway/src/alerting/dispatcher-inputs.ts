import type { Status } from '@aether/contract';
import type { Clock } from '../clock.js';
import type { AlertRoute } from '../config/alerting-schema.js';
import type { AlertRecord } from '../store/alert-store.js';
import type { Alert, AlertService, Notification, Severity } from './types.js';

/** A service's status as the monitor sees it (failAfter/recoverAfter already applied). */
export interface ServiceObservation {
  service: AlertService;
  status: Status;
  /** When the service entered this status (ISO). */
  since: string;
  /** The first failing check and what fails, in words (describeCause). */
  check: Alert['check'];
  cause: string;
  rootCause?: { serviceId: string; checkId: string } | null;
  /**
   * The service is flapping (ServiceSummary.flapping): a recovery then resolves nothing, so the
   * episode's alert is sent once; it resolves when the flapping ends while the service is up.
   */
  flapping?: boolean;
  /** Burn-rate alerts carry one; service status alerts do not. */
  severity?: Severity;
}

export interface DispatcherOptions {
  /** Read on every observation, so a config reload's routes apply to the next episode. */
  routes: () => readonly AlertRoute[];
  clock: Clock;
  /** Is the service in a maintenance window now (MaintenanceCalendar.windowFor)? */
  inMaintenance: (service: AlertService, nowMs: number) => boolean;
  /** Hands a message to the outbox; must not block (DeliveryLoop.enqueue, not awaited). */
  send: (notification: Notification) => void;
  /** After every change of an alert (and of whom it was told): store, SSE `alert`, metrics. */
  onChange?: (record: AlertRecord) => void;
  /** Links in messages point into this shell. */
  shellUrl: string;
  newId?: (prefix: 'al' | 'msg') => string;
}

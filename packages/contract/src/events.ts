import { z } from 'zod';
import { IsoDate, Status } from './common.js';
import { CheckResult, ServiceSummary } from './services.js';
import { Panel } from './panels.js';
import { Approval } from './operations.js';
import { AuditEntry } from './audit.js';
import { Deploy } from './deploys.js';
import { ConfigEvent } from './config.js';
import { Alert } from './alerts.js';
import { MaintenanceWindow } from './maintenance.js';

/** Server-Sent Events on GET /api/events. Each event's `data:` is the JSON of its schema. */
export const SnapshotEvent = z.object({ services: z.array(ServiceSummary), at: IsoDate });
export const StatusEvent = z.object({
  serviceId: z.string(),
  /** The check whose transition caused the change. */
  checkId: z.string(),
  status: Status,
  previous: Status,
  since: IsoDate,
  /** The service as it is after the change. */
  service: ServiceSummary,
});
export const ResultEvent = CheckResult;
export const PanelsEvent = z.object({ panels: z.array(Panel) });
export const AuditEvent = AuditEntry;
export const ApprovalEvent = Approval;
/** A deploy started or finished: the deploy as it is now (outcome null while it runs). */
export const DeployEvent = Deploy;
/** An alert changed (fired, held, acknowledged, told a channel, resolved); messages are left out. */
export const AlertEvent = Alert.omit({ messages: true });
/**
 * Which services are in maintenance changed: a window was opened or ended through the API
 * (`window`), or a window's start or end time passed (`window` null). Services' `maintenance` moves.
 */
export const MaintenanceEvent = z.object({ at: IsoDate, window: MaintenanceWindow.nullable() });

export const EVENT_SCHEMAS = {
  snapshot: SnapshotEvent,
  status: StatusEvent,
  result: ResultEvent,
  panels: PanelsEvent,
  audit: AuditEvent,
  approval: ApprovalEvent,
  alert: AlertEvent,
  maintenance: MaintenanceEvent,
  deploy: DeployEvent,
  config: ConfigEvent,
} as const;

export type EventName = keyof typeof EVENT_SCHEMAS;
export const EVENT_NAMES = Object.keys(EVENT_SCHEMAS) as EventName[];
export type EventPayload<E extends EventName> = z.infer<(typeof EVENT_SCHEMAS)[E]>;
export type SnapshotEvent = z.infer<typeof SnapshotEvent>;
export type StatusEvent = z.infer<typeof StatusEvent>;
export type PanelsEvent = z.infer<typeof PanelsEvent>;

/** A decoded event as panels receive it from the shell's single SSE connection. */
export type AetherEvent = {
  [E in EventName]: { id: string | null; type: E; data: EventPayload<E> };
}[EventName];

/**
 * Query of GET /api/events. `snapshot=false` is for a client that reads its own first state (a
 * page of the list, the summary): its stream does not start with the ~5 MB snapshot of a large
 * fleet, only with the id of the newest event (an `id:` line without data, which sets the
 * EventSource's Last-Event-ID) and the events after it, so a reconnect resumes from there. A resume
 * too old for the gateway's replay buffer still starts with a snapshot: the client cannot know what
 * it missed otherwise. `lastEventId` is the `Last-Event-ID` header's value for clients that cannot
 * set headers (the header wins). Other parameters are ignored, as they always were on this route.
 */
export const EventsQuery = z.object({
  snapshot: z
    .enum(['true', 'false'])
    .optional()
    .describe('false: no snapshot at the start of a fresh stream (default true)'),
  lastEventId: z
    .string()
    .regex(/^\d{0,15}$/, 'a non-negative integer')
    .optional()
    .describe('resume after this event id, as the Last-Event-ID header does'),
});
export type EventsQuery = z.infer<typeof EventsQuery>;

/** Heartbeat comment interval the gateway keeps on idle streams. */
export const SSE_HEARTBEAT_MS = 15_000;

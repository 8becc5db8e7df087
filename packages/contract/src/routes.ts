import type { z } from 'zod';
import type { RouteRole } from './common.js';
import { Problem } from './common.js';
import { EventsQuery } from './events.js';
import { HealthResponse, ReadyResponse } from './system.js';
import { ClusterInfo } from './cluster.js';
import {
  History,
  HistoryQuery,
  IncidentList,
  ServiceDetail,
  ServiceList,
  VerifyRequest,
  VerifyResponse,
} from './services.js';
import {
  FleetSummary,
  ServiceChanges,
  ServiceChangesQuery,
  ServiceListQuery,
} from './service-list.js';
import {
  PanelDisableRequest,
  PanelHistory,
  PanelList,
  Panel,
  PanelRegistration,
  PanelRollbackRequest,
} from './panels.js';
import {
  Approval,
  ApprovalDecision,
  ApprovalList,
  ConfirmationRequired,
  DryRunRequest,
  DryRunResponse,
  InvokeRequest,
  InvokeResponse,
  OperationList,
} from './operations.js';
import { AuditPage, AuditQuery, AuditVerification, AuditVerifyQuery } from './audit.js';
import { Identity, SessionRequest } from './auth.js';
import {
  AlertAckRequest,
  Alert,
  AlertChannelList,
  AlertList,
  AlertListQuery,
  ChannelTestResult,
} from './alerts.js';
import {
  MaintenanceList,
  MaintenanceListQuery,
  MaintenanceRequest,
  MaintenanceWindow,
} from './maintenance.js';
import {
  Deploy,
  DeployComparison,
  DeployFinishRequest,
  DeployList,
  DeployListQuery,
  DeployRequest,
} from './deploys.js';
import { SloBudgetQuery, SloBudgetSeries, SloList } from './slos.js';
import { ConfigReloadResponse, ConfigView } from './config.js';

export type RouteMethod = 'get' | 'post' | 'put' | 'delete';

export interface RouteSpec {
  method: RouteMethod;
  /** Koa/@koa/router style: /api/services/:id */
  path: string;
  /** Who may call it: the one place every route declares its role. */
  role: z.infer<typeof RouteRole>;
  summary: string;
  tag: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Success responses by status code; `text` ones are not JSON. */
  responses: Record<number, z.ZodType | { text: string }>;
  /** Headers of its success answers that clients rely on: name → what it carries. */
  headers?: Record<string, string>;
}

/** The headers of the list + watch routes (PRODUCT.md "Services: lists that scale"). */
const REVISION_HEADER = {
  'X-Aether-Revision':
    'the revision of the fleet this answer reflects; pass it to /api/services/changes?since=',
};

const text = (contentType: string) => ({ text: contentType });

/** Every route of the gateway. The gateway enforces `role` from here; OpenAPI is generated from here. */
export const ROUTES = [
  {
    method: 'get',
    path: '/health',
    role: 'none',
    tag: 'system',
    summary: 'Liveness',
    responses: { 200: HealthResponse },
  },
  {
    method: 'get',
    path: '/ready',
    role: 'none',
    tag: 'system',
    summary: 'Readiness: config, storage and scheduler up',
    responses: { 200: ReadyResponse, 503: ReadyResponse },
  },
  {
    method: 'get',
    path: '/metrics',
    // viewer unless server.metricsPublic: true (the gateway's authenticate() lets anonymous in then)
    role: 'viewer',
    tag: 'system',
    summary: 'Prometheus metrics (public with server.metricsPublic)',
    responses: { 200: text('text/plain; version=0.0.4') },
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    role: 'none',
    tag: 'system',
    summary: 'This document',
    responses: { 200: text('application/json') },
  },
  {
    method: 'get',
    path: '/api/cluster',
    role: 'viewer',
    tag: 'system',
    summary:
      'The gateways sharing this database: shards and checks each probes, heartbeat, config hash (one member without Postgres)',
    responses: { 200: ClusterInfo },
  },

  {
    method: 'get',
    path: '/api/session',
    role: 'none',
    tag: 'auth',
    summary: 'Who the caller is',
    responses: { 200: Identity },
  },
  {
    method: 'post',
    path: '/api/session',
    role: 'none',
    tag: 'auth',
    summary: 'Exchange a token for a session cookie',
    body: SessionRequest,
    responses: { 200: Identity },
  },
  {
    method: 'delete',
    path: '/api/session',
    role: 'none',
    tag: 'auth',
    summary: 'Log out',
    responses: { 204: text('') },
  },

  {
    method: 'get',
    path: '/api/services',
    role: 'viewer',
    tag: 'services',
    summary:
      'Every service with status, latency, uptime and checks; filters (AND), limit/cursor pages with Link rel="next"; ETag and X-Aether-Revision headers',
    query: ServiceListQuery,
    responses: { 200: ServiceList },
    headers: {
      ...REVISION_HEADER,
      ETag: 'changes with the answer; If-None-Match gets a 304',
      Link: '</api/services?…&cursor=C>; rel="next" while a limited answer has more',
    },
  },
  {
    method: 'get',
    path: '/api/services/changes',
    role: 'viewer',
    tag: 'services',
    summary:
      'Services that changed state after a revision, and ids removed since; 410 revision-expired when it is older than kept',
    query: ServiceChangesQuery,
    responses: { 200: ServiceChanges, 410: Problem },
    headers: REVISION_HEADER,
  },
  {
    method: 'get',
    path: '/api/summary',
    role: 'viewer',
    tag: 'services',
    summary: 'Counts per status, for the fleet and per group, with the revision',
    responses: { 200: FleetSummary },
    headers: REVISION_HEADER,
  },
  {
    method: 'get',
    path: '/api/services/:id',
    role: 'viewer',
    tag: 'services',
    summary: 'One service with its checks and their latest results',
    responses: { 200: ServiceDetail },
  },
  {
    method: 'get',
    path: '/api/services/:id/history',
    role: 'viewer',
    tag: 'services',
    summary: 'Time series per step',
    query: HistoryQuery,
    responses: { 200: History },
  },
  {
    method: 'get',
    path: '/api/services/:id/slo',
    role: 'viewer',
    tag: 'slos',
    summary:
      "The error budget's remaining ratio over time (the SLO window ending at each step), with the SLO's figures now (`current`, as in /api/slos)",
    query: SloBudgetQuery,
    responses: { 200: SloBudgetSeries },
  },
  {
    method: 'get',
    path: '/api/slos',
    role: 'viewer',
    tag: 'slos',
    summary: 'Every SLO: SLI, error budget, burn rates over 5m…3d and the burn-rate alerts firing',
    responses: { 200: SloList },
  },
  {
    method: 'get',
    path: '/api/services/:id/incidents',
    role: 'viewer',
    tag: 'services',
    summary: 'Transitions to down or degraded',
    responses: { 200: IncidentList },
  },
  {
    method: 'post',
    path: '/api/verify',
    role: 'operator',
    tag: 'services',
    summary: 'Run matching checks now',
    body: VerifyRequest,
    responses: { 200: VerifyResponse },
  },
  {
    method: 'get',
    path: '/api/events',
    role: 'viewer',
    tag: 'events',
    summary:
      'Server-Sent Events: snapshot, status, result, panels, audit, approval, deploy, config',
    query: EventsQuery,
    responses: { 200: text('text/event-stream') },
  },

  {
    method: 'get',
    path: '/api/panels',
    role: 'viewer',
    tag: 'panels',
    summary: 'Panel registry',
    responses: { 200: PanelList },
  },
  {
    method: 'put',
    path: '/api/panels/:id',
    role: 'admin',
    tag: 'panels',
    summary: 'Register a new version of a panel',
    body: PanelRegistration,
    responses: { 200: Panel },
  },
  {
    method: 'get',
    path: '/api/panels/:id/history',
    role: 'viewer',
    tag: 'panels',
    summary: 'Version history',
    responses: { 200: PanelHistory },
  },
  {
    method: 'post',
    path: '/api/panels/:id/rollback',
    role: 'admin',
    tag: 'panels',
    summary: 'Roll back to an earlier version',
    body: PanelRollbackRequest,
    responses: { 200: Panel },
  },
  {
    method: 'post',
    path: '/api/panels/:id/disable',
    role: 'admin',
    tag: 'panels',
    summary: 'Kill switch (or re-enable)',
    body: PanelDisableRequest,
    responses: { 200: Panel },
  },

  {
    method: 'get',
    path: '/api/operations',
    role: 'viewer',
    tag: 'operations',
    summary: 'Every service’s allow-listed operations, in config order (what a palette searches)',
    responses: { 200: OperationList },
  },
  {
    method: 'get',
    path: '/api/services/:id/operations',
    role: 'viewer',
    tag: 'operations',
    summary: 'Allow-listed operations with their params schema',
    responses: { 200: OperationList },
  },
  {
    method: 'post',
    path: '/api/services/:id/operations/:op/dry-run',
    role: 'operator',
    tag: 'operations',
    summary: 'The exact request that would be sent',
    body: DryRunRequest,
    responses: { 200: DryRunResponse },
  },
  {
    method: 'post',
    path: '/api/services/:id/operations/:op/invoke',
    role: 'operation',
    tag: 'operations',
    summary: 'Run an operation (428 asks for confirmation)',
    body: InvokeRequest,
    responses: { 200: InvokeResponse, 202: InvokeResponse, 428: ConfirmationRequired },
  },
  {
    method: 'get',
    path: '/api/approvals',
    role: 'operator',
    tag: 'operations',
    summary: 'Four-eyes queue',
    responses: { 200: ApprovalList },
  },
  {
    method: 'post',
    path: '/api/approvals/:id/approve',
    role: 'operator',
    tag: 'operations',
    summary: "Approve another operator's request",
    body: ApprovalDecision,
    responses: { 200: Approval },
  },
  {
    method: 'post',
    path: '/api/approvals/:id/reject',
    role: 'operator',
    tag: 'operations',
    summary: 'Reject a request',
    body: ApprovalDecision,
    responses: { 200: Approval },
  },

  {
    method: 'get',
    path: '/api/audit',
    role: 'operator',
    tag: 'audit',
    summary: 'Audit trail (json page or ndjson export)',
    query: AuditQuery,
    responses: { 200: AuditPage },
  },
  {
    method: 'get',
    path: '/api/audit/verify',
    role: 'operator',
    tag: 'audit',
    summary: 'Check the hash chain against the signed head (?full=true: from the start)',
    query: AuditVerifyQuery,
    responses: { 200: AuditVerification },
  },

  {
    method: 'get',
    path: '/api/alerts',
    role: 'viewer',
    tag: 'alerts',
    summary:
      'Alerts (unresolved and recent resolved), latest first, with their messages and delivery attempts; ?state=firing,held&service=',
    query: AlertListQuery,
    responses: { 200: AlertList },
  },
  {
    method: 'post',
    path: '/api/alerts/:id/ack',
    role: 'operator',
    tag: 'alerts',
    summary:
      'Acknowledge a firing alert: stops reminders and escalation (SSE alert, audited); 409 when resolved or acknowledged',
    body: AlertAckRequest,
    responses: { 200: Alert, 409: Problem },
  },
  {
    method: 'get',
    path: '/api/alerting/channels',
    role: 'viewer',
    tag: 'alerts',
    summary: 'Configured channels: id, type and target host only, never a secret',
    responses: { 200: AlertChannelList },
  },
  {
    method: 'post',
    path: '/api/alerting/channels/:id/test',
    role: 'admin',
    tag: 'alerts',
    summary: 'Send a test message through a channel (audited); answers with its first attempt',
    responses: { 200: ChannelTestResult },
  },
  {
    method: 'get',
    path: '/api/maintenance',
    role: 'viewer',
    tag: 'maintenance',
    summary: 'Ad-hoc maintenance windows, latest start first; ?state=active|scheduled|ended',
    query: MaintenanceListQuery,
    responses: { 200: MaintenanceList },
  },
  {
    method: 'post',
    path: '/api/maintenance',
    role: 'operator',
    tag: 'maintenance',
    summary:
      'Open a maintenance window (alerts of matching services are held; audited); 422 past maintenance.maxDuration',
    body: MaintenanceRequest,
    responses: { 201: MaintenanceWindow, 422: Problem },
  },
  {
    method: 'delete',
    path: '/api/maintenance/:id',
    role: 'operator',
    tag: 'maintenance',
    summary:
      'End a window now (held alerts still firing are sent; audited); 404 when unknown or over',
    responses: { 200: MaintenanceWindow },
  },

  {
    method: 'get',
    path: '/api/deploys',
    role: 'viewer',
    tag: 'deploys',
    summary: 'Recorded deploys, newest first; ?service= those touching one service',
    query: DeployListQuery,
    responses: { 200: DeployList },
  },
  {
    method: 'post',
    path: '/api/deploys',
    role: 'operator',
    tag: 'deploys',
    summary: 'Record the start of a deploy of some services (SSE deploy)',
    body: DeployRequest,
    responses: { 201: Deploy },
  },
  {
    method: 'post',
    path: '/api/deploys/:id/finish',
    role: 'operator',
    tag: 'deploys',
    summary: 'Record how a deploy ended (SSE deploy); 409 when it already has',
    body: DeployFinishRequest,
    responses: { 200: Deploy, 409: Problem },
  },
  {
    method: 'get',
    path: '/api/deploys/:id/comparison',
    role: 'viewer',
    tag: 'deploys',
    summary:
      'Each check of the deployed services, the 15 minutes before the start vs since (the finish, once finished), with verdicts',
    responses: { 200: DeployComparison },
  },

  {
    method: 'get',
    path: '/api/config',
    role: 'admin',
    tag: 'config',
    summary: 'The running config (secrets and ${VAR} values redacted), its sha256 and load time',
    responses: { 200: ConfigView },
  },
  {
    method: 'post',
    path: '/api/config/reload',
    role: 'admin',
    tag: 'config',
    summary:
      'Re-read the config file and apply it (SSE config); 422 with file:line:col when it is invalid, the running config stays',
    responses: { 200: ConfigReloadResponse, 422: Problem },
  },
] as const satisfies readonly RouteSpec[];

export type Route = (typeof ROUTES)[number];

export { Problem };

import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  Approval,
  AuditEntry,
  CapturedResponse,
  CheckResult,
  History,
  IncidentList,
  OperationList,
  PanelList,
  ServiceDetail,
  ServiceList,
  VerifyResponse,
} from '@aether/contract';
import {
  FIXTURE_NOW,
  OPERATIONS,
  OPERATION_RESPONSES,
  PANELS,
  detailFromSummary,
  makeApproval,
  makeAuditEntries,
  makeHistory,
  makeIncidents,
  makeLargeFleet,
  makeResult,
  makeServiceDetail,
  makeServices,
  makeVerifyResponse,
} from '@aether/contract/fixtures';
import { unknownKeys } from './exchanges.js';

const now = Date.parse(FIXTURE_NOW);
const services = makeServices(12);

/** Every fixture the UI tests and the standalone panels serve, with the schema the gateway answers with. */
const FIXTURES: [name: string, schema: z.ZodType, value: unknown][] = [
  ['makeServices(12)', ServiceList, services],
  ['makeLargeFleet()', ServiceList, makeLargeFleet()],
  ...services.map(
    (s, i) =>
      [`detailFromSummary(${s.id})`, ServiceDetail, detailFromSummary(s, i)] as [
        string,
        z.ZodType,
        unknown,
      ],
  ),
  ['makeServiceDetail(0)', ServiceDetail, makeServiceDetail(0)],
  ['makeResult ok', CheckResult, makeResult('svc-00000', 'health', true)],
  ['makeResult failing', CheckResult, makeResult('svc-00000', 'health', false)],
  [
    'makeHistory 1 h / 1 m',
    History,
    makeHistory({ serviceId: 'svc-00000', fromMs: now - 3_600_000, toMs: now, stepMs: 60_000 }),
  ],
  [
    'makeHistory 30 d / 1 d of one check',
    History,
    makeHistory({
      serviceId: 'svc-00000',
      checkId: 'health',
      fromMs: now - 30 * 86_400_000,
      toMs: now,
      stepMs: 86_400_000,
    }),
  ],
  ...services.map(
    (s) =>
      [`makeIncidents(${s.id}, ${s.status})`, IncidentList, makeIncidents(s)] as [
        string,
        z.ZodType,
        unknown,
      ],
  ),
  ['makeVerifyResponse(all)', VerifyResponse, makeVerifyResponse(services, {})],
  [
    'makeVerifyResponse(tag)',
    VerifyResponse,
    makeVerifyResponse(services, { tags: [services[0]!.tags[0] ?? 'prod'] }),
  ],
  ['PANELS', PanelList, PANELS],
  ['OPERATIONS', OperationList, OPERATIONS],
  ...Object.entries(OPERATION_RESPONSES).map(
    ([key, value]) =>
      [`OPERATION_RESPONSES[${key}]`, CapturedResponse, value] as [string, z.ZodType, unknown],
  ),
  ['makeApproval()', Approval, makeApproval()],
  ['makeAuditEntries(30)', AuditEntry.array(), makeAuditEntries(30)],
];

describe('fixtures (@aether/contract/fixtures) against the contract schemas', () => {
  it.each(FIXTURES)('%s', (_, schema, value) => {
    const parsed = schema.safeParse(value);
    expect(
      parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    ).toEqual([]);
    // a field the schema does not know is drift too (zod objects would silently drop it)
    expect(parsed.success ? unknownKeys(value, parsed.data) : []).toEqual([]);
  });
});

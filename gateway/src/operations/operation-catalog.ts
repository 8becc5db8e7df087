import type { Operation } from '@aether/contract';
import { notFound } from '../domain/refusal.js';
import type { AetherConfig, OperationConfig, ServiceConfig } from '../config/schema.js';

export interface OperationTarget {
  service: ServiceConfig;
  op: OperationConfig;
}

/** The allow-list: only operations written in the config exist, nothing else can be called. */
export class OperationCatalog {
  constructor(private readonly config: Pick<AetherConfig, 'services'>) {}

  list(serviceId: string): Operation[] {
    const service = this.service(serviceId);
    return service.operations.map((op) => toOperation(service, op));
  }

  /** Every service's allow-list, in config order: what a command palette searches. */
  listAll(): Operation[] {
    return this.config.services.flatMap((service) =>
      service.operations.map((op) => toOperation(service, op)),
    );
  }

  find(serviceId: string, operationId: string): OperationTarget {
    const service = this.service(serviceId);
    const op = service.operations.find((o) => o.id === operationId);
    if (!op) throw notFound(`Service "${serviceId}" has no operation "${operationId}"`);
    return { service, op };
  }

  private service(id: string): ServiceConfig {
    const service = this.config.services.find((s) => s.id === id);
    if (!service) throw notFound(`No service with id "${id}"`);
    return service;
  }
}

/** What callers may know about an operation: never its headers (they name secrets). */
export function toOperation(service: ServiceConfig, op: OperationConfig): Operation {
  return {
    id: op.id,
    serviceId: service.id,
    title: op.title,
    ...(op.description !== undefined ? { description: op.description } : {}),
    method: op.method,
    path: op.path,
    mutating: op.mutating,
    approvals: op.approvals,
    role: op.role,
    timeoutMs: op.timeout,
    params: op.params,
  };
}

/** Top-level params the schema marks as secret (writeOnly, or format: password): shown redacted. */
export function sensitiveParams(schema: Record<string, unknown>): string[] {
  const properties = (schema.properties ?? {}) as Record<
    string,
    { writeOnly?: unknown; format?: unknown }
  >;
  return Object.entries(properties)
    .filter(([, p]) => p && (p.writeOnly === true || p.format === 'password'))
    .map(([name]) => name);
}

/** The key of an operation's limits (concurrency, rate). */
export function limitKey(target: OperationTarget): string {
  return `${target.service.id}/${target.op.id}`;
}

import type { VerifyRequest } from '@aether/contract';

/** What a verify run is expected to do, so progress can be shown while the gateway works. */
export interface VerifyPlan {
  expected: number;
  includes(serviceId: string): boolean;
}

export type PlanVerify = (request: VerifyRequest) => VerifyPlan;

export type VerifyScope =
  { kind: 'service'; serviceId: string; name: string } | { kind: 'fleet'; tags: readonly string[] };

export function describeRequest(request: VerifyRequest): string {
  if (request.services?.length)
    return request.services.length === 1
      ? `service ${request.services[0]}`
      : `${request.services.length} services`;
  if (request.tags?.length) return `tag ${request.tags.join(', ')}`;
  return 'every service';
}

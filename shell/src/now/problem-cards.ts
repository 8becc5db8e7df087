import type { ServiceSummary } from '@aether/contract';
import type { FailureCause } from './failure-cause';

type Problem = ServiceSummary & { status: 'down' | 'degraded' };

/** One thing that is wrong: a root cause, a shared failing condition and place, or one service. */
export type ProblemCard =
  | {
      kind: 'root-cause';
      key: string;
      status: 'down' | 'degraded';
      /** The dependency and check whose failure the others inherit. */
      root: { serviceId: string; checkId: string; name: string };
      services: Problem[];
    }
  | {
      kind: 'shared-cause';
      key: string;
      status: 'down' | 'degraded';
      cause: FailureCause;
      services: Problem[];
    }
  | { kind: 'service'; key: string; status: 'down' | 'degraded'; services: [Problem] };

export const isProblem = (s: ServiceSummary): s is Problem =>
  s.status === 'down' || s.status === 'degraded';

/** The key under which a service's failing check's cause is kept. */
export const causeKey = (serviceId: string, checkId: string) => `${serviceId}\u0000${checkId}`;

/** The check that makes a service's status: its first check in the service's (worst) status. */
export function failingCheckOf(service: ServiceSummary) {
  return service.checks.find((c) => c.status === service.status) ?? null;
}

/**
 * Groups what is wrong now. A service with a `rootCause` joins its root's card (and the root
 * service itself, when it is in trouble, heads it); otherwise services whose failing check fails
 * the same condition at the same place share one card ("3 services fail `values` @127.0.0.1:5353");
 * a service whose cause is not known yet stands alone. Down before degraded, bigger first.
 */
export function groupProblems(
  services: Iterable<ServiceSummary>,
  causes: ReadonlyMap<string, FailureCause>,
  nameOf: (serviceId: string) => string | undefined = () => undefined,
): ProblemCard[] {
  const problems = [...services].filter(isProblem);
  const roots = new Set(problems.flatMap((s) => (s.rootCause ? [s.rootCause.serviceId] : [])));
  const cards = new Map<string, ProblemCard>();
  const add = (key: string, service: Problem, create: () => ProblemCard) => {
    const card = cards.get(key);
    if (!card) cards.set(key, create());
    else {
      (card.services as Problem[]).push(service);
      if (service.status === 'down') card.status = 'down';
    }
  };

  for (const service of problems) {
    const rootCause =
      service.rootCause ??
      (roots.has(service.id)
        ? { serviceId: service.id, checkId: failingCheckOf(service)?.id ?? '' }
        : null);
    if (rootCause) {
      const key = `root:${rootCause.serviceId}`;
      add(key, service, () => ({
        kind: 'root-cause',
        key,
        status: service.status,
        root: {
          ...rootCause,
          name: nameOf(rootCause.serviceId) ?? rootCause.serviceId,
        },
        services: [service],
      }));
      continue;
    }
    const check = failingCheckOf(service);
    const cause = check ? causes.get(causeKey(service.id, check.id)) : undefined;
    if (cause) {
      const key = `cause:${cause.condition}@${cause.location}`;
      add(key, service, () => ({
        kind: 'shared-cause',
        key,
        status: service.status,
        cause,
        services: [service],
      }));
    } else {
      const key = `service:${service.id}`;
      cards.set(key, { kind: 'service', key, status: service.status, services: [service] });
    }
  }

  // A root heads its card: the root's own check is set once its service is seen.
  for (const card of cards.values()) {
    if (card.kind !== 'root-cause') continue;
    card.services.sort(
      (a, b) =>
        Number(b.id === card.root.serviceId) - Number(a.id === card.root.serviceId) ||
        a.name.localeCompare(b.name),
    );
    const root = card.services.find((s) => s.id === card.root.serviceId);
    if (root) card.root.name = root.name;
  }
  const rank = (card: ProblemCard) => (card.status === 'down' ? 0 : 1);
  return [...cards.values()].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      b.services.length - a.services.length ||
      a.services[0]!.name.localeCompare(b.services[0]!.name),
  );
}

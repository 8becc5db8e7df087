import type { ServiceSummary } from '@aether/contract';
import type { FailureCause } from './failure-cause';
import { causeKey, failingCheckOf, isProblem, type ProblemCard } from './problem-cards';

type Problem = ServiceSummary & { status: 'down' | 'degraded' };

interface Group {
  key: string;
  kind: ProblemCard['kind'];
  /** The shared cause (shared-cause), the root service's id (root-cause). */
  cause: FailureCause | null;
  rootId: string | null;
  /** In the order they joined; a service that changes in place keeps its place. */
  members: Map<string, Problem>;
  down: number;
  /** The card last drawn of it; null once a member joined, left or changed. */
  card: ProblemCard | null;
}

const rank = (down: number) => (down > 0 ? 0 : 1);

/**
 * {@link groupProblems}, kept up to date one change at a time: a status change moves one service
 * between cards, a cause learned moves one service, in O(1) — and a card is made again only when
 * its services changed. Regrouping ~5,000 problems from scratch took 50–80 ms once a second in the
 * now-view bench (10,000 services, ~1,000 status changes/s), the page's one long task.
 */
export function createProblemGroups() {
  const problems = new Map<string, Problem>();
  const causes = new Map<string, FailureCause>();
  const groups = new Map<string, Group>();
  const placedIn = new Map<string, Group>();
  /** Root service id → how many problems name it as their root cause. */
  const roots = new Map<string, number>();

  const targetOf = (service: Problem): Omit<Group, 'members' | 'down' | 'card'> => {
    const rootId = service.rootCause?.serviceId ?? (roots.has(service.id) ? service.id : null);
    if (rootId !== null) return { key: `root:${rootId}`, kind: 'root-cause', cause: null, rootId };
    const check = failingCheckOf(service);
    const cause = check ? causes.get(causeKey(service.id, check.id)) : undefined;
    if (cause)
      return {
        key: `cause:${cause.condition}@${cause.location}`,
        kind: 'shared-cause',
        cause,
        rootId: null,
      };
    return { key: `service:${service.id}`, kind: 'service', cause: null, rootId: null };
  };

  const leave = (id: string) => {
    const group = placedIn.get(id);
    if (!group) return;
    const member = group.members.get(id)!;
    group.members.delete(id);
    if (member.status === 'down') group.down--;
    group.card = null;
    placedIn.delete(id);
    if (group.members.size === 0) groups.delete(group.key);
  };

  const place = (service: Problem) => {
    const target = targetOf(service);
    const current = placedIn.get(service.id);
    if (current && current.key !== target.key) leave(service.id);
    let group = groups.get(target.key);
    if (!group) {
      group = { ...target, members: new Map(), down: 0, card: null };
      groups.set(target.key, group);
    }
    const before = group.members.get(service.id);
    if (before?.status === 'down') group.down--;
    group.members.set(service.id, service);
    if (service.status === 'down') group.down++;
    group.card = null;
    placedIn.set(service.id, group);
  };

  /** A service became a root (or stopped being one): it moves to (or from) its own root's card. */
  const countRoot = (rootId: string | undefined, by: 1 | -1) => {
    if (rootId === undefined) return;
    const n = (roots.get(rootId) ?? 0) + by;
    if (n > 0) roots.set(rootId, n);
    else roots.delete(rootId);
    const root = problems.get(rootId);
    if (root && !root.rootCause && (n === 0 || (n === 1 && by === 1))) place(root);
  };

  /** Takes a service's new state (a problem or not). */
  const set = (service: ServiceSummary) => {
    const before = problems.get(service.id);
    const rootBefore = before?.rootCause?.serviceId;
    if (isProblem(service)) {
      problems.set(service.id, service);
      place(service);
    } else {
      if (!before) return;
      problems.delete(service.id);
      leave(service.id);
    }
    const rootAfter = isProblem(service) ? service.rootCause?.serviceId : undefined;
    if (rootBefore !== rootAfter) {
      countRoot(rootBefore, -1);
      countRoot(rootAfter, 1);
    }
    // a root's card shows its name and check: a root that changed in place (not a member of its
    // own card, having a root cause of its own) is shown again all the same
    if (roots.has(service.id)) {
      const own = groups.get(`root:${service.id}`);
      if (own) own.card = null;
    }
  };

  const cardOf = (group: Group): ProblemCard => {
    if (group.card) return group.card;
    const status = group.down > 0 ? 'down' : 'degraded';
    const services = [...group.members.values()];
    if (group.kind === 'root-cause') {
      const rootId = group.rootId!;
      services.sort(
        (a, b) => Number(b.id === rootId) - Number(a.id === rootId) || a.name.localeCompare(b.name),
      );
      const root = problems.get(rootId);
      const member = group.members.get(rootId);
      const checkId = member
        ? (failingCheckOf(member)?.id ?? '')
        : (services[0]!.rootCause?.checkId ?? '');
      group.card = {
        kind: 'root-cause',
        key: group.key,
        status,
        root: { serviceId: rootId, checkId, name: root?.name ?? rootId },
        services,
      };
    } else if (group.kind === 'shared-cause')
      group.card = { kind: 'shared-cause', key: group.key, status, cause: group.cause!, services };
    else group.card = { kind: 'service', key: group.key, status, services: [services[0]!] };
    return group.card;
  };

  /** The name the card is ordered by among cards of its rank and size: its first service's. */
  const firstName = (group: Group) =>
    group.kind === 'root-cause'
      ? cardOf(group).services[0]!.name
      : group.members.values().next().value!.name;

  /** a before b: down before degraded, bigger first, then by first service name. */
  const before = (a: Group, b: Group) =>
    rank(a.down) - rank(b.down) ||
    b.members.size - a.members.size ||
    firstName(a).localeCompare(firstName(b));

  return {
    set,
    /** What a failing check says (from a result); moves its service if the cause is new. */
    setCause(serviceId: string, checkId: string, cause: FailureCause) {
      causes.set(causeKey(serviceId, checkId), cause);
      const service = problems.get(serviceId);
      if (service && failingCheckOf(service)?.id === checkId) place(service);
    },
    /** Starts again from a whole read: every problem, the causes kept. */
    reset(services: Iterable<ServiceSummary>) {
      problems.clear();
      groups.clear();
      placedIn.clear();
      roots.clear();
      const now = [...services].filter(isProblem);
      for (const s of now) problems.set(s.id, s);
      for (const s of now)
        if (s.rootCause)
          roots.set(s.rootCause.serviceId, (roots.get(s.rootCause.serviceId) ?? 0) + 1);
      for (const s of now) place(s);
    },
    problems: problems as ReadonlyMap<string, Problem>,
    causes: causes as ReadonlyMap<string, FailureCause>,
    /** How many cards there are. */
    get size() {
      return groups.size;
    },
    /**
     * The first `limit` cards in {@link groupProblems}' order, without ordering the rest: a card
     * is compared with the last of those kept so far, so most cost one comparison.
     */
    first(limit: number): ProblemCard[] {
      if (limit <= 0) return [];
      const kept: Group[] = [];
      for (const group of groups.values()) {
        if (kept.length === limit && before(group, kept[limit - 1]!) >= 0) continue;
        let lo = 0;
        let hi = kept.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (before(kept[mid]!, group) <= 0) lo = mid + 1;
          else hi = mid;
        }
        kept.splice(lo, 0, group);
        if (kept.length > limit) kept.pop();
      }
      return kept.map(cardOf);
    },
  };
}

export type ProblemGroups = ReturnType<typeof createProblemGroups>;

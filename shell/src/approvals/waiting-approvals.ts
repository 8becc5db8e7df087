import { useSyncExternalStore } from 'react';
import type { Approval, Identity } from '@aether/contract';
import type { ShellServices } from '../shell-services';
import { useServices } from '../services-context';

export interface WaitingApprovalsState {
  /** Requests the signed-in operator could approve now, newest first. */
  waiting: readonly Approval[];
  /** The newest request that arrived live while this shell was open (for the in-app notice). */
  arrived: Approval | null;
}

/** Whether `user` is someone who may approve `approval` now: another operator, not yet counted. */
export function waitsFor(approval: Approval, user: Identity, now: number): boolean {
  return (
    approval.status === 'pending' &&
    Date.parse(approval.expiresAt) > now &&
    approval.requestedBy !== user.name &&
    !approval.approvals.some((a) => a.actor === user.name)
  );
}

const EMPTY: WaitingApprovalsState = { waiting: [], arrived: null };
const isApprover = (user: Identity) => user.role === 'operator' || user.role === 'admin';

/**
 * The four-eyes requests waiting for the signed-in operator: GET /api/approvals when someone who
 * may approve signs in or the event stream comes back, then kept current by `approval` events
 * (the gateway announces every request and decision), so there is nothing to poll. Viewers and
 * anonymous callers ask nothing.
 */
export function createWaitingApprovalsStore(
  { api, auth, events }: Pick<ShellServices, 'api' | 'auth' | 'events'>,
  now: () => number = Date.now,
) {
  let state = EMPTY;
  let known: Approval[] = [];
  let generation = 0;
  const listeners = new Set<() => void>();
  const stops: Array<() => void> = [];

  const set = (next: WaitingApprovalsState) => {
    state = next;
    for (const listener of [...listeners]) listener();
  };
  const recount = (arrived: Approval | null) => {
    const user = auth.user;
    const waiting = known.filter((a) => waitsFor(a, user, now()));
    set({ waiting, arrived: arrived && waiting.some((a) => a.id === arrived.id) ? arrived : null });
  };
  const load = () => {
    const mine = ++generation;
    if (!isApprover(auth.user)) {
      known = [];
      return set(EMPTY);
    }
    api.get<Approval[]>('/api/approvals').then(
      (list) => {
        if (mine !== generation) return;
        known = list;
        recount(state.arrived);
      },
      () => {}, // the badge keeps what it had; the Approvals page says what went wrong
    );
  };

  const start = () => {
    let wasLive = events.connection === 'live';
    stops.push(
      auth.subscribe(() => load()),
      // Back after a drop: events may have been missed. (The first connection needs no re-read.)
      events.onConnectionChange((connection) => {
        if (connection !== 'live') return;
        if (wasLive) load();
        wasLive = true;
      }),
      events.subscribe(['approval'], (event) => {
        if (event.type !== 'approval' || !isApprover(auth.user)) return;
        const approval = event.data;
        const isNew = !known.some((a) => a.id === approval.id);
        known = [approval, ...known.filter((a) => a.id !== approval.id)];
        recount(isNew ? approval : state.arrived?.id === approval.id ? approval : state.arrived);
      }),
    );
    load();
  };
  const stop = () => {
    generation++;
    while (stops.length) stops.pop()!();
  };

  return {
    getState: () => state,
    /** The first subscriber starts it (one read, three subscriptions), the last one stops it. */
    subscribe(listener: () => void) {
      listeners.add(listener);
      if (listeners.size === 1) start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    /** The notice was read or closed. */
    dismiss() {
      if (state.arrived) set({ ...state, arrived: null });
    },
  };
}

export type WaitingApprovalsStore = ReturnType<typeof createWaitingApprovalsStore>;

// One per shell: the rail's badge and the notice share its reads.
const stores = new WeakMap<ShellServices, WaitingApprovalsStore>();

export function useWaitingApprovals(): WaitingApprovalsState & { dismiss(): void } {
  const services = useServices();
  let store = stores.get(services);
  if (!store) {
    store = createWaitingApprovalsStore(services);
    stores.set(services, store);
  }
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return { ...state, dismiss: store.dismiss };
}

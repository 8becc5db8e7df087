/**
 * The small integer key each (service, check) pair is stored under, and the reverse lookups the
 * stores need: every key of a service, the service and the check of a key. Both ResultStore
 * implementations keep one; only how a new key is allocated differs (a counter, an INSERT's rowid).
 *
 * Keys are small integers, so the reverse lookups are arrays indexed by key, and a service's keys
 * are one number for a service of one check (most): at 30,000 checks the three Maps this replaced
 * (with a joined "service\0check" string per pair and an array per service) and the Postgres
 * store's own key → check Map held 6 MiB of heap, these ~1.5 (heap snapshots of a cluster gateway).
 */
export class CheckKeyIndex {
  /** serviceId → its key, or its keys once it has more than one check. */
  private readonly byService = new Map<string, number | number[]>();
  private readonly services: string[] = [];
  private readonly checks: string[] = [];
  /** Every key, in the order added. */
  private readonly added: number[] = [];

  get(serviceId: string, checkId: string): number | undefined {
    const keys = this.byService.get(serviceId);
    if (keys === undefined) return undefined;
    if (typeof keys === 'number') return this.checks[keys] === checkId ? keys : undefined;
    return keys.find((key) => this.checks[key] === checkId);
  }

  add(key: number, serviceId: string, checkId: string): number {
    if (this.services[key] === undefined) this.added.push(key);
    this.services[key] = serviceId;
    this.checks[key] = checkId;
    const keys = this.byService.get(serviceId);
    if (keys === undefined) this.byService.set(serviceId, key);
    else if (typeof keys === 'number') this.byService.set(serviceId, [keys, key]);
    else keys.push(key);
    return key;
  }

  /** Keys of a service's checks (one when checkId is given); empty when none was stored. */
  find(serviceId: string, checkId?: string): number[] {
    if (checkId !== undefined) {
      const key = this.get(serviceId, checkId);
      return key === undefined ? [] : [key];
    }
    const keys = this.byService.get(serviceId);
    if (keys === undefined) return [];
    return typeof keys === 'number' ? [keys] : keys.slice();
  }

  /** The service a key was added for. */
  serviceOf(key: number): string | undefined {
    return this.services[key];
  }

  /** The check a key was added for. */
  checkOf(key: number): string | undefined {
    return this.checks[key];
  }

  /** Every key, in the order added. */
  keys(): readonly number[] {
    return this.added;
  }

  get size(): number {
    return this.added.length;
  }
}

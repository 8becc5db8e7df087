/**
 * The small integer key each (service, check) pair is stored under, and the reverse lookups the
 * stores need: every key of a service, the service of a key. Both ResultStore implementations
 * keep one; only how a new key is allocated differs (a counter, an INSERT's rowid).
 */
export class CheckKeyIndex {
  private readonly byCheck = new Map<string, number>();
  private readonly byService = new Map<string, number[]>();
  /** key → serviceId, in insertion order. */
  readonly serviceOf = new Map<number, string>();

  get(serviceId: string, checkId: string): number | undefined {
    return this.byCheck.get(`${serviceId}\u0000${checkId}`);
  }

  add(key: number, serviceId: string, checkId: string): number {
    this.byCheck.set(`${serviceId}\u0000${checkId}`, key);
    this.serviceOf.set(key, serviceId);
    const list = this.byService.get(serviceId);
    if (list) list.push(key);
    else this.byService.set(serviceId, [key]);
    return key;
  }

  /** Keys of a service's checks (one when checkId is given); empty when none was stored. */
  find(serviceId: string, checkId?: string): number[] {
    if (checkId === undefined) return this.byService.get(serviceId) ?? [];
    const key = this.get(serviceId, checkId);
    return key === undefined ? [] : [key];
  }

  get size(): number {
    return this.byCheck.size;
  }
}

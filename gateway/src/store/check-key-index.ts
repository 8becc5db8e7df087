/**
 * The integer key each (service, check) pair is stored under, and the reverse lookups the stores
 * need: every key of a service, the service and the check of a key. Both ResultStore
 * implementations keep one; only how a new key is allocated differs (a rowid, a hash of the ids).
 *
 * Each pair gets a dense slot when added; the reverse lookups are columns indexed by slot, and a
 * service's slots are one number for a service of one check (most). Keys are not used as array
 * indices: Postgres keys are 52-bit hashes, past an array's index range. At 30,000 checks the
 * three Maps this replaced (with a joined "service\0check" string per pair and an array per
 * service) and the Postgres store's own key → check Map held 6 MiB of heap (a heap snapshot of a
 * cluster gateway).
 */
export class CheckKeyIndex {
  /** key → slot. */
  private readonly slots = new Map<number, number>();
  /** serviceId → its slot, or its slots once it has more than one check. */
  private readonly byService = new Map<string, number | number[]>();
  /** By slot, in the order added. */
  private readonly keyAt: number[] = [];
  private readonly serviceAt: string[] = [];
  private readonly checkAt: string[] = [];

  get(serviceId: string, checkId: string): number | undefined {
    const slots = this.byService.get(serviceId);
    if (slots === undefined) return undefined;
    if (typeof slots === 'number')
      return this.checkAt[slots] === checkId ? this.keyAt[slots] : undefined;
    const slot = slots.find((at) => this.checkAt[at] === checkId);
    return slot === undefined ? undefined : this.keyAt[slot];
  }

  add(key: number, serviceId: string, checkId: string): number {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.keyAt.length;
      this.slots.set(key, slot);
      this.keyAt.push(key);
      this.serviceAt.push(serviceId);
      this.checkAt.push(checkId);
    } else {
      this.serviceAt[slot] = serviceId;
      this.checkAt[slot] = checkId;
    }
    const slots = this.byService.get(serviceId);
    if (slots === undefined) this.byService.set(serviceId, slot);
    else if (typeof slots === 'number') {
      if (slots !== slot) this.byService.set(serviceId, [slots, slot]);
    } else if (!slots.includes(slot)) slots.push(slot);
    return key;
  }

  /** Keys of a service's checks (one when checkId is given); empty when none was stored. */
  find(serviceId: string, checkId?: string): number[] {
    if (checkId !== undefined) {
      const key = this.get(serviceId, checkId);
      return key === undefined ? [] : [key];
    }
    const slots = this.byService.get(serviceId);
    if (slots === undefined) return [];
    if (typeof slots === 'number') return [this.keyAt[slots]!];
    return slots.map((slot) => this.keyAt[slot]!);
  }

  /** The service a key was added for. */
  serviceOf(key: number): string | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.serviceAt[slot];
  }

  /** The check a key was added for. */
  checkOf(key: number): string | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.checkAt[slot];
  }

  /** Every key, in the order added. */
  keys(): readonly number[] {
    return this.keyAt;
  }

  get size(): number {
    return this.keyAt.length;
  }
}

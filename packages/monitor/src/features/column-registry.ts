import type { ColumnDomain } from './column-domain';

/**
 * The columns a monitor has seen, each with a stable slot number (reference columns first), so
 * the per-row work of a window indexes arrays instead of looking names up. A tensor's list of
 * column names is resolved to slots once per list (the lists are cached per `features` option).
 */
export class ColumnRegistry {
  private readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly domainBySlot: (ColumnDomain | undefined)[] = [];
  private readonly slotLists = new WeakMap<readonly string[], Int32Array>();

  constructor(
    private readonly domains: ReadonlyMap<string, ColumnDomain>,
    initial: readonly string[] = [],
  ) {
    for (const name of initial) this.slot(name);
  }

  /** Columns registered so far. */
  get size(): number {
    return this.names.length;
  }

  /** The slot of `name`, registering the column on first sight. */
  slot(name: string): number {
    let slot = this.index.get(name);
    if (slot === undefined) {
      slot = this.names.length;
      this.names.push(name);
      this.index.set(name, slot);
      this.domainBySlot.push(this.domains.get(name));
    }
    return slot;
  }

  /** The slots of a list of names; the list must not change afterwards (it is cached by identity). */
  slots(list: readonly string[]): Int32Array {
    let slots = this.slotLists.get(list);
    if (slots === undefined) {
      slots = Int32Array.from(list, name => this.slot(name));
      this.slotLists.set(list, slots);
    }
    return slots;
  }

  /** The name of a slot. */
  name(slot: number): string {
    return this.names[slot] as string;
  }

  /** The reference domain of a slot's column, if it has one. */
  domain(slot: number): ColumnDomain | undefined {
    return this.domainBySlot[slot];
  }
}

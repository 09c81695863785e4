import type { ColumnRegistry } from '../features/column-registry';
import { isOutOfDomain } from '../features/column-domain';
import type { PayloadRows } from '../features/payload-rows';
import { KeptRows, RowReservoir, type RowReservoirState } from './row-reservoir';

/** A serialisable snapshot of a {@link WindowPane}. */
export interface WindowPaneState {
  index: number;
  startedAt: number;
  lastAt: number;
  rows: number;
  present: Record<string, number>;
  outOfDomain: Record<string, number>;
  reservoir: RowReservoirState;
}

/** A column of a pane: its name and its slot in the monitor's column registry. */
export interface PaneColumn {
  name: string;
  slot: number;
}

/**
 * The traffic of one window (or one pane of a sliding window) held in bounded memory: exact row,
 * missing and out-of-domain counts per column, and a uniform row sample for drift and validation.
 * Columns are indexed by their slot in the monitor's {@link ColumnRegistry}, so the per-row work
 * is array arithmetic; a row's cells are copied only when the sample keeps the row.
 */
export class WindowPane {
  readonly index: number;
  readonly startedAt: number;
  lastAt: number;
  rows: number;
  readonly reservoir: RowReservoir;
  private readonly presentBySlot: number[] = [];
  private readonly outsideBySlot: number[] = [];
  // Columns in order of first appearance in this pane.
  private readonly order: PaneColumn[] = [];
  private readonly inPane: boolean[] = [];
  // Slots already written by the current `add` call (a later tensor's column wins, as in a map).
  private readonly stamp: number[] = [];
  private calls = 0;
  private readonly kept = new KeptRows();
  // Slot lists of the current `add` call's tensors, by tensor index (entries past the call's
  // tensors are stale and never read).
  private readonly slotLists: Int32Array[] = [];

  constructor(
    options: {
      index: number;
      startedAt: number;
      sampleSize: number;
      seed: number;
      /** Rows the pane will hold, when known (a pane of a rows window): sizes its sample once. */
      expectedRows?: number;
    },
    private readonly registry: ColumnRegistry,
    state?: WindowPaneState,
  ) {
    this.index = state?.index ?? options.index;
    this.startedAt = state?.startedAt ?? options.startedAt;
    this.lastAt = state?.lastAt ?? options.startedAt;
    this.rows = state?.rows ?? 0;
    if (state) {
      for (const name of state.reservoir.columns) this.see(registry.slot(name));
      for (const [name, count] of Object.entries(state.present)) {
        const slot = registry.slot(name);
        this.see(slot);
        this.presentBySlot[slot] = count;
      }
      for (const [name, count] of Object.entries(state.outOfDomain)) {
        this.outsideBySlot[registry.slot(name)] = count;
      }
    }
    this.reservoir = new RowReservoir(options.sampleSize, options.seed, state?.reservoir, name =>
      registry.slot(name),
    );
    if (options.expectedRows !== undefined && options.expectedRows > 0) {
      this.reservoir.expectedRows = options.expectedRows;
    }
  }

  private see(slot: number): void {
    if (this.inPane[slot]) return;
    this.inPane[slot] = true;
    this.presentBySlot[slot] ??= 0;
    this.order.push({ name: this.registry.name(slot), slot });
  }

  /** Columns seen in this pane, in order of first appearance. */
  get columns(): readonly PaneColumn[] {
    return this.order;
  }

  /** Rows where a column was present (not null, NaN or absent). */
  present(slot: number): number {
    return this.presentBySlot[slot] ?? 0;
  }

  /** Present values of a column outside its reference domain. */
  outOfDomain(slot: number): number {
    return this.outsideBySlot[slot] ?? 0;
  }

  /** Adds rows `from` (inclusive) to `to` (exclusive) of a request. */
  add(batch: PayloadRows, from = 0, to = batch.count): void {
    const count = to - from;
    if (count <= 0) return;
    const reservoir = this.reservoir;
    // Rows the reservoir keeps; most rows of a large window are not kept and cost nothing here.
    const kept = this.kept;
    reservoir.offerRows(count, from, kept);
    const pairs = kept.pairs;
    const keptEnd = 2 * kept.length;
    const lastPosition = kept.highest;
    const registry = this.registry;
    const tensors = batch.tensors;
    const slotLists = this.slotLists;
    for (let tensorIndex = 0; tensorIndex < tensors.length; tensorIndex += 1) {
      const slots = registry.slots((tensors[tensorIndex] as PayloadRows['tensors'][number]).names);
      slotLists[tensorIndex] = slots;
      for (let column = 0; column < slots.length; column += 1) this.see(slots[column] as number);
    }
    const call = ++this.calls;
    const stamp = this.stamp;
    const presentBySlot = this.presentBySlot;
    // Later tensors (and later columns of a tensor) first: a name given twice takes the last
    // value, as a map keyed by name would.
    for (let tensorIndex = tensors.length - 1; tensorIndex >= 0; tensorIndex -= 1) {
      const { data, width } = tensors[tensorIndex] as PayloadRows['tensors'][number];
      const slots = slotLists[tensorIndex] as Int32Array;
      for (let column = slots.length - 1; column >= 0; column -= 1) {
        const slot = slots[column] as number;
        if (stamp[slot] === call) continue;
        stamp[slot] = call;
        const domain = registry.domain(slot);
        const start = column + from * width;
        const end = start + count * width;
        let present = 0;
        let outside = 0;
        // Hot loops, specialised by domain kind: missing is null, undefined or NaN.
        if (domain?.kind === 'range') {
          const { min, max } = domain;
          for (let index = start; index < end; index += width) {
            const value = data[index];
            if (value === null || value === undefined || Number.isNaN(value)) continue;
            present += 1;
            if (typeof value !== 'number' || value < min || value > max) outside += 1;
          }
        } else {
          for (let index = start; index < end; index += width) {
            const value = data[index];
            if (value === null || value === undefined || Number.isNaN(value)) continue;
            present += 1;
            if (domain && isOutOfDomain(domain, value)) outside += 1;
          }
        }
        // The column's typed store is looked up once per call, sized for its last kept position
        // (a per-cell lookup was a tenth of ingestion); after any other write through `set`,
        // which may turn the column into plain cells, it is looked up again.
        let numeric: Float64Array | undefined;
        let fetched = false;
        for (let next = 0; next < keptEnd; next += 2) {
          const row = pairs[next] as number;
          const position = pairs[next + 1] as number;
          const value = data[column + row * width];
          if (typeof value === 'number') {
            if (!fetched) {
              numeric = reservoir.numericStore(slot, lastPosition);
              fetched = true;
            }
            if (numeric) {
              numeric[position] = value;
              continue;
            }
          }
          reservoir.set(slot, position, value);
          fetched = false;
        }
        presentBySlot[slot] = (presentBySlot[slot] as number) + present;
        if (outside > 0) this.outsideBySlot[slot] = (this.outsideBySlot[slot] ?? 0) + outside;
      }
    }
    this.rows += count;
    if (batch.receivedAt > this.lastAt) this.lastAt = batch.receivedAt;
  }

  /** A plain-data snapshot for checkpoints. */
  toState(): WindowPaneState {
    const present: Record<string, number> = {};
    const outOfDomain: Record<string, number> = {};
    for (const { name, slot } of this.order) {
      present[name] = this.present(slot);
      const outside = this.outOfDomain(slot);
      if (outside > 0) outOfDomain[name] = outside;
    }
    return {
      index: this.index,
      startedAt: this.startedAt,
      lastAt: this.lastAt,
      rows: this.rows,
      present,
      outOfDomain,
      reservoir: this.reservoir.toState(this.order),
    };
  }
}

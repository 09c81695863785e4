import type { CellValue } from '../features/cell-value';
import { loadColumn, type StoredColumn, storeColumn } from '../persistence/stored-column';
import { SeededRandom } from './seeded-random';

/** A serialisable snapshot of a {@link RowReservoir}. */
export interface RowReservoirState {
  capacity: number;
  seen: number;
  columns: string[];
  /** Kept rows, column by column, aligned with `columns` (what checkpoints write). */
  cells?: StoredColumn[];
  /** Rows kept, with `cells`. */
  kept?: number;
  /** Kept rows, row by row, aligned with `columns` (checkpoints of earlier versions). */
  rows?: CellValue[][];
  random: number;
  weight: number;
  nextIndex: number;
}

/**
 * One column of the kept rows: numbers in a Float64Array (NaN is missing) until a value of
 * another type arrives, then plain cells (null is missing).
 */
export type ColumnStore = Float64Array | CellValue[];

const initialRows = 256;

/**
 * The rows one {@link RowReservoir.offerRows} call kept, as `(row, position)` pairs in a typed
 * array reused from call to call (ingestion calls it once per request; a plain array emptied
 * and refilled each time gave up and reallocated its storage on every call).
 */
export class KeptRows {
  /** `row, position` pairs: entries `2 i` and `2 i + 1` for `i < length`. */
  pairs = new Int32Array(64);
  /** Pairs written. */
  length = 0;
  /** The highest position written, or -1. */
  highest = -1;

  /** Forgets the pairs, keeping the storage. */
  clear(): void {
    this.length = 0;
    this.highest = -1;
  }

  /** Adds a kept row and its position. */
  push(row: number, position: number): void {
    const at = 2 * this.length;
    if (at === this.pairs.length) {
      const grown = new Int32Array(2 * this.pairs.length);
      grown.set(this.pairs);
      this.pairs = grown;
    }
    this.pairs[at] = row;
    this.pairs[at + 1] = position;
    this.length += 1;
    if (position > this.highest) this.highest = position;
  }
}

/**
 * A uniform sample of at most `capacity` rows of a stream (Li's Algorithm L: it draws random
 * numbers only for the rows it keeps, so most rows cost one comparison). Memory is bounded by
 * `capacity × columns` whatever the traffic. Rows are stored column by column, each column at
 * the slot its caller gives it (see `ColumnRegistry`); a row that predates a column reads as
 * missing there.
 */
export class RowReservoir {
  readonly capacity: number;
  private seenRows: number;
  private filled: number;
  private readonly stores: (ColumnStore | undefined)[] = [];
  /**
   * Rows a typed store starts with: the rows the caller expects (a pane of a rows window knows
   * them, so its stores are allocated once instead of doubling from 256), else 256.
   */
  expectedRows = initialRows;
  private readonly random: SeededRandom;
  private weight: number;
  private nextIndex: number;

  /**
   * A new reservoir, or one resumed from `state`, whose columns are stored at the slots
   * `slotOf` gives their names.
   */
  constructor(
    capacity: number,
    seed: number,
    state?: RowReservoirState,
    slotOf: (name: string) => number = defaultSlots(),
  ) {
    this.capacity = state?.capacity ?? capacity;
    this.seenRows = state?.seen ?? 0;
    this.filled = 0;
    this.random = new SeededRandom(state?.random ?? seed);
    if (state) {
      this.weight = state.weight;
      this.nextIndex = state.nextIndex;
      const slots = state.columns.map(name => slotOf(name));
      if (state.cells) {
        this.filled = state.kept ?? 0;
        state.cells.forEach((stored, column) => {
          const slot = slots[column] as number;
          const cells = loadColumn(stored);
          if (cells.length === 0) return;
          if (cells instanceof Float64Array) {
            const store = this.numericStore(slot, Math.max(0, cells.length - 1));
            if (store) store.set(cells.subarray(0, store.length));
          } else {
            for (const [position, value] of cells.entries())
              this.set(slot, position, value ?? null);
          }
        });
      } else {
        const rows = state.rows ?? [];
        this.filled = rows.length;
        rows.forEach((row, index) => {
          slots.forEach((slot, column) => {
            this.set(slot, index, row[column] ?? null);
          });
        });
      }
    } else {
      this.weight = Math.exp(Math.log(this.random.next()) / this.capacity);
      this.nextIndex = this.capacity + this.skip();
    }
  }

  private skip(): number {
    return Math.floor(Math.log(this.random.next()) / Math.log(1 - this.weight)) + 1;
  }

  /** Rows offered so far. */
  get seen(): number {
    return this.seenRows;
  }

  /** Rows kept (at most `capacity`). */
  get size(): number {
    return this.filled;
  }

  /**
   * Offers the next row; returns the position to write its cells at (see {@link set}) when the
   * row is kept, or -1 when it is skipped, so callers touch a row's cells only when it is
   * sampled. A kept row replacing an older one starts with every cell missing.
   */
  offer(): number {
    this.seenRows += 1;
    if (this.filled < this.capacity) {
      this.filled += 1;
      return this.filled - 1;
    }
    if (this.seenRows !== this.nextIndex) return -1;
    return this.replace();
  }

  /**
   * Offers `count` rows at once, as `count` calls of {@link offer} would (the same rows kept at the
   * same positions), but jumping over the skipped rows instead of visiting them: past its first
   * `capacity` rows a window keeps fewer and fewer (about capacity × ln(rows / capacity) more in
   * all). Writes the rows kept (numbered from `firstRow`) and their positions
   * to `kept`, which it clears first.
   */
  offerRows(count: number, firstRow: number, kept: KeptRows): void {
    kept.clear();
    let row = firstRow;
    const end = firstRow + count;
    while (row < end && this.filled < this.capacity) {
      this.seenRows += 1;
      kept.push(row, this.filled);
      this.filled += 1;
      row += 1;
    }
    while (row < end) {
      const remaining = end - row;
      // The row that brings `seen` to `nextIndex` is kept; a state where it is already behind
      // (never written by this class) keeps nothing more, as `offer` would.
      const gap = this.nextIndex - this.seenRows;
      if (!(gap >= 1 && gap <= remaining)) {
        this.seenRows += remaining;
        break;
      }
      this.seenRows += gap;
      row += gap;
      kept.push(row - 1, this.replace());
    }
  }

  // Keeps the current row in place of a random kept one, and draws the next row to keep.
  private replace(): number {
    const position = this.random.nextInt(this.capacity);
    for (const store of this.stores) {
      if (store === undefined) continue;
      if (store instanceof Float64Array) store[position] = Number.NaN;
      else store[position] = null;
    }
    this.weight *= Math.exp(Math.log(this.random.next()) / this.capacity);
    this.nextIndex += this.skip();
    return position;
  }

  /**
   * The store of a column, ready to take a number at `position` (a typed store of at least
   * `position + 1` rows, or a plain one); undefined when the column holds other values.
   */
  numericStore(slot: number, position: number): Float64Array | undefined {
    let store = this.stores[slot];
    if (store === undefined) {
      store = new Float64Array(Math.min(this.capacity, Math.max(this.expectedRows, position + 1)));
      store.fill(Number.NaN);
      this.stores[slot] = store;
    } else if (!(store instanceof Float64Array)) {
      return undefined;
    } else if (store.length <= position) {
      const grown = new Float64Array(
        Math.min(this.capacity, Math.max(2 * store.length, position + 1)),
      );
      grown.fill(Number.NaN, store.length);
      grown.set(store);
      this.stores[slot] = grown;
      store = grown;
    }
    return store;
  }

  /** Writes a cell of a kept row (undefined and NaN are stored as missing). */
  set(slot: number, position: number, value: CellValue | undefined): void {
    if (value === undefined || value === null || Number.isNaN(value)) {
      const store = this.stores[slot];
      if (store === undefined) return;
      if (store instanceof Float64Array) {
        if (position < store.length) store[position] = Number.NaN;
      } else store[position] = null;
      return;
    }
    if (typeof value === 'number') {
      const numeric = this.numericStore(slot, position);
      if (numeric) {
        numeric[position] = value;
        return;
      }
    }
    this.plainStore(slot)[position] = value;
  }

  // Turns a column into plain cells (when a non-number arrives), keeping what it held.
  private plainStore(slot: number): CellValue[] {
    const store = this.stores[slot];
    if (Array.isArray(store)) return store;
    const plain: CellValue[] = new Array(this.capacity).fill(null);
    if (store) {
      for (let index = 0; index < store.length; index++) {
        const value = store[index] as number;
        if (!Number.isNaN(value)) plain[index] = value;
      }
    }
    this.stores[slot] = plain;
    return plain;
  }

  /** The store of a column (rows beyond its length, or without a store, are missing). */
  store(slot: number): ColumnStore | undefined {
    return this.stores[slot];
  }

  /** A cell of a kept row (null when missing). */
  get(slot: number, position: number): CellValue {
    const store = this.stores[slot];
    if (store === undefined) return null;
    const value = store[position];
    if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
    return value;
  }

  /** The kept rows column by column, for the named columns at their slots. */
  sampleColumns(columns: readonly { name: string; slot: number }[]): Record<string, CellValue[]> {
    const out: Record<string, CellValue[]> = {};
    for (const { name, slot } of columns) {
      out[name] = Array.from({ length: this.filled }, (_, position) => this.get(slot, position));
    }
    return out;
  }

  /** A plain-data snapshot for checkpoints, cells aligned with `columns`. */
  toState(columns: readonly { name: string; slot: number }[]): RowReservoirState {
    return {
      capacity: this.capacity,
      seen: this.seenRows,
      columns: columns.map(column => column.name),
      kept: this.filled,
      cells: columns.map(column => storeColumn(this.stores[column.slot] ?? [], this.filled)),
      random: this.random.state,
      weight: this.weight,
      nextIndex: this.nextIndex,
    };
  }
}

// Slots by order of first sight, for a reservoir used on its own.
function defaultSlots(): (name: string) => number {
  const slots = new Map<string, number>();
  return name => {
    let slot = slots.get(name);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(name, slot);
    }
    return slot;
  };
}

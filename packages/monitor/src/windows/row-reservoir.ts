import type { CellValue } from '../features/cell-value';
import { SeededRandom } from './seeded-random';

/** A serialisable snapshot of a {@link RowReservoir}. */
export interface RowReservoirState {
  capacity: number;
  seen: number;
  columns: string[];
  rows: CellValue[][];
  random: number;
  weight: number;
  nextIndex: number;
}

/**
 * A uniform sample of at most `capacity` rows of a stream (Li's Algorithm L: it draws random
 * numbers only for the rows it keeps, so most rows cost one comparison). Memory is bounded by
 * `capacity × columns` whatever the traffic. Rows are stored row-major against a column list that
 * grows when a new column appears; a short row reads as missing in the later columns.
 */
export class RowReservoir {
  readonly capacity: number;
  private seenRows: number;
  private readonly columnNames: string[];
  private readonly columnIndex = new Map<string, number>();
  private readonly rows: CellValue[][];
  private readonly random: SeededRandom;
  private weight: number;
  private nextIndex: number;

  constructor(capacity: number, seed: number, state?: RowReservoirState) {
    this.capacity = state?.capacity ?? capacity;
    this.seenRows = state?.seen ?? 0;
    this.columnNames = state ? [...state.columns] : [];
    this.columnNames.forEach((name, index) => {
      this.columnIndex.set(name, index);
    });
    this.rows = state ? state.rows.map(row => [...row]) : [];
    this.random = new SeededRandom(state?.random ?? seed);
    if (state) {
      this.weight = state.weight;
      this.nextIndex = state.nextIndex;
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

  /** Column names, in order of first appearance. */
  get columns(): readonly string[] {
    return this.columnNames;
  }

  /** Index of `name` in every row, registering the column on first sight. */
  columnSlot(name: string): number {
    let slot = this.columnIndex.get(name);
    if (slot === undefined) {
      slot = this.columnNames.length;
      this.columnNames.push(name);
      this.columnIndex.set(name, slot);
    }
    return slot;
  }

  /**
   * Offers the next row; returns the array to fill (indexed by {@link columnSlot}) when the row is
   * kept, or undefined when it is skipped, so callers build a row only when it is sampled.
   */
  offer(): CellValue[] | undefined {
    this.seenRows += 1;
    if (this.rows.length < this.capacity) {
      const row: CellValue[] = [];
      this.rows.push(row);
      return row;
    }
    if (this.seenRows !== this.nextIndex) return undefined;
    const slot = this.random.nextInt(this.capacity);
    const row: CellValue[] = [];
    this.rows[slot] = row;
    this.weight *= Math.exp(Math.log(this.random.next()) / this.capacity);
    this.nextIndex += this.skip();
    return row;
  }

  /** The kept rows (row-major, aligned with {@link columns}). */
  sampleRows(): readonly CellValue[][] {
    return this.rows;
  }

  /** The kept rows column by column; short rows read as null. */
  sampleColumns(): Record<string, CellValue[]> {
    const out: Record<string, CellValue[]> = {};
    this.columnNames.forEach((name, slot) => {
      out[name] = this.rows.map(row => row[slot] ?? null);
    });
    return out;
  }

  /** A plain-data snapshot for checkpoints. */
  toState(): RowReservoirState {
    return {
      capacity: this.capacity,
      seen: this.seenRows,
      columns: [...this.columnNames],
      rows: this.rows.map(row => Array.from(row, value => value ?? null)),
      random: this.random.state,
      weight: this.weight,
      nextIndex: this.nextIndex,
    };
  }
}

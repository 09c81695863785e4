import type { CellValue } from '../features/cell-value';
import { type ColumnDomain, isOutOfDomain } from '../features/column-domain';
import type { PayloadRows } from '../features/payload-rows';
import { RowReservoir, type RowReservoirState } from './row-reservoir';

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

/**
 * The traffic of one window (or one pane of a sliding window) held in bounded memory: exact row,
 * missing and out-of-domain counts per column, and a uniform row sample for drift and validation.
 */
export class WindowPane {
  readonly index: number;
  readonly startedAt: number;
  lastAt: number;
  rows: number;
  readonly present: Map<string, number>;
  readonly outOfDomain: Map<string, number>;
  readonly reservoir: RowReservoir;

  constructor(
    options: { index: number; startedAt: number; sampleSize: number; seed: number },
    private readonly domains: ReadonlyMap<string, ColumnDomain>,
    state?: WindowPaneState,
  ) {
    this.index = state?.index ?? options.index;
    this.startedAt = state?.startedAt ?? options.startedAt;
    this.lastAt = state?.lastAt ?? options.startedAt;
    this.rows = state?.rows ?? 0;
    this.present = new Map(Object.entries(state?.present ?? {}));
    this.outOfDomain = new Map(Object.entries(state?.outOfDomain ?? {}));
    this.reservoir = new RowReservoir(options.sampleSize, options.seed, state?.reservoir);
  }

  /** Adds rows `from` (inclusive) to `to` (exclusive) of a request. */
  add(batch: PayloadRows, from = 0, to = batch.ids.length): void {
    const count = to - from;
    if (count <= 0) return;
    // Rows the reservoir keeps; most rows of a large window are not kept and cost nothing here.
    let kept: { row: number; target: CellValue[] }[] | undefined;
    for (let row = 0; row < count; row += 1) {
      const target = this.reservoir.offer();
      if (target) (kept ??= []).push({ row, target });
    }
    for (const [name, view] of batch.columns) {
      const slot = this.reservoir.columnSlot(name);
      const domain = this.domains.get(name);
      const { data, stride } = view;
      const start = view.offset + from * stride;
      const end = start + count * stride;
      let present = 0;
      let outside = 0;
      // Hot loops, specialised by domain kind: missing is null, undefined or NaN.
      if (domain?.kind === 'range') {
        const { min, max } = domain;
        for (let index = start; index < end; index += stride) {
          const value = data[index];
          if (value === null || value === undefined || Number.isNaN(value)) continue;
          present += 1;
          if (typeof value !== 'number' || value < min || value > max) outside += 1;
        }
      } else {
        for (let index = start; index < end; index += stride) {
          const value = data[index];
          if (value === null || value === undefined || Number.isNaN(value)) continue;
          present += 1;
          if (domain && isOutOfDomain(domain, value)) outside += 1;
        }
      }
      if (kept) {
        for (const { row, target } of kept) {
          const value = data[start + row * stride];
          target[slot] =
            value === undefined || (typeof value === 'number' && Number.isNaN(value))
              ? null
              : value;
        }
      }
      this.present.set(name, (this.present.get(name) ?? 0) + present);
      if (outside > 0) this.outOfDomain.set(name, (this.outOfDomain.get(name) ?? 0) + outside);
    }
    this.rows += count;
    if (batch.receivedAt > this.lastAt) this.lastAt = batch.receivedAt;
  }

  /** A plain-data snapshot for checkpoints. */
  toState(): WindowPaneState {
    return {
      index: this.index,
      startedAt: this.startedAt,
      lastAt: this.lastAt,
      rows: this.rows,
      present: Object.fromEntries(this.present),
      outOfDomain: Object.fromEntries(this.outOfDomain),
      reservoir: this.reservoir.toState(),
    };
  }
}

import type { CellValue } from '../features/cell-value';
import type { ColumnRegistry } from '../features/column-registry';
import { SeededRandom } from './seeded-random';
import type { WindowPane } from './window-pane';

/**
 * A column of a window's sample: numbers in a Float64Array (NaN is missing), or plain cells
 * (null is missing) when the column holds other values or nothing at all.
 */
export type SampleColumn = Float64Array | CellValue[];

/** Data quality of one column over a window. */
export interface ColumnQuality {
  /** Column name. */
  column: string;
  /** Rows in the window. */
  rows: number;
  /** Rows where the column was null, NaN or absent. */
  missing: number;
  /** `missing / rows` (0 for an empty window). */
  missingShare: number;
  /** Present values outside the reference range or category set. */
  outOfDomain: number;
  /** `outOfDomain / (rows - missing)` (0 when nothing is present). */
  outOfDomainShare: number;
}

/** A closed window, ready to be compared with the reference. */
export interface ClosedWindow {
  /** Sequence number of the window, from 0, kept across restarts. */
  index: number;
  /** Epoch milliseconds of the window start (first row, or the time slot's start). */
  start: number;
  /** Epoch milliseconds of the last row (or the time slot's end). */
  end: number;
  /** Rows in the window. */
  rows: number;
  /** The uniform row sample, column by column. */
  sample: Record<string, SampleColumn>;
  /** Rows in the sample. */
  sampleRows: number;
  /** Quality per column: every reference column, then any new column. */
  quality: ColumnQuality[];
}

// Positions of `take` rows of a pane's sample (all of them, in order, when it has no more).
function paneSample(pane: WindowPane, take: number, random: SeededRandom): number[] | undefined {
  const size = pane.reservoir.size;
  if (take >= size) return undefined;
  // A partial Fisher-Yates draw: `take` distinct rows of a uniform sample stay uniform.
  const order = Array.from({ length: size }, (_, index) => index);
  for (let index = 0; index < take; index += 1) {
    const swap = index + random.nextInt(order.length - index);
    [order[index], order[swap]] = [order[swap] as number, order[index] as number];
  }
  return order.slice(0, take);
}

/** The value at `position` of a sample column, null when missing. */
export function sampleCell(column: SampleColumn, position: number): CellValue {
  const value = column[position];
  if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) return null;
  return value;
}

// Rows to take from each pane: proportional to its rows (largest remainders), at most what the
// pane kept, summing to the sample size when the panes hold enough.
function sampleQuotas(panes: readonly WindowPane[], rows: number, sampleSize: number): number[] {
  const kept = panes.map(pane => pane.reservoir.size);
  if (panes.length === 1) return kept;
  const target = Math.min(
    sampleSize,
    kept.reduce((sum, count) => sum + count, 0),
  );
  const exact = panes.map(pane => (target * pane.rows) / Math.max(rows, 1));
  const quotas = exact.map((share, index) => Math.min(Math.floor(share), kept[index] as number));
  let missing = target - quotas.reduce((sum, count) => sum + count, 0);
  const order = exact
    .map((share, index) => ({ index, remainder: share - Math.floor(share) }))
    .sort((left, right) => right.remainder - left.remainder);
  while (missing > 0) {
    let progressed = false;
    for (const { index } of order) {
      if (missing === 0) break;
      if ((quotas[index] as number) < (kept[index] as number)) {
        quotas[index] = (quotas[index] as number) + 1;
        missing -= 1;
        progressed = true;
      }
    }
    if (!progressed) break;
  }
  return quotas;
}

interface PanePick {
  pane: WindowPane;
  /** Positions in the pane's sample, or undefined for all of them in order. */
  positions: number[] | undefined;
  count: number;
}

// One column of the window's sample, gathered from the panes' picks: typed while every pane
// holds the column as numbers, plain cells otherwise; plain nulls when nothing is present (as
// a column never seen), so its type is not guessed from an empty column.
function gatherColumn(slot: number, picks: readonly PanePick[], total: number): SampleColumn {
  let numeric = true;
  for (const { pane } of picks) {
    const store = pane.reservoir.store(slot);
    if (store !== undefined && !(store instanceof Float64Array)) numeric = false;
  }
  if (numeric) {
    const out = new Float64Array(total);
    let offset = 0;
    let present = false;
    for (const { pane, positions, count } of picks) {
      const store = pane.reservoir.store(slot) as Float64Array | undefined;
      if (store === undefined) out.fill(Number.NaN, offset, offset + count);
      else if (positions === undefined) {
        const available = Math.min(count, store.length);
        out.set(store.subarray(0, available), offset);
        out.fill(Number.NaN, offset + available, offset + count);
      } else {
        for (let index = 0; index < count; index += 1) {
          const position = positions[index] as number;
          out[offset + index] = position < store.length ? (store[position] as number) : Number.NaN;
        }
      }
      offset += count;
    }
    for (let index = 0; index < total && !present; index += 1) {
      if (!Number.isNaN(out[index] as number)) present = true;
    }
    return present ? out : new Array<CellValue>(total).fill(null);
  }
  const out: CellValue[] = [];
  for (const { pane, positions, count } of picks) {
    for (let index = 0; index < count; index += 1) {
      out.push(
        pane.reservoir.get(slot, positions === undefined ? index : (positions[index] as number)),
      );
    }
  }
  return out;
}

/**
 * Joins the panes of a window into one closed window: counts add up, and the sample takes from
 * each pane in proportion to its rows, so it stays a uniform sample of the whole window.
 */
export function closeWindow(
  index: number,
  panes: readonly WindowPane[],
  registry: ColumnRegistry,
  options: { sampleSize: number; seed: number; expectedColumns: readonly string[]; end?: number },
): ClosedWindow {
  const rows = panes.reduce((sum, pane) => sum + pane.rows, 0);
  const random = new SeededRandom(options.seed ^ index);
  const columns: string[] = [...options.expectedColumns];
  const seen = new Set(columns);
  for (const pane of panes) {
    for (const { name } of pane.columns) {
      if (!seen.has(name)) {
        seen.add(name);
        columns.push(name);
      }
    }
  }
  const quotas = sampleQuotas(panes, rows, options.sampleSize);
  const picks: PanePick[] = panes.map((pane, paneIndex) => {
    const positions = paneSample(pane, quotas[paneIndex] as number, random);
    return { pane, positions, count: positions?.length ?? pane.reservoir.size };
  });
  const sampleRows = picks.reduce((sum, pick) => sum + pick.count, 0);
  const sample: Record<string, SampleColumn> = {};
  const quality = columns.map(column => {
    const slot = registry.slot(column);
    sample[column] = gatherColumn(slot, picks, sampleRows);
    const present = panes.reduce((sum, pane) => sum + pane.present(slot), 0);
    const outOfDomain = panes.reduce((sum, pane) => sum + pane.outOfDomain(slot), 0);
    const missing = rows - present;
    return {
      column,
      rows,
      missing,
      missingShare: rows === 0 ? 0 : missing / rows,
      outOfDomain,
      outOfDomainShare: present === 0 ? 0 : outOfDomain / present,
    };
  });
  const first = panes[0];
  return {
    index,
    start: first ? first.startedAt : 0,
    end: options.end ?? Math.max(0, ...panes.map(pane => pane.lastAt)),
    rows,
    sample,
    sampleRows,
    quality,
  };
}

import type { CellValue } from '../features/cell-value';
import { SeededRandom } from './seeded-random';
import type { WindowPane } from './window-pane';

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
  sample: Record<string, CellValue[]>;
  /** Rows in the sample. */
  sampleRows: number;
  /** Quality per column: every reference column, then any new column. */
  quality: ColumnQuality[];
}

function paneSample(pane: WindowPane, take: number, random: SeededRandom): CellValue[][] {
  const rows = pane.reservoir.sampleRows();
  if (take >= rows.length) return [...rows];
  // A partial Fisher-Yates draw: `take` distinct rows of a uniform sample stay uniform.
  const order = rows.map((_, index) => index);
  for (let index = 0; index < take; index += 1) {
    const swap = index + random.nextInt(order.length - index);
    [order[index], order[swap]] = [order[swap] as number, order[index] as number];
  }
  return order.slice(0, take).map(index => rows[index] as CellValue[]);
}

// Rows to take from each pane: proportional to its rows (largest remainders), at most what the
// pane kept, summing to the sample size when the panes hold enough.
function sampleQuotas(panes: readonly WindowPane[], rows: number, sampleSize: number): number[] {
  const kept = panes.map(pane => pane.reservoir.sampleRows().length);
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

/**
 * Joins the panes of a window into one closed window: counts add up, and the sample takes from
 * each pane in proportion to its rows, so it stays a uniform sample of the whole window.
 */
export function closeWindow(
  index: number,
  panes: readonly WindowPane[],
  options: { sampleSize: number; seed: number; expectedColumns: readonly string[]; end?: number },
): ClosedWindow {
  const rows = panes.reduce((sum, pane) => sum + pane.rows, 0);
  const random = new SeededRandom(options.seed ^ index);
  const columns: string[] = [...options.expectedColumns];
  const seen = new Set(columns);
  for (const pane of panes) {
    for (const name of pane.reservoir.columns) {
      if (!seen.has(name)) {
        seen.add(name);
        columns.push(name);
      }
    }
  }
  const sample: Record<string, CellValue[]> = Object.fromEntries(columns.map(name => [name, []]));
  const quotas = sampleQuotas(panes, rows, options.sampleSize);
  let sampleRows = 0;
  panes.forEach((pane, paneIndex) => {
    const picked = paneSample(pane, quotas[paneIndex] as number, random);
    const slots = pane.reservoir.columns;
    for (const name of columns) {
      const slot = slots.indexOf(name);
      const target = sample[name] as CellValue[];
      for (const row of picked) target.push(slot < 0 ? null : (row[slot] ?? null));
    }
    sampleRows += picked.length;
  });
  const quality = columns.map(column => {
    const present = panes.reduce((sum, pane) => sum + (pane.present.get(column) ?? 0), 0);
    const outOfDomain = panes.reduce((sum, pane) => sum + (pane.outOfDomain.get(column) ?? 0), 0);
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

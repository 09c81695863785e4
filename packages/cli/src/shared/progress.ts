import type { CliContext } from './context';

/** A progress line: drawn on stderr, and only when stdout is a terminal. */
export interface Progress {
  /** Adds `rows` to the count and redraws at most every 100 ms. */
  advance(rows: number): void;
  /** Clears the line. */
  done(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Rows the input holds, when known up front (exact or estimated): enables the ETA. */
  totalRows?: number;
  /** Milliseconds since some fixed point (default `Date.now`); tests pass their own clock. */
  now?: () => number;
}

/** What one redraw knows. */
export interface ProgressState {
  /** Rows read so far. */
  rows: number;
  /** Milliseconds since reading started. */
  elapsedMs: number;
  /** Rows the input holds, when known. */
  totalRows?: number;
}

const silent: Progress = { advance() {}, done() {} };

/** A duration for the ETA: `45s`, `3m05s`, `2h07m` (rounded up, so it never shows 0 too early). */
export function formatEta(seconds: number): string {
  const total = Math.max(Math.ceil(seconds), 0);
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m${String(total % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/**
 * Seconds left at the current rate, or `undefined` when it cannot be told: no total, no rows
 * yet, or no time elapsed. Past an estimated total it says 0 rather than a negative time.
 */
export function etaSeconds(state: ProgressState): number | undefined {
  const { rows, elapsedMs, totalRows } = state;
  if (totalRows === undefined || rows <= 0 || elapsedMs <= 0) return undefined;
  const rate = rows / (elapsedMs / 1000);
  return Math.max(totalRows - rows, 0) / rate;
}

/** The text of the line: `label: 120,000 rows, 85,000 rows/s, ETA 3s` (ETA only with a total). */
export function formatProgressLine(label: string, state: ProgressState): string {
  const seconds = Math.max(state.elapsedMs / 1000, 1e-3);
  const rate = state.rows / seconds;
  const eta = etaSeconds(state);
  return `${label}: ${state.rows.toLocaleString('en-US')} rows, ${Math.round(rate).toLocaleString('en-US')} rows/s${eta === undefined ? '' : `, ETA ${formatEta(eta)}`}`;
}

/**
 * A progress line (`reading current.parquet: 120,000 rows, 85,000 rows/s, ETA 3s`) when stdout
 * and stderr are attached to a terminal; a no-op otherwise, so pipes and CI logs stay clean.
 * The ETA needs `totalRows`; without it only the count and the rate are shown.
 */
export function createProgress(
  context: CliContext,
  label: string,
  options: ProgressOptions = {},
): Progress {
  if (!context.stdout.isTTY || !context.stderr.isTTY) return silent;
  const now = options.now ?? Date.now;
  const started = now();
  let rows = 0;
  let drawn: number | undefined;
  return {
    advance(count) {
      rows += count;
      const at = now();
      if (drawn !== undefined && at - drawn < 100) return;
      drawn = at;
      const state: ProgressState = { rows, elapsedMs: at - started };
      if (options.totalRows !== undefined) state.totalRows = options.totalRows;
      context.stderr.write(`\r\x1b[2K${formatProgressLine(label, state)}`);
    },
    done() {
      if (drawn !== undefined) context.stderr.write('\r\x1b[2K');
    },
  };
}

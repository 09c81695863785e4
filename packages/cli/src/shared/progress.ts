import type { CliContext } from './context';

/** A progress line: drawn on stderr, and only when stdout is a terminal. */
export interface Progress {
  /** Adds `rows` to the count and redraws at most every 100 ms. */
  advance(rows: number): void;
  /** Clears the line. */
  done(): void;
}

const silent: Progress = { advance() {}, done() {} };

/**
 * A progress line (`reading current.parquet: 120,000 rows, 85,000 rows/s, ETA 3s`) when stdout
 * is attached to a terminal; a no-op otherwise, so pipes and CI logs stay clean. The ETA needs
 * `totalRows`; without it only the count and the rate are shown.
 */
export function createProgress(context: CliContext, label: string, totalRows?: number): Progress {
  if (!context.stdout.isTTY || !context.stderr.isTTY) return silent;
  const started = Date.now();
  let rows = 0;
  let drawn = 0;
  return {
    advance(count) {
      rows += count;
      const now = Date.now();
      if (now - drawn < 100) return;
      drawn = now;
      const seconds = Math.max((now - started) / 1000, 1e-3);
      const rate = rows / seconds;
      const eta =
        totalRows !== undefined && rate > 0
          ? `, ETA ${Math.ceil(Math.max(totalRows - rows, 0) / rate)}s`
          : '';
      context.stderr.write(
        `\r\x1b[2K${label}: ${rows.toLocaleString('en-US')} rows, ${Math.round(rate).toLocaleString('en-US')} rows/s${eta}`,
      );
    },
    done() {
      if (drawn > 0) context.stderr.write('\r\x1b[2K');
    },
  };
}

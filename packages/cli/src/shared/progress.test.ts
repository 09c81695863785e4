import { describe, expect, it } from 'vitest';
import { createProgress, etaSeconds, formatEta, formatProgressLine } from './progress';

const terminal = () => {
  const written: string[] = [];
  return {
    written,
    context: {
      cwd: '.',
      env: {},
      stdout: { write: () => true, isTTY: true },
      stderr: { write: (text: string) => written.push(text), isTTY: true },
    },
  };
};

describe('formatEta', () => {
  it('shows seconds, minutes and hours, rounded up', () => {
    expect(formatEta(0)).toBe('0s');
    expect(formatEta(2.1)).toBe('3s');
    expect(formatEta(59)).toBe('59s');
    expect(formatEta(60)).toBe('1m00s');
    expect(formatEta(185)).toBe('3m05s');
    expect(formatEta(3600 + 7 * 60 + 30)).toBe('1h07m');
    expect(formatEta(-5)).toBe('0s');
  });
});

describe('etaSeconds', () => {
  it('is the remaining rows at the rate so far', () => {
    // 1,000 rows in 2 s: 500 rows/s, 4,000 left.
    expect(etaSeconds({ rows: 1000, elapsedMs: 2000, totalRows: 5000 })).toBe(8);
  });

  it('is undefined without a total, rows or elapsed time, and 0 past an estimated total', () => {
    expect(etaSeconds({ rows: 1000, elapsedMs: 2000 })).toBeUndefined();
    expect(etaSeconds({ rows: 0, elapsedMs: 2000, totalRows: 10 })).toBeUndefined();
    expect(etaSeconds({ rows: 10, elapsedMs: 0, totalRows: 10 })).toBeUndefined();
    expect(etaSeconds({ rows: 120, elapsedMs: 1000, totalRows: 100 })).toBe(0);
  });
});

describe('formatProgressLine', () => {
  it('adds the ETA only when the total is known', () => {
    expect(formatProgressLine('reading a.arrow', { rows: 120_000, elapsedMs: 1500 })).toBe(
      'reading a.arrow: 120,000 rows, 80,000 rows/s',
    );
    expect(
      formatProgressLine('reading a.arrow', { rows: 120_000, elapsedMs: 1500, totalRows: 400_000 }),
    ).toBe('reading a.arrow: 120,000 rows, 80,000 rows/s, ETA 4s');
  });
});

describe('createProgress', () => {
  it('draws with the ETA on the injected clock, at most every 100 ms, and clears when done', () => {
    let clock = 1_000;
    const { context, written } = terminal();
    const progress = createProgress(context, 'reading a.csv', {
      totalRows: 1_000,
      now: () => clock,
    });
    clock += 1_000;
    progress.advance(100);
    clock += 50;
    progress.advance(100); // within 100 ms of the last draw: skipped
    clock += 950;
    progress.advance(200);
    progress.done();
    expect(written).toEqual([
      '\r\x1b[2Kreading a.csv: 100 rows, 100 rows/s, ETA 9s',
      '\r\x1b[2Kreading a.csv: 400 rows, 200 rows/s, ETA 3s',
      '\r\x1b[2K',
    ]);
  });

  it('draws nothing off a terminal', () => {
    const { context, written } = terminal();
    const progress = createProgress(
      { ...context, stdout: { write: () => true, isTTY: false } },
      'reading a.csv',
      { totalRows: 10, now: () => 0 },
    );
    progress.advance(5);
    progress.done();
    expect(written).toEqual([]);
  });
});

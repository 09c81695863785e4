import { recordsToTable } from '@ballast/data-validation';
import { describe, expect, it } from 'vitest';
import { compareWindow, prepareReference, windowDriftMethods } from './compare-window';

function normal(seed: number, count: number, mean: number): number[] {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return (state + 1) / 2_147_483_649;
  };
  return Array.from(
    { length: count },
    () => mean + Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next()),
  );
}

describe('compareWindow', () => {
  const reference = prepareReference({
    temp: normal(1, 3000, 0),
    city: Array.from({ length: 3000 }, (_, index) => (index % 3 === 0 ? 'a' : 'b')),
  });

  it('profiles a reference given as columns and passes a profile through', () => {
    expect(reference.kind).toBe('DatasetProfile');
    expect(prepareReference(reference)).toEqual(reference);
    expect(windowDriftMethods).toContain('psi');
  });

  it('reports no drift for the same distribution and drift for a shifted one', () => {
    const city = Array.from({ length: 1000 }, (_, index) => (index % 3 === 0 ? 'a' : 'b'));
    const same = compareWindow(reference, { temp: normal(2, 1000, 0), city });
    expect(same.kind).toBe('DriftReport');
    expect(same.columns.map(column => column.drifted)).toEqual([false, false]);
    const shifted = compareWindow(reference, { temp: normal(3, 1000, 1), city });
    expect(shifted.columns.find(column => column.column === 'temp')?.drifted).toBe(true);
  });

  it('profiles a reference given as an Arrow table', () => {
    const table = recordsToTable(
      Array.from({ length: 200 }, (_, index) => ({
        temp: index / 10,
        city: index % 2 ? 'a' : 'b',
      })),
    );
    const fromTable = prepareReference(table);
    expect(fromTable.rowCount).toBe(200);
    expect(fromTable.columns.map(column => column.name)).toEqual(['temp', 'city']);
  });

  it('handles a column that is missing in the whole window', () => {
    const report = compareWindow(reference, {
      temp: Array(50).fill(null),
      city: Array(50).fill('a'),
    });
    expect(report.columns).toHaveLength(2);
  });
});

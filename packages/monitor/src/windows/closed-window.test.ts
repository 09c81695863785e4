import { describe, expect, it } from 'vitest';
import type { PayloadRows } from '../features/payload-rows';
import { closeWindow } from './closed-window';
import { WindowPane } from './window-pane';

function rows(values: (number | null)[], city: string[]): PayloadRows {
  return {
    ids: values.map((_, index) => `r${index}`),
    receivedAt: 1000,
    columns: new Map([
      ['x', { data: values, offset: 0, stride: 1 }],
      ['city', { data: city, offset: 0, stride: 1 }],
    ]),
  };
}

const domains = new Map([
  ['x', { kind: 'range' as const, min: 0, max: 10 }],
  ['city', { kind: 'categories' as const, values: new Set(['a', 'b']) }],
]);

describe('closeWindow', () => {
  it('counts missing and out-of-domain values exactly and lists unseen reference columns', () => {
    const pane = new WindowPane({ index: 0, startedAt: 0, sampleSize: 2, seed: 1 }, domains);
    pane.add(rows([1, null, 11, Number.NaN], ['a', 'c', 'b', 'a']));
    const closed = closeWindow(0, [pane], {
      sampleSize: 2,
      seed: 1,
      expectedColumns: ['x', 'wind'],
    });
    expect(closed.rows).toBe(4);
    expect(closed.sampleRows).toBe(2);
    expect(closed.quality).toEqual([
      {
        column: 'x',
        rows: 4,
        missing: 2,
        missingShare: 0.5,
        outOfDomain: 1,
        outOfDomainShare: 0.5,
      },
      { column: 'wind', rows: 4, missing: 4, missingShare: 1, outOfDomain: 0, outOfDomainShare: 0 },
      {
        column: 'city',
        rows: 4,
        missing: 0,
        missingShare: 0,
        outOfDomain: 1,
        outOfDomainShare: 0.25,
      },
    ]);
    expect(closed.sample.wind).toEqual([null, null]);
  });

  it('samples panes in proportion to their rows and survives a checkpoint round trip', () => {
    const a = new WindowPane({ index: 0, startedAt: 0, sampleSize: 100, seed: 1 }, domains);
    a.add(
      rows(
        Array.from({ length: 300 }, () => 1),
        Array(300).fill('a'),
      ),
    );
    const b = new WindowPane({ index: 1, startedAt: 5, sampleSize: 100, seed: 2 }, domains);
    b.add(
      rows(
        Array.from({ length: 100 }, () => 2),
        Array(100).fill('b'),
      ),
    );
    const restored = new WindowPane(
      { index: 0, startedAt: 0, sampleSize: 100, seed: 1 },
      domains,
      JSON.parse(JSON.stringify(a.toState())),
    );
    const closed = closeWindow(3, [restored, b], { sampleSize: 100, seed: 9, expectedColumns: [] });
    expect(closed.rows).toBe(400);
    const ones = (closed.sample.x as number[]).filter(value => value === 1).length;
    expect(ones).toBe(75);
    expect(closed.sampleRows).toBe(100);
  });
});

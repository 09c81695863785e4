import { describe, expect, it } from 'vitest';
import { ColumnRegistry } from '../features/column-registry';
import type { PayloadRows } from '../features/payload-rows';
import { closeWindow, sampleCell, type SampleColumn } from './closed-window';

const plain = (column: SampleColumn) => Array.from(column, (_, row) => sampleCell(column, row));
import { WindowPane } from './window-pane';

const x = ['x'];
const cityNames = ['city'];

function rows(values: (number | null)[], city: string[]): PayloadRows {
  return {
    requestId: 'r',
    count: values.length,
    receivedAt: 1000,
    tensors: [
      { data: values, width: 1, names: x },
      { data: city, width: 1, names: cityNames },
    ],
  };
}

const domainMap = new Map([
  ['x', { kind: 'range' as const, min: 0, max: 10 }],
  ['city', { kind: 'categories' as const, values: new Set(['a', 'b']) }],
]);
const domains = new ColumnRegistry(domainMap, ['x', 'wind']);

describe('closeWindow', () => {
  it('counts missing and out-of-domain values exactly and lists unseen reference columns', () => {
    const pane = new WindowPane({ index: 0, startedAt: 0, sampleSize: 2, seed: 1 }, domains);
    pane.add(rows([1, null, 11, Number.NaN], ['a', 'c', 'b', 'a']));
    const closed = closeWindow(0, [pane], domains, {
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
    const closed = closeWindow(3, [restored, b], domains, {
      sampleSize: 100,
      seed: 9,
      expectedColumns: [],
    });
    expect(closed.rows).toBe(400);
    const ones = [...(closed.sample.x as Float64Array)].filter(value => value === 1).length;
    expect(ones).toBe(75);
    expect(closed.sampleRows).toBe(100);
  });

  it('lets a later tensor win a column name given twice, counting it once', () => {
    const registry = new ColumnRegistry(domainMap, ['x']);
    const pane = new WindowPane({ index: 0, startedAt: 0, sampleSize: 10, seed: 1 }, registry);
    pane.add({
      requestId: 'r',
      count: 3,
      receivedAt: 0,
      tensors: [
        { data: [1, 2, 3, 4, 5, 6], width: 2, names: ['x', 'other'] },
        { data: [null, 7, 20], width: 1, names: ['x'] },
      ],
    });
    const closed = closeWindow(0, [pane], registry, {
      sampleSize: 10,
      seed: 1,
      expectedColumns: ['x'],
    });
    expect(Object.keys(closed.sample)).toEqual(['x', 'other']);
    expect(plain(closed.sample.x as Float64Array)).toEqual([null, 7, 20]);
    expect(plain(closed.sample.other as Float64Array)).toEqual([2, 4, 6]);
    expect(closed.quality[0]).toMatchObject({ column: 'x', rows: 3, missing: 1, outOfDomain: 1 });
  });

  it('joins a numeric pane and a pane holding strings into plain cells', () => {
    const registry = new ColumnRegistry(domainMap, []);
    const numbers = new WindowPane({ index: 0, startedAt: 0, sampleSize: 5, seed: 1 }, registry);
    numbers.add(rows([1, Number.NaN], ['a', 'b']));
    const strings = new WindowPane({ index: 1, startedAt: 0, sampleSize: 5, seed: 2 }, registry);
    strings.add({
      requestId: 's',
      count: 2,
      receivedAt: 0,
      tensors: [{ data: ['high', 3], width: 1, names: x }],
    });
    const closed = closeWindow(0, [numbers, strings], registry, {
      sampleSize: 5,
      seed: 1,
      expectedColumns: [],
    });
    expect(closed.sample.x).toEqual([1, null, 'high', 3]);
    expect(sampleCell(closed.sample.x as (string | number | null)[], 1)).toBeNull();
    expect(sampleCell(Float64Array.of(Number.NaN, 2), 0)).toBeNull();
    expect(sampleCell(Float64Array.of(Number.NaN, 2), 1)).toBe(2);
  });
});

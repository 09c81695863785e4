import type { ArrowDataLike, ArrowField, ArrowVectorLike, ColumnarBatch } from '@ballast/kit';
import { describe, expect, it } from 'vitest';
import { columnarBatchToArrow } from './columnar-to-arrow';

const text = (format: string) => ({ typeId: 5, format, toString: () => format });
const fields: ArrowField[] = [
  {
    name: 'code',
    type: { typeId: -1, format: 'i', dictionary: text('u'), toString: () => 'Dictionary<u>' },
    nullable: true,
  },
  { name: 'delay', type: { typeId: 2, format: 'l', toString: () => 'l' }, nullable: true },
];
const dictionary: ArrowVectorLike = {
  length: 2,
  data: [
    {
      typeId: 5,
      type: { typeId: 5 },
      length: 2,
      offset: 0,
      nullCount: 0,
      values: new TextEncoder().encode('LASATL'),
      valueOffsets: Int32Array.of(0, 3, 6),
    },
  ],
};
const batch = (indices: number[], delays: bigint[]): ColumnarBatch => ({
  numRows: indices.length,
  schema: { fields },
  columns: [
    {
      typeId: -1,
      type: { typeId: -1 },
      length: indices.length,
      offset: 0,
      nullCount: 0,
      values: Int32Array.from(indices),
      dictionary,
    } satisfies ArrowDataLike,
    {
      typeId: 2,
      type: { typeId: 2 },
      length: delays.length,
      offset: 0,
      nullCount: 0,
      values: BigInt64Array.from(delays),
    },
  ],
});

describe('kit batches as apache-arrow batches', () => {
  it('types them from kit’s fields and shares one dictionary vector per kit dictionary', () => {
    const first = columnarBatchToArrow(batch([0, 1, 1], [1n, -2n, 2n ** 60n]));
    const second = columnarBatchToArrow(batch([1], [5n]));
    expect(first.schema.fields.map(field => `${field.name}:${field.type}`)).toEqual([
      'code:Dictionary<Int32, Utf8>',
      'delay:Int64',
    ]);
    expect([...first.getChild('code')!]).toEqual(['LAS', 'ATL', 'ATL']);
    expect([...first.getChild('delay')!]).toEqual([1n, -2n, 2n ** 60n]);
    // The engine caches decoded entries and verdicts by this vector.
    expect(second.getChild('code')!.data[0]!.dictionary).toBe(
      first.getChild('code')!.data[0]!.dictionary,
    );
  });
});

import { type ArrowDataLike, type ArrowField, ArrowTypeId, columnarTable } from '@ballast/kit';
import { Int64, LargeUtf8, Table, TimestampMicrosecond, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../detect/detect-drift';
import { readTable } from './read-table';

function sides() {
  const make = (shift: bigint, labels: string[]) =>
    new Table({
      date: vectorFromArray(
        Array.from({ length: 1200 }, (_, index) => new Date(index * 1000)),
        new TimestampMicrosecond(),
      ),
      delay: vectorFromArray(
        Array.from({ length: 1200 }, (_, index) =>
          index % 7 === 0 ? null : BigInt(index % 50) + shift,
        ),
        new Int64(),
      ),
      origin: vectorFromArray(
        Array.from({ length: 1200 }, (_, index) => labels[index % labels.length] as string),
        new LargeUtf8(),
      ),
    });
  return [make(0n, ['JFK', 'LAX', 'SFO']), make(9n, ['JFK', 'LAX', 'ORD', 'ORD'])] as const;
}

/** The same table as kit's readers produce it: plain chunks, no apache-arrow classes. */
function asColumnar(table: ReturnType<typeof sides>[number]) {
  const fields: ArrowField[] = table.schema.fields.map(field => ({
    name: field.name,
    nullable: field.nullable,
    type: { typeId: field.type.typeId, format: '', toString: () => String(field.type) },
  }));
  return columnarTable(
    fields,
    table.batches.map(batch => ({
      numRows: batch.numRows,
      schema: { fields },
      columns: batch.schema.fields.map(
        (_, index) => batch.getChildAt(index)?.data[0] as unknown as ArrowDataLike,
      ),
    })),
  );
}

describe('readTable with kit columnar tables', () => {
  it('gives the same drift report as the apache-arrow table it mirrors', async () => {
    const [reference, current] = sides();
    const options = { columns: ['delay', 'origin'] };
    const fromArrow = await detectDrift(reference, current, options);
    const fromColumnar = await detectDrift(asColumnar(reference), asColumnar(current), options);
    expect(fromColumnar.columns).toEqual(fromArrow.columns);
    expect(fromColumnar.columns.map(column => column.method)).toEqual([
      'wasserstein',
      'jensenshannon',
    ]);
  });

  it('types columns by Arrow type id and names a timestamp column it cannot compare', () => {
    const [reference] = sides();
    const read = readTable(asColumnar(reference), 'reference', ['delay', 'origin']);
    expect([...read.columns.values()].map(column => column.featureType)).toEqual([
      'numeric',
      'categorical',
    ]);
    expect(() => readTable(asColumnar(reference), 'reference')).toThrowError(
      expect.objectContaining({
        code: 'COLUMN_TYPE_UNSUPPORTED',
        details: expect.objectContaining({ column: 'date' }),
      }),
    );
    expect(ArrowTypeId.Timestamp).toBe(10);
  });
});

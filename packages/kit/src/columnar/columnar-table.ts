import type { ArrowDataLike, ArrowVectorLike } from './arrow-data-like';
import type { ArrowField, ArrowFieldType } from './arrow-c-data';

/** One column of a {@link ColumnarTable}: its chunks and its type (shaped like an apache-arrow `Vector`). */
export interface ColumnarColumn extends ArrowVectorLike {
  readonly type: ArrowFieldType;
}

/** A record batch: one chunk per field. */
export interface ColumnarBatch {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly ArrowField[] };
  /** Chunks in field order. */
  readonly columns: readonly ArrowDataLike[];
}

/**
 * Columns read by kit's readers, shaped like an apache-arrow `Table` (`numRows`, `schema`,
 * `batches`, `getChild`) so Ballast's table inputs accept it as they accept Arrow tables.
 */
export interface ColumnarTable {
  readonly numRows: number;
  readonly schema: { readonly fields: readonly ArrowField[] };
  readonly batches: readonly ColumnarBatch[];
  /** The column named `name` over all batches, or null. */
  getChild(name: string): ColumnarColumn | null;
}

/** Builds a {@link ColumnarTable} from batches sharing `fields`. */
export function columnarTable(
  fields: readonly ArrowField[],
  batches: readonly ColumnarBatch[],
): ColumnarTable {
  let numRows = 0;
  for (const batch of batches) numRows += batch.numRows;
  return {
    numRows,
    schema: { fields },
    batches,
    getChild(name) {
      const index = fields.findIndex(field => field.name === name);
      if (index < 0) return null;
      return {
        type: (fields[index] as ArrowField).type,
        length: numRows,
        data: batches.map(batch => batch.columns[index] as ArrowDataLike),
      };
    },
  };
}

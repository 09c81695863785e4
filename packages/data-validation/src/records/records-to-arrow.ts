import { InvalidInputError } from '@ballast/contracts';
import {
  DataType,
  type Field,
  makeData,
  RecordBatch,
  type Schema,
  Struct,
  Table,
  tableFromJSON,
  vectorFromArray,
} from 'apache-arrow';

/**
 * Converts plain records to an Arrow table, inferring types with apache-arrow's
 * `tableFromJSON` (strings become dictionary-encoded, nested objects structs, arrays lists).
 * Keys absent from a record are null.
 *
 * @example
 * ```ts
 * const table = recordsToTable([{ id: 1, user: { country: 'FR' } }]);
 * ```
 */
export function recordsToTable(records: readonly Record<string, unknown>[]): Table {
  const keys = new Set<string>();
  for (const record of records) for (const key of Object.keys(record)) keys.add(key);
  const rows = records.map(record =>
    Object.fromEntries([...keys].map(key => [key, record[key] ?? null])),
  );
  let schema: Schema;
  try {
    schema = tableFromJSON(rows).schema;
  } catch (cause) {
    throw new InvalidInputError({
      code: 'UNSUPPORTED_RECORDS',
      message: `Records could not be converted to Arrow: ${(cause as Error).message}. Validate them with validateRecords() instead.`,
      details: { path: 'records' },
      cause,
    });
  }
  // apache-arrow infers one type per field and silently coerces values of other types, so
  // every value is checked against the inferred type.
  return new Table([recordsToBatch(rows, schema, 0)]);
}

/**
 * Whether a JSON value can be stored in a column of `type` without apache-arrow silently
 * coercing it (an object in a float column would become NaN, a string in an int column 0).
 */
function fitsType(value: unknown, type: DataType): boolean {
  if (value === null || value === undefined) return true;
  if (DataType.isDictionary(type)) return fitsType(value, type.dictionary);
  if (DataType.isInt(type) || DataType.isFloat(type))
    return typeof value === 'number' || typeof value === 'bigint';
  if (DataType.isBool(type)) return typeof value === 'boolean';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return typeof value === 'string';
  if (DataType.isTimestamp(type) || DataType.isDate(type))
    return value instanceof Date || typeof value === 'number';
  if (DataType.isList(type)) return Array.isArray(value);
  if (DataType.isStruct(type)) return typeof value === 'object' && !Array.isArray(value);
  return true;
}

/**
 * Builds one record batch from records with a fixed schema, so every batch of a stream has the
 * same types as the first one. A value that does not fit its column's type is an error naming
 * the row and the field.
 */
export function recordsToBatch(
  records: readonly Record<string, unknown>[],
  schema: Schema,
  firstRow: number,
): RecordBatch {
  const children = schema.fields.map((field: Field) => {
    const values = records.map(record => record[field.name] ?? null);
    const misfit = values.findIndex(value => !fitsType(value, field.type));
    if (misfit >= 0) {
      throw new InvalidInputError({
        code: 'TYPE_MISMATCH',
        message: `Field ${field.name} of row ${firstRow + misfit} (${JSON.stringify(values[misfit])}) does not fit the type inferred from the first rows (${field.type}); pass a schema or validate these records with validateRecords.`,
        details: { path: field.name, row: firstRow + misfit, firstRow },
      });
    }
    try {
      return vectorFromArray(values, field.type).data[0]!;
    } catch (cause) {
      throw new InvalidInputError({
        code: 'TYPE_MISMATCH',
        message: `Field ${field.name} in rows ${firstRow}-${firstRow + records.length - 1} does not fit the type inferred from the first rows (${field.type}); declare the column's type explicitly.`,
        details: { path: field.name, firstRow },
        cause,
      });
    }
  });
  const data = makeData({
    type: new Struct(schema.fields),
    length: records.length,
    nullCount: 0,
    children,
  });
  return new RecordBatch(schema, data);
}

/** Infers a schema from sample records with apache-arrow's `tableFromJSON`. */
export function inferRecordSchema(records: readonly Record<string, unknown>[]): Schema {
  return recordsToTable(records).schema;
}

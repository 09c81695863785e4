// The checks of `columns`, `rowGroups` and `batchSize` both engines run before reading.
import { InvalidInputError } from '@ballast/contracts';

function invalidOption(message: string, details: Record<string, unknown>): InvalidInputError {
  return new InvalidInputError({ code: 'INVALID_OPTION', message, details });
}

/**
 * Checks `columns`, `rowGroups` and `batchSize` against the file before an engine sees them:
 * parquet-wasm panics (uncatchably, killing the process) on a row group past the end or on an
 * unknown column while streaming, and a batch size of 0 reads no rows at all.
 *
 * @throws InvalidInputError `INVALID_OPTION` or `COLUMN_NOT_FOUND`.
 */
export function checkReadOptions(
  options: {
    readonly columns?: readonly string[] | undefined;
    readonly rowGroups?: readonly number[] | undefined;
    readonly batchSize?: number | undefined;
  },
  rowGroupCount: () => number,
  hasColumn: (name: string) => boolean,
): void {
  const { batchSize, columns, rowGroups } = options;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw invalidOption(`batchSize must be a whole number of rows, at least 1; got ${batchSize}.`, {
      path: 'batchSize',
      batchSize,
    });
  }
  if (rowGroups) {
    const count = rowGroupCount();
    for (const group of rowGroups) {
      if (!(Number.isInteger(group) && group >= 0 && group < count)) {
        throw invalidOption(
          `rowGroups names row group ${group}, but the file has ${count} (numbered from 0).`,
          { path: 'rowGroups', rowGroup: group, rowGroupCount: count },
        );
      }
    }
  }
  if (columns) {
    const missing = columns.filter(name => !hasColumn(name));
    if (missing.length > 0) {
      throw new InvalidInputError({
        code: 'COLUMN_NOT_FOUND',
        message: `The Parquet file has no column ${missing.map(name => `"${name}"`).join(', ')}.`,
        details: { path: 'columns', columns: missing },
      });
    }
  }
}

import type { ExpectationConfiguration, ExpectationSuite } from './expectation-schemas';
import { conditionColumns, parseRowCondition } from './row-condition';

/**
 * Expectations that read the table's whole column list (names, order or count), so a reader
 * must not leave any column out for them.
 */
const wholeSchemaTypes: ReadonlySet<string> = new Set([
  'expect_table_columns_to_match_set',
  'expect_table_columns_to_match_ordered_list',
  'expect_table_column_count_to_be_between',
  'expect_table_column_count_to_equal',
]);

/**
 * The column paths one expectation reads (kwargs and row condition); `undefined` when it reads
 * the whole column list.
 */
export function expectationColumns(expectation: ExpectationConfiguration): string[] | undefined {
  if (wholeSchemaTypes.has(expectation.type)) return undefined;
  const kwargs = expectation.kwargs as Record<string, unknown>;
  // The index of a column is its position among all of them.
  if (expectation.type === 'expect_column_to_exist' && kwargs.column_index !== undefined)
    return undefined;
  const columns: string[] = [];
  for (const key of ['column', 'column_A', 'column_B'])
    if (typeof kwargs[key] === 'string') columns.push(kwargs[key] as string);
  if (Array.isArray(kwargs.column_list)) columns.push(...(kwargs.column_list as string[]));
  if (expectation.row_condition !== undefined && expectation.condition_parser !== undefined)
    columns.push(
      ...conditionColumns(
        parseRowCondition(expectation.row_condition, expectation.condition_parser),
      ),
    );
  return columns;
}

/**
 * The column paths a suite reads (from kwargs and row conditions), in order of first use, so a
 * columnar reader can decode only those: `readParquet(path, { columns: suiteColumns(suite) })`.
 * `undefined` when an expectation reads the whole column list (`expect_table_columns_to_match_set`,
 * `_ordered_list`, the column counts, `expect_column_to_exist` with `column_index`).
 */
export function suiteColumns(suite: ExpectationSuite): string[] | undefined {
  const columns = new Set<string>();
  for (const expectation of suite.expectations) {
    const used = expectationColumns(expectation);
    if (used === undefined) return undefined;
    for (const column of used) columns.add(column);
  }
  return [...columns];
}

/**
 * The top-level fields of `fieldNames` that hold the given column paths: a path is a field's
 * name, or goes into it (`user.address.city` lives in `user`; a field name may itself hold
 * dots). Paths that match no field are left out, for the validator to report as missing.
 */
export function topLevelFields(paths: readonly string[], fieldNames: readonly string[]): string[] {
  return fieldNames.filter(name =>
    paths.some(path => path === name || path.startsWith(`${name}.`)),
  );
}

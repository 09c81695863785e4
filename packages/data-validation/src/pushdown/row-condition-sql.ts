import { rawSql, type SqlDialect, type SqlFragment, sql } from '@ballast/kit';
import type {
  ComparisonOperator,
  ConditionColumn,
  ConditionLiteral,
  RowCondition,
} from '../suite/row-condition';
import { definitely, missingSql, presentSql } from './sql-cells';
import type { SqlColumnInfo } from './sql-columns';

/** A row condition the pushdown cannot write with the Arrow engine's meaning. */
export class UnsupportedCondition extends Error {}

const sqlOperators: Record<ComparisonOperator, string> = {
  '==': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/**
 * A parsed row condition as a SQL predicate with pandas' `DataFrame.query` meaning, as the
 * Arrow engine evaluates it: a missing cell (NULL, or NaN in a float column) satisfies only
 * `!=` and `not in`. Literals are bound as parameters. What the Arrow engine would reject or
 * read differently (dates, ordering of strings outside DuckDB, mixed types) throws
 * {@link UnsupportedCondition}.
 */
export function rowConditionSql(
  condition: RowCondition,
  dialect: SqlDialect,
  columns: ReadonlyMap<string, SqlColumnInfo>,
): SqlFragment {
  const columnOf = (reference: ConditionColumn): SqlColumnInfo => {
    const column = columns.get(reference.path);
    if (!column) throw new UnsupportedCondition(`column ${reference.path} is not in the table`);
    if (column.kind === 'temporal' || column.kind === 'other')
      throw new UnsupportedCondition(
        `${column.type} columns are not compared in pushed-down row conditions`,
      );
    return column;
  };
  const numeric = (column: SqlColumnInfo) =>
    column.kind === 'integer' || column.kind === 'float' || column.kind === 'boolean';
  // Booleans compare as 0/1, as the Arrow engine reads them.
  const asNumber = (column: SqlColumnInfo): SqlFragment => {
    const x = dialect.identifier(column.name);
    return column.kind === 'boolean'
      ? sql`(CASE WHEN ${x} THEN 1.0 ELSE 0.0 END)`
      : dialect.castDouble(x);
  };
  const compare = (
    left: SqlFragment,
    operator: ComparisonOperator,
    right: SqlFragment,
    present: SqlFragment,
  ) => {
    // `!=` is the negation of `==`, so a missing cell satisfies it.
    if (operator === '!=')
      return dialect.not(definitely(dialect.and(present, sql`${left} = ${right}`)));
    return definitely(
      dialect.and(present, sql`${left} ${rawSql(sqlOperators[operator])} ${right}`),
    );
  };
  const literalValue = (literal: ConditionLiteral) => {
    if (literal.date) throw new UnsupportedCondition('date(…) literals are not pushed down');
    return literal.value;
  };
  const columnWithLiteral = (
    reference: ConditionColumn,
    operator: ComparisonOperator,
    literal: ConditionLiteral,
  ) => {
    const column = columnOf(reference);
    const value = literalValue(literal);
    const present = presentSql(dialect, column);
    if (numeric(column)) {
      if (typeof value === 'string') {
        if (operator !== '==' && operator !== '!=')
          throw new UnsupportedCondition(`a ${column.type} column is ordered against a string`);
        return rawSql(operator === '!=' ? '(1 = 1)' : '(1 = 0)');
      }
      return compare(asNumber(column), operator, dialect.value(+value, 'double'), present);
    }
    if (typeof value !== 'string')
      throw new UnsupportedCondition(
        `a ${column.type} column is compared with ${JSON.stringify(value)}`,
      );
    if (operator !== '==' && operator !== '!=' && dialect.name !== 'duckdb')
      throw new UnsupportedCondition('strings are ordered by code point only in DuckDB pushdown');
    return compare(
      dialect.identifier(column.name),
      operator,
      dialect.value(value, 'text'),
      present,
    );
  };
  const walk = (node: RowCondition): SqlFragment => {
    switch (node.kind) {
      case 'constant':
        return rawSql(node.value ? '(1 = 1)' : '(1 = 0)');
      case 'not':
        return dialect.not(walk(node.operand));
      case 'and':
        return dialect.and(walk(node.left), walk(node.right));
      case 'or':
        return dialect.or(walk(node.left), walk(node.right));
      case 'missing': {
        const missing = missingSql(dialect, columnOf(node.column));
        return node.negated ? dialect.not(missing) : missing;
      }
      case 'truthy': {
        const column = columnOf(node.column);
        if (column.kind !== 'boolean')
          throw new UnsupportedCondition(`column ${column.name} is not boolean`);
        return definitely(dialect.identifier(column.name));
      }
      case 'in': {
        const column = columnOf(node.column);
        const values = node.values.map(literalValue);
        const member = numeric(column)
          ? dialect.inList(
              asNumber(column),
              values.filter(value => typeof value !== 'string').map(value => +value),
              'double',
            )
          : dialect.inList(
              dialect.identifier(column.name),
              values.filter(value => typeof value === 'string'),
              'text',
            );
        const selected = definitely(dialect.and(presentSql(dialect, column), member));
        return node.negated ? dialect.not(selected) : selected;
      }
      case 'compare': {
        const { left, right, operator } = node;
        if (left.kind === 'column' && right.kind === 'literal')
          return columnWithLiteral(left, operator, right);
        if (left.kind === 'column' && right.kind === 'column') {
          const a = columnOf(left);
          const b = columnOf(right);
          if (!numeric(a) || !numeric(b) || a.kind === 'boolean' || b.kind === 'boolean')
            throw new UnsupportedCondition('only numeric columns are compared with each other');
          return compare(
            asNumber(a),
            operator,
            asNumber(b),
            dialect.and(presentSql(dialect, a), presentSql(dialect, b)),
          );
        }
        // The parser puts the column on the left of a column-literal comparison.
        throw new UnsupportedCondition('a comparison of two literals is not pushed down');
      }
    }
  };
  return walk(condition);
}

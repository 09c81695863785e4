import { InvalidInputError, type SqlValue } from '@ballast/contracts';

const brand = Symbol.for('ballast.sql.fragment');

/** A bound value inside a fragment; the dialect writes its placeholder when the query is rendered. */
export interface SqlParameter {
  readonly value: SqlValue;
}

/**
 * A piece of SQL: trusted text and bound values in order. Values never become text: a dialect
 * turns each into a placeholder (`$1`, `?`) when it renders the statement, so the numbering is
 * right however fragments are nested.
 */
export interface SqlFragment {
  readonly [brand]: true;
  /** Text and parameters in the order they appear. */
  readonly chunks: readonly (string | SqlParameter)[];
}

/** True when `value` is a {@link SqlFragment}. */
export function isSqlFragment(value: unknown): value is SqlFragment {
  return typeof value === 'object' && value !== null && (value as SqlFragment)[brand] === true;
}

function fragment(chunks: readonly (string | SqlParameter)[]): SqlFragment {
  return Object.freeze({ [brand]: true as const, chunks: Object.freeze(chunks) });
}

/**
 * Builds a fragment from a template: interpolated fragments are spliced in, every other
 * interpolated value is bound as a parameter. The template's literal text is trusted SQL.
 *
 * @example
 * ```ts
 * const where = sql`${dialect.identifier('age')} > ${18}`; // "age" > $1, parameters [18]
 * ```
 */
export function sql(
  strings: TemplateStringsArray,
  ...values: readonly (SqlFragment | SqlValue)[]
): SqlFragment {
  const chunks: (string | SqlParameter)[] = [];
  strings.forEach((text, index) => {
    if (text !== '') chunks.push(text);
    if (index < values.length) {
      const value = values[index] as SqlFragment | SqlValue;
      if (isSqlFragment(value)) append(chunks, value.chunks);
      else chunks.push(parameterChunk(value));
    }
  });
  return fragment(chunks);
}

/**
 * Appends one by one: `push(...chunks)` passes every chunk as an argument and overflows the call
 * stack on the statement of a wide suite (hundreds of thousands of chunks).
 */
function append(
  target: (string | SqlParameter)[],
  chunks: readonly (string | SqlParameter)[],
): void {
  for (const chunk of chunks) target.push(chunk);
}

/** Trusted SQL text (keywords, function names). Never pass user input here. */
export function rawSql(text: string): SqlFragment {
  return fragment(text === '' ? [] : [text]);
}

/** One bound value. */
export function sqlParameter(value: SqlValue): SqlFragment {
  return fragment([parameterChunk(value)]);
}

/** Joins fragments with trusted separator text (default `, `). */
export function joinSql(parts: readonly SqlFragment[], separator = ', '): SqlFragment {
  const chunks: (string | SqlParameter)[] = [];
  parts.forEach((part, index) => {
    if (index > 0 && separator !== '') chunks.push(separator);
    append(chunks, part.chunks);
  });
  return fragment(chunks);
}

/** The parameters of a fragment, in placeholder order. */
export function sqlParameters(value: SqlFragment): SqlValue[] {
  return value.chunks
    .filter((chunk): chunk is SqlParameter => typeof chunk !== 'string')
    .map(chunk => chunk.value);
}

function parameterChunk(value: SqlValue): SqlParameter {
  const ok =
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    typeof value === 'bigint' ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    (value instanceof Date && Number.isFinite(value.getTime()));
  if (!ok) {
    throw new InvalidInputError({
      code: 'INVALID_SQL_VALUE',
      message: `SQL parameter must be a string, finite number, bigint, boolean, valid Date or null; got ${describe(value)}.`,
    });
  }
  return Object.freeze({ value });
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return 'an invalid Date';
  return typeof value;
}

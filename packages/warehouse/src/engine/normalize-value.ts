/**
 * Turns a driver value into what `SqlResult.rows` promises: integers as `number` while they are
 * exact (|x| ≤ 2^53 − 1) and as `bigint` beyond, so counts compare with `===` against the Arrow
 * engine's numbers but a 64-bit id never silently rounds. Lists and structs are walked.
 */
export function normalizeValue(value: unknown): unknown {
  if (typeof value === 'bigint') return bigintToNumberWhenSafe(value);
  if (Array.isArray(value)) return value.map(normalizeValue);
  if (value !== null && typeof value === 'object' && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = normalizeValue(item);
    return out;
  }
  return value;
}

/** `bigint` → `number` when exact, else the `bigint` itself. */
export function bigintToNumberWhenSafe(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/**
 * Parses an integer or decimal written as text (PostgreSQL `int8`/`numeric`, Trino `DECIMAL`):
 * integers exactly (`bigint` past 2^53), fractions as the nearest double, `NaN`/`Infinity` as such.
 */
export function parseNumericText(text: string): number | bigint {
  if (/^[+-]?\d+$/.test(text)) return bigintToNumberWhenSafe(BigInt(text));
  if (text === 'NaN') return Number.NaN;
  if (text === 'Infinity' || text === '+Infinity') return Number.POSITIVE_INFINITY;
  if (text === '-Infinity') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

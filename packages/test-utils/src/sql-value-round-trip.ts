import type { SqlEngine } from '@ballast/contracts';
import fc from 'fast-check';
import { expect } from 'vitest';

/**
 * A property test for a live `SqlEngine` (DuckDB, PostgreSQL): any text, double, 64-bit integer
 * and instant bound as `$1..$4` comes back unchanged, integers as `number` while safe and as
 * `bigint` beyond. `excludeNul` drops strings with U+0000, which PostgreSQL text cannot hold.
 *
 * @example
 * ```ts
 * await checkSqlValueRoundTrip(await createDuckDbEngine(), { numRuns: 150 });
 * ```
 */
export async function checkSqlValueRoundTrip(
  engine: SqlEngine,
  options: { numRuns: number; excludeNul?: boolean },
): Promise<void> {
  const text = fc
    .string({ unit: 'grapheme', maxLength: 40 })
    .filter(value => !options.excludeNul || !value.includes('\u0000'));
  await fc.assert(
    fc.asyncProperty(
      text,
      fc.double({ noNaN: true }),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }),
      async (value, double, integer, when) => {
        const { rows } = await engine.query({
          text: 'select $1::varchar as s, $2::double precision as d, $3::bigint as i, $4::timestamp as t',
          parameters: [value, double, integer, when],
        });
        const row = rows[0] as Record<string, unknown>;
        expect(row.s).toBe(value);
        // -0 may come back as 0.
        expect(Object.is(row.d, double) || (row.d === 0 && double === 0)).toBe(true);
        expect(BigInt(row.i as number | bigint)).toBe(integer);
        const unsafe =
          integer > BigInt(Number.MAX_SAFE_INTEGER) || integer < BigInt(Number.MIN_SAFE_INTEGER);
        expect(typeof row.i).toBe(unsafe ? 'bigint' : 'number');
        expect((row.t as Date).getTime()).toBe(when.getTime());
      },
    ),
    { numRuns: options.numRuns },
  );
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Dictionary, Int32, Table, tableFromArrays, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { anomalyCodes } from '../anomaly-codes';
import { parseSuite } from '../suite/parse-suite';
import { validate } from '../validate';
import { compileStrftimeFormat } from './strftime-format';

interface StrftimeCases {
  cases: Array<{ format: string; values: string[]; matches: boolean[] }>;
}

// Python's `datetime.strptime` verdicts, written by scripts/generate-fixtures.py.
const { cases } = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../__fixtures__/strftime-cases.json', import.meta.url)),
    'utf8',
  ),
) as StrftimeCases;

describe('compileStrftimeFormat', () => {
  it('agrees with Python datetime.strptime on every fixture value', () => {
    let compared = 0;
    for (const { format, values, matches } of cases) {
      const compiled = compileStrftimeFormat(format, 'kwargs.strftime_format');
      for (const [index, value] of values.entries()) {
        // Python also reads non-ASCII decimal digits; the engine reads ASCII ones only.
        if (/[٠-٩]/u.test(value)) continue;
        expect([format, value, compiled.test(value)]).toEqual([format, value, matches[index]]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(600);
  });

  it('checks that the date exists, as Python does after matching', () => {
    const format = compileStrftimeFormat('%Y-%m-%d', 'field');
    expect(['2024-02-29', '2000-02-29', '2024-1-5'].map(value => format.test(value))).toEqual([
      true,
      true,
      true,
    ]);
    expect(['2023-02-29', '1900-02-29', '2024-04-31', '0000-01-01'].map(format.test)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    // No year: Python's default 1900 is not a leap year.
    expect(compileStrftimeFormat('%m-%d', 'field').test('02-29')).toBe(false);
  });

  it('rejects unsupported directives, a stray % and repeated directives, naming the field', () => {
    for (const [format, problem] of [
      ['%Y-%U', /unsupported directive %U/],
      ['%Y %', /stray/],
      ['%Y %Y', /repeats the directive %Y/],
    ] as const) {
      expect(() => compileStrftimeFormat(format, 'expectations[1].kwargs.strftime_format')).toThrow(
        expect.objectContaining({
          code: 'INVALID_SUITE',
          message: expect.stringMatching(problem),
          details: { path: 'expectations[1].kwargs.strftime_format' },
        }),
      );
    }
  });
});

describe('expect_column_values_to_match_strftime_format', () => {
  const values = ['2024-01-31', null, '2024-02-30', '31/01/2024', '2024-1-1', '2024-01-31'];

  async function run(table: Table, kwargs: Record<string, unknown> = {}) {
    const suite = parseSuite({
      name: 'dates',
      expectations: [
        {
          type: 'expect_column_values_to_match_strftime_format',
          kwargs: { column: 'when', strftime_format: '%Y-%m-%d', ...kwargs },
        },
      ],
    });
    return (await validate(suite, table)).results[0]!;
  }

  it('lists the strings strptime would refuse, on plain and dictionary columns', async () => {
    for (const type of [new Utf8(), new Dictionary(new Utf8(), new Int32())]) {
      const result = await run(new Table({ when: vectorFromArray(values, type) }));
      expect(result.code).toBe(anomalyCodes.unparseableDatetime);
      expect(result.result).toMatchObject({
        element_count: 6,
        missing_count: 1,
        unexpected_count: 2,
        unexpected_index_list: [2, 3],
        partial_unexpected_list: ['2024-02-30', '31/01/2024'],
      });
    }
    // 3 of 5 non-missing values pass.
    const loose = await run(new Table({ when: vectorFromArray(values, new Utf8()) }), {
      mostly: 0.6,
    });
    expect(loose.success).toBe(true);
  });

  it('fails a non-string column with UNEXPECTED_TYPE and a bad format before reading data', async () => {
    const numbers = await run(tableFromArrays({ when: Float64Array.of(20240101) }));
    expect(numbers.code).toBe(anomalyCodes.unexpectedType);
    await expect(
      run(tableFromArrays({ when: ['2024'] }), { strftime_format: '%Y %G' }),
    ).rejects.toMatchObject({
      code: 'INVALID_SUITE',
      details: { path: 'expectations[0].kwargs.strftime_format' },
    });
  });
});

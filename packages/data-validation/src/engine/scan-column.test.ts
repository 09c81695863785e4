import { seededRandom } from '@ballast/test-utils/seeded-random';
import {
  Dictionary,
  Float64,
  Int32,
  Table,
  tableFromArrays,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { parseSuite } from '../suite/parse-suite';
import { defineSuite } from '../suite/suite-builder';
import { validate } from '../validate';

describe('row kernels on plain UTF-8 columns', () => {
  const values = [
    'id-000001',
    'id-00000x',
    null,
    'é-000001',
    'id-0000é1',
    `id-${'0'.repeat(40)}`,
    'id-abcdef',
    'ID-000001',
  ];
  const table = new Table({ code: vectorFromArray(values, new Utf8()) });

  it('gives the same results on the bytes as the regex engine on decoded strings', async () => {
    // A non-capturing group keeps the second pattern off the byte matcher: same language.
    const byBytes = '^id-[0-9a-z]{6}$';
    const byEngine = '^(?:id)-[0-9a-z]{6}$';
    for (const type of [
      'expect_column_values_to_match_regex',
      'expect_column_values_to_not_match_regex',
    ] as const) {
      const report = await validate(
        defineSuite('patterns')
          .expect(type, { column: 'code', regex: byBytes })
          .expect(type, { column: 'code', regex: byEngine })
          .build(),
        table,
        { maxPatternInputLength: 20 },
      );
      const [fast, slow] = report.results.map(result => result.result);
      expect(fast).toEqual(slow);
    }
    const report = await validate(
      defineSuite('patterns')
        .expect('expect_column_values_to_match_regex', { column: 'code', regex: byBytes })
        .build(),
      table,
      { maxPatternInputLength: 20 },
    );
    expect(report.results[0]!.result).toMatchObject({
      element_count: 8,
      missing_count: 1,
      unexpected_count: 4,
      partial_unexpected_list: ['é-000001', 'id-0000é1', `id-${'0'.repeat(40)}`, 'ID-000001'],
      unexpected_index_list: [3, 4, 5, 7],
    });
  });

  it('measures lengths in code points on ASCII (from offsets) and non-ASCII columns', async () => {
    const suite = defineSuite('lengths')
      .expect('expect_column_value_lengths_to_be_between', {
        column: 'word',
        min_value: 2,
        max_value: 3,
      })
      .build();
    const ascii = new Table({ word: vectorFromArray(['ab', 'abcd', null, 'a'], new Utf8()) });
    const mixed = new Table({ word: vectorFromArray(['é😀', 'abcd', null, '😀'], new Utf8()) });
    for (const table of [ascii, mixed]) {
      const [result] = (await validate(suite, table)).results;
      expect(result!.result).toMatchObject({
        missing_count: 1,
        unexpected_count: 2,
        unexpected_index_list: [1, 3],
      });
    }
  });

  it('counts NaN for the not-null check after a range check of the same batch', async () => {
    const numbers = tableFromArrays({ value: Float64Array.of(1, Number.NaN, 3, Number.NaN) });
    const withNulls = new Table({
      value: vectorFromArray([1, null, Number.NaN, 4], new Float64()),
    });
    for (const [input, missing] of [
      [numbers, 2],
      [withNulls, 2],
    ] as const) {
      const report = await validate(
        defineSuite('nan')
          .expect('expect_column_values_to_be_between', { column: 'value', min_value: 0 })
          .expect('expect_column_mean_to_be_between', { column: 'value', min_value: 0 })
          .expect('expect_column_values_to_not_be_null', { column: 'value' })
          .build(),
        input,
      );
      expect(report.results[2]!.result.unexpected_count).toBe(missing);
    }
    const clean = tableFromArrays({ value: Float64Array.of(1, 2) });
    const report = await validate(
      defineSuite('clean')
        .expect('expect_column_values_to_be_between', { column: 'value', min_value: 0 })
        .expect('expect_column_values_to_not_be_null', { column: 'value' })
        .build(),
      clean,
    );
    expect(report.results[1]!.result).toMatchObject({ element_count: 2, unexpected_count: 0 });
  });
});

describe('counting kernels once the result lists are full', () => {
  // Several batches, so later ones run the count-only paths (branch-free range count,
  // dictionary entry counts, the automaton without listing) once the first filled the lists.
  const random = seededRandom(5);
  const rows = 6_000;
  const numbers = Array.from({ length: rows }, () => {
    const draw = random.next();
    if (draw < 0.05) return null;
    if (draw < 0.08) return Number.NaN;
    return random.integer(21) - 10 + (random.next() < 0.5 ? 0 : 0.5);
  });
  const integers = Array.from({ length: rows }, () =>
    random.next() < 0.1 ? null : random.integer(21) - 10,
  );
  const words = ['ok', 'fine', 'bad', 'worse', 'ünïcode'];
  const categories = Array.from({ length: rows }, () =>
    random.next() < 0.1 ? null : words[random.integer(words.length)]!,
  );
  const table = new Table({
    x: vectorFromArray(numbers, new Float64()),
    n: vectorFromArray(integers, new Int32()),
    c: vectorFromArray(categories, new Dictionary(new Utf8(), new Int32())),
    s: vectorFromArray(categories, new Utf8()),
  });
  const batches = [0, 1_000, 2_500, 4_000].map((start, index, starts) =>
    table.slice(start, starts[index + 1] ?? rows),
  );
  const dataset = new Table(batches.flatMap(slice => slice.batches));

  function naiveUnexpected(values: unknown[], expected: (value: never) => boolean): number {
    return values.filter(
      value => value !== null && !Number.isNaN(value) && !expected(value as never),
    ).length;
  }

  it('counts as a row-by-row check does, for every bound kind and list cap', async () => {
    for (const [strictMin, strictMax] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const inRange = (value: number) =>
        (strictMin ? value > -2.5 : value >= -2.5) && (strictMax ? value < 3 : value <= 3);
      const inIntegerRange = (value: number) =>
        (strictMin ? value > -2 : value >= -2) && (strictMax ? value < 3 : value <= 3);
      const suite = defineSuite('kernels')
        .expect('expect_column_values_to_be_between', {
          column: 'x',
          min_value: -2.5,
          max_value: 3,
          strict_min: strictMin,
          strict_max: strictMax,
        })
        .expect('expect_column_values_to_be_between', {
          column: 'n',
          min_value: -2,
          max_value: 3,
          strict_min: strictMin,
          strict_max: strictMax,
        })
        .expect('expect_column_values_to_be_in_set', { column: 'c', value_set: ['ok', 'fine'] })
        .expect('expect_column_values_to_match_regex', { column: 's', regex: '^[a-z]+$' })
        .build();
      const expected = [
        naiveUnexpected(numbers, inRange),
        naiveUnexpected(integers, inIntegerRange),
        naiveUnexpected(categories, (value: string) => value === 'ok' || value === 'fine'),
        naiveUnexpected(categories, (value: string) => /^[a-z]+$/.test(value)),
      ];
      for (const limits of [
        { partialUnexpectedCount: 0, unexpectedIndexCount: 0 },
        { partialUnexpectedCount: 3, unexpectedIndexCount: 5 },
        { partialUnexpectedCount: 20, unexpectedIndexCount: 100_000 },
      ]) {
        const report = await validate(suite, dataset, { limits });
        expect(
          report.results.map(result => result.result.unexpected_count),
          JSON.stringify({ strictMin, strictMax, limits }),
        ).toEqual(expected);
        for (const result of report.results) {
          expect(result.result.partial_unexpected_list.length).toBe(
            Math.min(limits.partialUnexpectedCount, result.result.unexpected_count),
          );
        }
      }
    }
  });
});

describe('string checks on distinct values', () => {
  const random = seededRandom(11);
  const airports = ['LAS', 'PHL', 'ATL', 'sav', 'MCIX', 'Zürich', '😀A', ''];
  const rows = 6000;
  // Repetitive (distinct-value path) and mostly unique (per-row path) columns, with nulls.
  const repeated = Array.from({ length: rows }, () =>
    random.next() < 0.05 ? null : airports[random.integer(airports.length)]!,
  );
  const unique = repeated.map((value, index) => (value === null ? null : `${value}${index}`));
  const amount = Float64Array.from({ length: rows }, () => random.integer(10));
  const table = new Table({
    repeated: vectorFromArray(repeated, new Utf8()),
    unique: vectorFromArray(unique, new Utf8()),
    amount: vectorFromArray(amount),
  });

  function expected(
    values: Array<string | null>,
    test: (value: string) => boolean,
    keep = (_: number) => true,
  ) {
    const indices: number[] = [];
    values.forEach((value, index) => {
      if (keep(index) && value !== null && !test(value)) indices.push(index);
    });
    return indices;
  }

  it('match the per-row answer for regex, length and set checks, with and without a row condition', async () => {
    const pattern = /^[A-Z]{3}/u;
    const length = (value: string) => [...value].length === 3;
    for (const column of ['repeated', 'unique'] as const) {
      for (const condition of [undefined, 'amount > 4']) {
        const extra =
          condition === undefined
            ? {}
            : { row_condition: condition, condition_parser: 'pandas' as const };
        const suite = parseSuite({
          name: 'distinct',
          expectations: [
            {
              type: 'expect_column_values_to_match_regex',
              kwargs: { column, regex: '^[A-Z]{3}' },
              ...extra,
            },
            {
              type: 'expect_column_value_lengths_to_equal',
              kwargs: { column, value: 3 },
              ...extra,
            },
            // Off the byte DFA (a group), so tested once per distinct value.
            {
              type: 'expect_column_values_to_match_regex',
              kwargs: { column, regex: '^(?:[A-Z]{3})' },
              ...extra,
            },
            // Counts the distinct values, which the DFA-able regex then reuses.
            {
              type: 'expect_column_unique_value_count_to_be_between',
              kwargs: { column },
              ...extra,
            },
          ],
        });
        const report = await validate(suite, table, { resultFormat: 'COMPLETE' });
        const keep = (index: number) => condition === undefined || amount[index]! > 4;
        const values = column === 'repeated' ? repeated : unique;
        const [regex, lengths, grouped] = report.results.map(
          result => result.result.unexpected_index_list,
        );
        expect(grouped).toEqual(regex);
        expect(regex, `${column} ${condition}`).toEqual(
          expected(values, value => pattern.test(value), keep),
        );
        expect(lengths, `${column} ${condition}`).toEqual(expected(values, length, keep));
        expect(report.results[3]?.result.observed_value).toBe(
          new Set(values.filter((value, index) => value !== null && keep(index))).size,
        );
      }
    }
  });

  it('count distinct strings on the bytes, as pandas nunique', async () => {
    const report = await validate(
      defineSuite('unique')
        .expect('expect_column_unique_value_count_to_be_between', { column: 'repeated' })
        .expect('expect_column_unique_value_count_to_be_between', { column: 'unique' })
        .build(),
      table,
    );
    expect(report.results.map(result => result.result.observed_value)).toEqual([
      new Set(repeated.filter(value => value !== null)).size,
      new Set(unique.filter(value => value !== null)).size,
    ]);
  });
});

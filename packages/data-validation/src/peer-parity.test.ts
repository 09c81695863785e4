import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readArrowIpc } from './io/read-arrow-ipc';
import { readCsv } from './io/read-csv';
import { readJsonLines } from './io/read-json-lines';
import { readParquet } from './io/read-parquet';
import { parseSuite } from './suite/parse-suite';
import { validate } from './validate';

const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));

interface Expected {
  rows: number;
  pandas: Record<
    string,
    {
      element_count?: number;
      unexpected_count?: number;
      missing_count?: number;
      observed_value?: unknown;
    }
  >;
  pandera_failure_counts: Record<string, number>;
}

const expected = JSON.parse(readFileSync(fixture('parity-expected.json'), 'utf8')) as Expected;
const suite = parseSuite(readFileSync(fixture('parity-suite.json'), 'utf8'), {
  sourceName: 'parity-suite.json',
});

async function resultsFrom(input: Parameters<typeof validate>[1], skip: string[] = []) {
  const report = await validate(
    {
      ...suite,
      expectations: suite.expectations.filter(expectation => !skip.includes(expectation.id ?? '')),
    },
    input,
  );
  return new Map(report.results.map(result => [result.expectation.id, result]));
}

function expectObservedClose(actual: unknown, wanted: unknown) {
  if (typeof wanted === 'number') {
    expect(actual as number).toBeCloseTo(wanted, 9);
  } else if (wanted && typeof wanted === 'object' && !Array.isArray(wanted)) {
    const values = (actual as { values: number[] }).values;
    const wantedValues = (wanted as { values: number[] }).values;
    for (const [index, value] of wantedValues.entries())
      expect(values[index]).toBeCloseTo(value, 9);
  } else {
    expect(actual).toEqual(wanted);
  }
}

describe('parity with pandas and pandera (fixtures from scripts/generate-fixtures.py)', () => {
  it('matches pandas on unexpected counts and observed statistics from the Arrow IPC file', async () => {
    const results = await resultsFrom(readArrowIpc(fixture('parity.arrow')));
    for (const [id, wanted] of Object.entries(expected.pandas)) {
      const result = results.get(id);
      expect(result, id).toBeDefined();
      if (wanted.unexpected_count !== undefined) {
        expect([id, result?.result.unexpected_count]).toEqual([id, wanted.unexpected_count]);
      }
      if (wanted.missing_count !== undefined) {
        expect([id, result?.result.missing_count]).toEqual([id, wanted.missing_count]);
      }
      // Conditional expectations (ids cond_*): pandas counts the rows DataFrame.query selects.
      if (wanted.element_count !== undefined) {
        expect([id, result?.result.element_count]).toEqual([id, wanted.element_count]);
      }
      if (wanted.observed_value !== undefined)
        expectObservedClose(result?.result.observed_value, wanted.observed_value);
    }
  });

  it('matches pandera lazy-validation failure counts for the equivalent checks', async () => {
    const results = await resultsFrom(readArrowIpc(fixture('parity.arrow')));
    for (const [id, count] of Object.entries(expected.pandera_failure_counts)) {
      expect([id, results.get(id)?.result.unexpected_count]).toEqual([id, count]);
    }
  });

  it.each([
    ['Parquet', () => readParquet(fixture('parity.parquet'), { batchSize: 500 })],
    ['CSV', () => readCsv(fixture('parity.csv'), { batchSize: 500 })],
    ['JSON Lines', () => readJsonLines(fixture('parity.jsonl'), { batchSize: 500 })],
  ])('gives the same unexpected counts when reading %s', async (_, open) => {
    // CSV and JSON Lines are written from the flat pandas frame, without the struct column.
    const structChecks = ['user_age', 'cond_user_age'];
    const results = await resultsFrom(open(), structChecks);
    for (const [id, wanted] of Object.entries(expected.pandas)) {
      if (wanted.unexpected_count === undefined || structChecks.includes(id)) continue;
      expect([id, results.get(id)?.result.unexpected_count]).toEqual([id, wanted.unexpected_count]);
    }
    const rowCount = results.get('amount_between')?.result.element_count;
    expect(rowCount).toBe(expected.rows);
  });
});

import { InvalidInputError, parseDriftReport } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import {
  Bool,
  Dictionary,
  Int32,
  Table,
  tableFromArrays,
  tableFromIPC,
  tableFromJSON,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { profile } from '../profile/profile';
import { ks } from '../statistics/kolmogorov-smirnov';
import { wasserstein } from '../statistics/wasserstein';
import { detectDrift } from './detect-drift';
import { detectDriftSync } from './detect-drift-sync';

const random = seededRandom(7);
const normal = (count: number, mean: number) =>
  Float64Array.from({ length: count }, () => random.normal(mean, 1));
const pick = (count: number, labels: string[], weights: number[]) =>
  Array.from({ length: count }, () => {
    let u = random.next();
    for (let index = 0; index < labels.length; index++) {
      u -= weights[index] as number;
      if (u < 0) return labels[index] as string;
    }
    return labels.at(-1) as string;
  });

describe('detectDrift', () => {
  it('picks Evidently defaults by size and type and matches the statistics directly', () => {
    const referenceAge = normal(500, 0);
    const currentAge = normal(400, 0.6);
    const reference = {
      age: referenceAge,
      city: pick(500, ['a', 'b', 'c'], [0.5, 0.3, 0.2]),
      flag: pick(500, ['y', 'n'], [0.5, 0.5]),
    };
    const current = {
      age: currentAge,
      city: pick(400, ['a', 'b', 'c'], [0.5, 0.3, 0.2]),
      flag: pick(400, ['y', 'n'], [0.5, 0.5]),
    };
    const report = detectDriftSync(reference, current, {
      createdAt: new Date('2026-11-23T00:00:00Z'),
    });
    expect(parseDriftReport(report)).toEqual(report);
    const [age, city, flag] = report.columns;
    expect(age).toMatchObject({
      method: 'ks',
      type: 'numeric',
      threshold: 0.05,
      drifted: true,
      status: 'ok',
      backend: 'cpu',
    });
    expect(age?.pValue).toBe(ks(referenceAge, currentAge).pValue);
    expect(city).toMatchObject({ method: 'chisquare', type: 'categorical', drifted: false });
    expect(flag).toMatchObject({ method: 'z' });
    expect(report.dataset).toMatchObject({ totalColumns: 3, driftedColumns: 1, drifted: false });
    expect(report.createdAt).toBe('2026-11-23T00:00:00.000Z');
  });

  it('uses wasserstein / jensenshannon above 1000 reference rows and reads Arrow tables', () => {
    const referenceValues = normal(1500, 0);
    const currentValues = normal(1200, 0.05);
    const reference = tableFromArrays({
      score: referenceValues,
      small: Int32Array.from({ length: 1500 }, (_, i) => i % 4),
    });
    const current = tableFromArrays({
      score: currentValues,
      small: Int32Array.from({ length: 1200 }, (_, i) => i % 3),
    });
    const report = detectDriftSync(reference, current);
    expect(report.columns[0]).toMatchObject({
      method: 'wasserstein',
      statistic: wasserstein(referenceValues, currentValues).statistic,
    });
    expect(report.columns[1]).toMatchObject({ method: 'jensenshannon', type: 'numeric' });
    expect(report.reference.rows).toBe(1500);
    expect(report.current.rows).toBe(1200);
  });

  it('honours per-column and per-type methods, thresholds and statistic options', () => {
    const reference = {
      x: normal(200, 0),
      y: normal(200, 0),
      label: pick(200, ['a', 'b'], [0.5, 0.5]),
    };
    const current = {
      x: normal(200, 0.2),
      y: normal(200, 0.2),
      label: pick(200, ['a', 'b'], [0.5, 0.5]),
    };
    const report = detectDriftSync(reference, current, {
      methods: { x: 'psi' },
      methodsByType: { numeric: 'anderson', categorical: 'tvd' },
      thresholds: { y: 0.2 },
      statisticOptions: { tvd: { permutations: 99, seed: 1 } },
    });
    expect(report.columns.map(column => column.method)).toEqual(['psi', 'anderson', 'tvd']);
    expect(report.columns[1]?.threshold).toBe(0.2);
    expect(((report.columns[2]?.pValue as number) * 100) % 1).toBeCloseTo(0, 9);
  });

  it('applies the correction and the drift share', () => {
    const reference = Object.fromEntries(
      Array.from({ length: 4 }, (_, index) => [`c${index}`, normal(300, 0)]),
    );
    const current = Object.fromEntries(
      Array.from({ length: 4 }, (_, index) => [`c${index}`, normal(300, index === 0 ? 0.4 : 0)]),
    );
    const plain = detectDriftSync(reference, current, { driftShare: 0.25 });
    const corrected = detectDriftSync(reference, current, {
      correction: 'bonferroni',
      driftShare: 0.25,
    });
    expect(plain.options).toEqual({ correction: 'none', driftShare: 0.25 });
    for (const column of corrected.columns) {
      const original = plain.columns.find(candidate => candidate.column === column.column);
      expect(column.adjustedPValue).toBeCloseTo(Math.min(1, (original?.pValue as number) * 4), 12);
    }
    expect(corrected.dataset.drifted).toBe(corrected.dataset.driftedColumns >= 1);
  });

  it('excludes and reports missing values, flags a missing-share change, and never aborts on empty columns', () => {
    const reference = [
      ...Array.from({ length: 90 }, (_, index) => ({
        value: index,
        empty: null as number | null,
        label: 'a',
      })),
      ...Array.from({ length: 10 }, () => ({
        value: Number.NaN,
        empty: null,
        label: null as string | null,
      })),
    ];
    const current = Array.from({ length: 100 }, (_, index) => ({
      value: index < 60 ? index : null,
      empty: null,
      label: index % 2 ? 'a' : null,
    }));
    const report = detectDriftSync(reference, current);
    const [value, empty, label] = report.columns;
    expect(value).toMatchObject({
      status: 'ok',
      reference: { count: 90, missing: 10 },
      current: { count: 60, missing: 40 },
      missingShareDrift: { reference: 0.1, current: 0.4, drifted: true },
    });
    expect(empty).toMatchObject({ status: 'insufficient_data', statistic: null, drifted: false });
    expect(empty?.reason).toContain('reference');
    expect(label?.status).toBe('ok');
    expect(report.dataset.totalColumns).toBe(2);
    expect(parseDriftReport(report)).toEqual(report);
  });

  it('handles categories present only in current without p = 0 artefacts', () => {
    const reference = { city: [...Array<string>(600).fill('a'), ...Array<string>(400).fill('b')] };
    const current = {
      city: [...Array<string>(599).fill('a'), ...Array<string>(400).fill('b'), 'new'],
    };
    const report = detectDriftSync(reference, current, { methods: { city: 'chisquare' } });
    expect(report.columns[0]?.pValue).toBeGreaterThan(0.05);
    const gof = detectDriftSync(reference, current, { methods: { city: 'g_test' } });
    expect(gof.columns[0]?.pValue).toBeGreaterThan(0.05);
  });

  it('reports an undefined test as insufficient data', () => {
    const report = detectDriftSync({ x: [1, 1, 1] }, { x: [1, 1] }, { methods: { x: 't_test' } });
    expect(report.columns[0]).toMatchObject({ status: 'insufficient_data', statistic: null });
  });

  it('throws typed errors naming the column for type mismatches, missing columns and bad options', () => {
    const mismatch = () => detectDriftSync({ amount: [1, 2, 3] }, { amount: ['1', '2', '3'] });
    expect(mismatch).toThrowError(
      expect.objectContaining({
        code: 'COLUMN_TYPE_MISMATCH',
        details: expect.objectContaining({ column: 'amount' }),
      }),
    );
    expect(() => detectDriftSync({ a: [1] }, { b: [1] })).toThrowError(
      expect.objectContaining({ code: 'COLUMN_MISSING' }),
    );
    expect(() =>
      detectDriftSync({ a: ['x'] }, { a: ['y'] }, { methods: { a: 'ks' } }),
    ).toThrowError(expect.objectContaining({ code: 'METHOD_NOT_APPLICABLE' }));
    try {
      detectDriftSync({ a: [1] }, { a: [1] }, { methods: { a: 'kolmogorov' as never } });
      expect.unreachable();
    } catch (error) {
      expect(InvalidInputError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('methods.a');
    }
    expect(() =>
      detectDriftSync({ a: [1] }, { a: [1] }, { backend: 'tfjs' as never }),
    ).toThrowError(
      expect.objectContaining({ code: 'ASYNC_REQUIRED', details: { path: 'backend' } }),
    );
    expect(() => detectDriftSync({ a: [1] }, { a: [1] }, { parallel: true as never })).toThrowError(
      expect.objectContaining({ code: 'ASYNC_REQUIRED', details: { path: 'parallel' } }),
    );
    const withDates = tableFromJSON([{ when: new Date(0) }]);
    expect(() => detectDriftSync(withDates, withDates)).toThrowError(
      expect.objectContaining({ code: 'COLUMN_TYPE_UNSUPPORTED' }),
    );
  });

  it('lets columnTypes treat integer codes as categories', () => {
    const report = detectDriftSync(
      { code: [1, 2, 3, 1, 2, 3] },
      { code: [1, 2, 3, 3, 3, 3] },
      { columnTypes: { code: 'categorical' } },
    );
    expect(report.columns[0]).toMatchObject({ type: 'categorical', method: 'chisquare' });
  });

  it('accepts a DatasetProfile as the reference and rejects options that need raw values', () => {
    const reference = {
      score: normal(2000, 0),
      city: pick(2000, ['a', 'b', 'c'], [0.5, 0.3, 0.2]),
    };
    const current = {
      score: normal(1500, 0.3),
      city: pick(1500, ['a', 'b', 'c'], [0.4, 0.3, 0.3]),
    };
    const fromProfile = detectDriftSync(profile(reference), current, {
      methods: { city: 'chisquare' },
    });
    const fromRaw = detectDriftSync(reference, current, { methods: { city: 'chisquare' } });
    expect(fromProfile.reference.profileDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(fromProfile.columns.map(column => column.method)).toEqual(['wasserstein', 'chisquare']);
    expect(fromProfile.columns[1]?.pValue).toBeCloseTo(fromRaw.columns[1]?.pValue as number, 12);
    expect(() =>
      detectDriftSync(profile(reference), current, { columnTypes: { score: 'categorical' } }),
    ).toThrowError(expect.objectContaining({ code: 'OPTION_UNSUPPORTED_FOR_PROFILE' }));
  });

  it('reads dictionary, bool and nullable numeric columns of an Arrow IPC round trip', () => {
    const side = (rows: number, shift: number) =>
      tableFromIPC(
        tableToIPC(
          new Table({
            amount: vectorFromArray(
              Array.from({ length: rows }, (_, index) =>
                index % 10 === 0 ? null : random.normal(shift, 1),
              ),
            ),
            city: vectorFromArray(
              pick(rows, ['a', 'b', 'c'], [0.6 - shift, 0.3, 0.1 + shift]),
              new Dictionary(new Utf8(), new Int32()),
            ),
            flag: vectorFromArray(
              Array.from({ length: rows }, (_, index) =>
                index % 7 === 0 ? null : index % 2 === 0,
              ),
              new Bool(),
            ),
          }),
        ),
      );
    const report = detectDriftSync(side(800, 0), side(600, 0.3));
    const [amount, city, flag] = report.columns;
    expect(amount).toMatchObject({
      type: 'numeric',
      method: 'ks',
      reference: { count: 720, missing: 80 },
      drifted: true,
    });
    expect(city).toMatchObject({ type: 'categorical', method: 'chisquare', drifted: true });
    expect(flag).toMatchObject({
      type: 'boolean',
      method: 'z',
      reference: { missing: 115 },
      drifted: false,
    });
  });

  it('resolves to the same report from detectDrift, for tables and profiles', async () => {
    const reference = { score: normal(800, 0), city: pick(800, ['a', 'b'], [0.5, 0.5]) };
    const current = { score: normal(700, 0.2), city: pick(700, ['a', 'b'], [0.4, 0.6]) };
    const createdAt = new Date('2026-01-01T00:00:00.000Z');
    const pending = detectDrift(reference, current, { createdAt });
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toEqual(detectDriftSync(reference, current, { createdAt }));
    expect(await detectDrift(profile(reference), current, { createdAt })).toEqual(
      detectDriftSync(profile(reference), current, { createdAt }),
    );
    await expect(
      detectDrift(reference, current, { backend: 'gpu' as never }),
    ).rejects.toMatchObject({ code: 'BACKEND_UNSUPPORTED' });
    await expect(
      detectDrift(reference, current, { backend: 'tfjs', parallel: true }),
    ).rejects.toMatchObject({ code: 'OPTION_CONFLICT' });
  });
});

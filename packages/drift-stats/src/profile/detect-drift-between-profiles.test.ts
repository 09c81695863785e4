import { type DatasetProfile, InvalidInputError, parseDriftReport } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { detectDrift } from '../detect/detect-drift';
import { detectDriftSync } from '../detect/detect-drift-sync';
import type { DriftMethodId } from '../methods';
import { sortFloat64 } from '../sorting/sort-float64';
import { ks } from '../statistics/kolmogorov-smirnov';
import { detectDriftBetweenProfiles } from './detect-drift-between-profiles';
import { type ProfileOptions, profile } from './profile';
import { sortedSample } from './sketch-distances';

const createdAt = new Date('2026-01-01T00:00:00.000Z');

function normals(seed: number, size: number, mean = 0, deviation = 1): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: size }, () => random.normal(mean, deviation));
}

function categories(seed: number, size: number, weights: readonly number[]): string[] {
  const random = seededRandom(seed);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return Array.from({ length: size }, () => {
    let draw = random.next() * total;
    for (let index = 0; index < weights.length; index += 1) {
      draw -= weights[index] as number;
      if (draw < 0) return `c${index}`;
    }
    return `c${weights.length - 1}`;
  });
}

/** The current side profiled on the reference's histogram edges, as a pushdown `reference` does. */
function onReferenceEdges(
  reference: DatasetProfile,
  table: Record<string, Float64Array | string[]>,
  options: ProfileOptions = {},
): DatasetProfile {
  const edges: Record<string, number[]> = {};
  for (const column of reference.columns) {
    if (column.histogram && column.categories === undefined)
      edges[column.name] = column.histogram.edges;
  }
  return profile(table, { createdAt, ...options, edges });
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).code;
  }
  return undefined;
}

const sketched = { exactLimit: 0, sketchK: 200, createdAt } as const;

describe('detectDriftBetweenProfiles', () => {
  it('finds no drift between identical data profiled twice, exact or sketched', () => {
    const table = { x: normals(1, 20_000), c: categories(2, 20_000, [5, 3, 2, 1]) };
    for (const options of [{ createdAt }, sketched]) {
      const reference = profile(table, options);
      const current = onReferenceEdges(reference, table, options);
      const cases: Record<string, DriftMethodId>[] = [
        {},
        { x: 'ks' },
        { x: 'psi', c: 'chisquare' },
      ];
      for (const methods of cases) {
        const report = detectDriftBetweenProfiles(reference, current, { methods });
        parseDriftReport(report);
        expect(report.dataset.drifted).toBe(false);
        for (const column of report.columns) {
          expect(column.status).toBe('ok');
          expect(column.drifted).toBe(false);
        }
      }
    }
  });

  it('finds a shifted distribution, exact or sketched, with every profile form', () => {
    const reference = { x: normals(3, 20_000), c: categories(4, 20_000, [5, 3, 2, 1]) };
    const shifted = { x: normals(5, 20_000, 0.5), c: categories(6, 20_000, [1, 2, 3, 5]) };
    for (const options of [{ createdAt }, sketched]) {
      const referenceProfile = profile(reference, options);
      const current = onReferenceEdges(referenceProfile, shifted, options);
      for (const method of ['ks', 'wasserstein', 'psi', 'jensenshannon'] as const) {
        const report = detectDriftBetweenProfiles(referenceProfile, current, {
          methods: { x: method },
        });
        expect(report.columns.map(column => column.drifted)).toEqual([true, true]);
      }
    }
  });

  it('equals detectDrift(profile, table) where the current profile kept its values', () => {
    const reference = { x: normals(7, 3_000), c: categories(8, 3_000, [4, 3, 2, 1]) };
    const current = { x: normals(9, 2_000, 0.1), c: categories(10, 2_000, [3, 3, 2, 1, 1]) };
    const referenceProfile = profile(reference, { createdAt });
    const currentProfile = profile(current, { createdAt });
    const cases: Record<string, DriftMethodId>[] = [
      { x: 'ks', c: 'chisquare' },
      { x: 'wasserstein', c: 'jensenshannon' },
      { x: 'psi', c: 'psi' },
      { x: 'kl_div', c: 'hellinger' },
      {},
    ];
    for (const methods of cases) {
      const fromTable = detectDriftSync(referenceProfile, current, { methods, createdAt });
      const fromProfile = detectDriftSync(referenceProfile, currentProfile, { methods, createdAt });
      expect(fromProfile.columns).toEqual(fromTable.columns);
      expect(fromProfile.dataset).toEqual(fromTable.dataset);
    }
  });

  it('equals detectDrift(profile, table) for binned methods on a sketched current profile with the reference edges', () => {
    const reference = { x: normals(11, 5_000) };
    // Values beyond the reference range land in the widened bins, as in the one-sided path.
    const current = { x: normals(12, 4_000, 0.4, 1.3) };
    const referenceProfile = profile(reference, { createdAt });
    const currentProfile = onReferenceEdges(referenceProfile, current, sketched);
    for (const method of ['psi', 'jensenshannon', 'kl_div', 'hellinger', 'linf'] as const) {
      const options = { methods: { x: method }, createdAt };
      const fromTable = detectDriftSync(referenceProfile, current, options);
      const fromProfile = detectDriftSync(referenceProfile, currentProfile, options);
      expect(fromProfile.columns).toEqual(fromTable.columns);
    }
  });

  it('folds categories the current profile did not keep into "other", exactly', () => {
    // Both profiles capped at 3 categories, keeping different ones.
    const reference = { c: categories(13, 4_000, [8, 6, 4, 2, 1, 1]) };
    const current = { c: categories(14, 4_000, [1, 6, 4, 8, 2, 1]) };
    const referenceProfile = profile(reference, { categoryCap: 3, createdAt });
    const currentProfile = profile(current, { categoryCap: 3, createdAt });
    const keptByBoth = Object.keys(referenceProfile.columns[0]?.categories?.counts ?? {}).filter(
      key => key in (currentProfile.columns[0]?.categories?.counts ?? {}),
    );
    const coarse = (values: string[]) =>
      values.map(value => (keptByBoth.includes(value) ? value : 'other'));
    for (const method of ['chisquare', 'jensenshannon', 'psi'] as const) {
      const options = { methods: { c: method }, createdAt };
      const fromProfiles = detectDriftSync(referenceProfile, currentProfile, options);
      const fromTables = detectDriftSync(
        { c: coarse(reference.c) },
        { c: coarse(current.c) },
        options,
      );
      const [column] = fromProfiles.columns;
      expect(column?.statistic).toBeCloseTo(fromTables.columns[0]?.statistic as number, 12);
      expect(column?.pValue ?? null).toEqual(fromTables.columns[0]?.pValue ?? null);
      expect(column?.approximation).toEqual({ kind: 'categories', otherBucket: true });
    }
  });

  it('keeps the false-drift promise sketch against sketch: bounded D and few null alarms', () => {
    let alarms = 0;
    let exactAlarms = 0;
    const runs = 100;
    for (let run = 0; run < runs; run += 1) {
      const reference = normals(1_000 + run, 8_000);
      const current = normals(5_000 + run, 3_000);
      const report = detectDriftBetweenProfiles(
        profile({ x: reference }, { ...sketched, seed: run }),
        profile({ x: current }, { ...sketched, seed: run + 1 }),
        { methods: { x: 'ks' } },
      );
      const [column] = report.columns;
      const exact = ks(sortedSample(sortFloat64(reference)), sortedSample(sortFloat64(current)));
      const approximation = column?.approximation as { conservativeStatistic: number };
      // With both sketches within their bounds: conservative ≤ exact D ≤ statistic + errorBound.
      expect(approximation.conservativeStatistic).toBeLessThanOrEqual(exact.statistic + 1e-12);
      expect(exact.statistic).toBeLessThanOrEqual(
        (column?.statistic as number) + (column?.errorBound as number) + 1e-12,
      );
      if (column?.drifted) alarms += 1;
      if ((exact.pValue as number) <= 0.05) exactAlarms += 1;
    }
    // The stated guarantee is α + 2% (7 of 100). Observed here: 1 alarm, against 2 for the exact
    // test on the raw rows.
    expect(alarms).toBeLessThanOrEqual(7);
    expect(alarms).toBeLessThanOrEqual(exactAlarms + 1);
    expect(alarms).toBeLessThanOrEqual(7);
  });

  it('states both rank errors on the sketch-against-sketch path', () => {
    const reference = profile({ x: normals(15, 10_000) }, sketched);
    const current = profile({ x: normals(16, 10_000, 0.05) }, sketched);
    for (const method of ['ks', 'wasserstein'] as const) {
      const [column] = detectDriftBetweenProfiles(reference, current, {
        methods: { x: method },
      }).columns;
      expect(column?.approximation).toMatchObject({
        kind: 'kll-sketch',
        confidence: 0.98,
        referenceRankError: expect.any(Number),
        currentRankError: expect.any(Number),
      });
      const approximation = column?.approximation as Record<string, number>;
      expect(approximation.referenceRankError).toBeGreaterThan(0);
      expect(approximation.currentRankError).toBeGreaterThan(0);
      expect(approximation.conservativeStatistic).toBeLessThanOrEqual(column?.statistic as number);
    }
  });

  it('runs through detectDrift and detectDriftSync alike', async () => {
    const reference = profile({ x: normals(17, 5_000) }, sketched);
    const current = profile({ x: normals(18, 5_000) }, sketched);
    const options = { methods: { x: 'ks' }, createdAt } as const;
    expect(await detectDrift(reference, current, options)).toEqual(
      detectDriftSync(reference, current, options),
    );
  });

  describe('hostile inputs', () => {
    const table = { x: normals(19, 500), c: categories(20, 500, [1, 1, 1]) };
    const reference = profile(table, { createdAt });

    it('names a column missing from either profile', () => {
      const onlyX = profile({ x: table.x }, { createdAt });
      expect(codeOf(() => detectDriftBetweenProfiles(reference, onlyX))).toBe('COLUMN_MISSING');
      expect(codeOf(() => detectDriftBetweenProfiles(onlyX, reference, { columns: ['c'] }))).toBe(
        'COLUMN_MISSING',
      );
    });

    it('refuses a column whose type changed', () => {
      const swapped = profile({ x: table.c, c: table.x }, { createdAt });
      expect(codeOf(() => detectDriftBetweenProfiles(reference, swapped))).toBe(
        'COLUMN_TYPE_MISMATCH',
      );
    });

    it('refuses empty profiles and reports empty columns as insufficient data', () => {
      const empty = profile({}, { createdAt });
      expect(codeOf(() => detectDriftBetweenProfiles(empty, empty))).toBe('NO_COLUMNS');
      const noRows = profile({ x: new Float64Array(0), c: [] as string[] }, { createdAt });
      const report = detectDriftBetweenProfiles(reference, noRows);
      expect(report.columns.map(column => column.status)).toEqual([
        'insufficient_data',
        'insufficient_data',
      ]);
    });

    it('refuses binned methods on histograms with different edges, naming the fix', () => {
      const current = profile({ x: normals(21, 500, 3) }, sketched);
      let error: unknown;
      try {
        detectDriftBetweenProfiles(reference, current, { columns: ['x'], methods: { x: 'psi' } });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).code).toBe('HISTOGRAM_EDGES_MISMATCH');
      expect((error as Error).message).toContain('"x"');
      expect((error as Error).message).toContain("reference's edges");
    });

    it('refuses methods a profile cannot run, a table reference, rows-only options and bad documents', () => {
      expect(
        codeOf(() => detectDriftSync(reference, reference, { methods: { x: 'anderson' } })),
      ).toBeDefined();
      expect(codeOf(() => detectDriftSync(table, reference))).toBe('PROFILE_REFERENCE_REQUIRED');
      expect(
        codeOf(() =>
          detectDriftSync(reference, reference, {
            multivariate: { method: 'data_reconstruction' },
          }),
        ),
      ).toBe('OPTION_UNSUPPORTED_FOR_PROFILE');
      const broken = { ...reference, rowCount: -1 } as DatasetProfile;
      expect(codeOf(() => detectDriftBetweenProfiles(reference, broken))).toBeDefined();
      const sketchless = profile({ x: normals(22, 500) }, { createdAt });
      const withoutSketch = {
        ...sketchless,
        columns: sketchless.columns.map(({ quantiles: _q, ...column }) => column),
      };
      const many = profile({ x: normals(23, 5_000) }, sketched);
      expect(
        codeOf(() => detectDriftBetweenProfiles(many, withoutSketch, { methods: { x: 'ks' } })),
      ).toBe('METHOD_NOT_AVAILABLE_FROM_PROFILE');
    });
  });
});

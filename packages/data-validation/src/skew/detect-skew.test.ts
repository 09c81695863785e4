import { parseDatasetProfile, parseDriftReport } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { tableFromJSON } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { anomalyCodes } from '../anomaly-codes';
import { inferSuite } from '../inference/infer-suite';
import { detectSkew } from './detect-skew';
import { histogramCounts, profileDataset } from './profile-dataset';

function rows(count: number, seed: number, shift: number, frShare: number) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    amount: random.normal(50 + shift, 10),
    country: random.next() < frShare ? 'FR' : 'DE',
    label: random.next() < 0.5,
  }));
}

describe('profileDataset', () => {
  it('produces a valid DatasetProfile with histograms and capped categories', async () => {
    const profile = await profileDataset(tableFromJSON(rows(500, 1, 0, 0.5)));
    expect(parseDatasetProfile(profile)).toBeTruthy();
    const amount = profile.columns.find(column => column.name === 'amount');
    expect(amount?.histogram?.counts.reduce((sum, count) => sum + count, 0)).toBe(500);
    expect(
      profile.columns.find(column => column.name === 'country')?.categories?.distinctEstimate,
    ).toBe(2);
  });

  it('puts values outside the edges into the end buckets', () => {
    expect(histogramCounts(Float64Array.of(-5, 0, 1, 2, 9), [0, 1, 2])).toEqual([2, 3]);
  });
});

describe('detectSkew', () => {
  it('flags shifted numeric (Jensen-Shannon) and categorical (L-infinity) features with codes', async () => {
    const training = await profileDataset(tableFromJSON(rows(4000, 2, 0, 0.5)));
    const same = await detectSkew(training, tableFromJSON(rows(2000, 3, 0, 0.5)));
    expect(parseDriftReport(same)).toBeTruthy();
    expect(same.columns.every(column => !column.drifted)).toBe(true);

    const shifted = await detectSkew(training, tableFromJSON(rows(2000, 4, 15, 0.8)));
    const byName = Object.fromEntries(shifted.columns.map(column => [column.column, column]));
    expect(byName.amount).toMatchObject({
      method: 'jensenshannon',
      drifted: true,
      code: anomalyCodes.comparatorJensenShannonDivergenceHigh,
    });
    expect(byName.country).toMatchObject({
      method: 'linf',
      drifted: true,
      code: anomalyCodes.comparatorLInftyHigh,
    });
    expect(byName.country?.statistic).toBeCloseTo(0.3, 1);
    expect(byName.label?.drifted).toBe(false);
  });

  it('reports a training column missing in serving unless the suite excludes it from SERVING', async () => {
    const trainingTable = tableFromJSON(rows(300, 5, 0, 0.5));
    const training = await profileDataset(trainingTable);
    const serving = tableFromJSON(rows(100, 6, 0, 0.5).map(({ label: _label, ...rest }) => rest));
    const plain = await detectSkew(training, serving);
    expect(plain.anomalies).toEqual([
      expect.objectContaining({ column: 'label', code: anomalyCodes.schemaMissingColumn }),
    ]);
    const suite = await inferSuite(trainingTable, {
      environments: { TRAINING: trainingTable, SERVING: serving },
    });
    const withSuite = await detectSkew(training, serving, { suite });
    expect(withSuite.anomalies).toEqual([]);
  });
});

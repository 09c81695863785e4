import { parseDriftReport } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { tableFromJSON } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { profile } from '../profile/profile';
import { detectSkew, skewCodes } from './detect-skew';

function rows(count: number, seed: number, shift: number, frShare: number) {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    amount: random.normal(50 + shift, 10),
    country: random.next() < frShare ? 'FR' : 'DE',
    label: random.next() < 0.5,
  }));
}

const createdAt = new Date('2026-01-01T00:00:00.000Z');

describe('detectSkew', () => {
  it('flags shifted numeric (Jensen-Shannon) and categorical (L-infinity) features with codes', async () => {
    const training = profile(tableFromJSON(rows(4000, 2, 0, 0.5)));
    const same = await detectSkew(training, tableFromJSON(rows(2000, 3, 0, 0.5)), { createdAt });
    const { anomalies: _anomalies, ...document } = same;
    expect(parseDriftReport(document)).toBeTruthy();
    expect(same.columns.every(column => !column.drifted)).toBe(true);
    expect(same.dataset.drifted).toBe(false);
    expect(same.reference.profileDigest).toBe(training.fingerprint);

    const shifted = await detectSkew(training, tableFromJSON(rows(2000, 4, 15, 0.8)));
    const byName = Object.fromEntries(shifted.columns.map(column => [column.column, column]));
    expect(byName.amount).toMatchObject({
      method: 'jensenshannon',
      drifted: true,
      code: skewCodes.jensenShannonHigh,
    });
    expect(byName.country).toMatchObject({
      method: 'linf',
      drifted: true,
      code: skewCodes.lInfinityHigh,
    });
    expect(byName.country?.statistic).toBeCloseTo(0.3, 1);
    expect(byName.label?.drifted).toBe(false);
    expect(byName.label?.code).toBeUndefined();
    expect(shifted.dataset.drifted).toBe(true);
  });

  it('uses the base-2 Jensen-Shannon distance of the profile bins, as detectDrift computes it', async () => {
    const training = profile({ amount: Float64Array.from({ length: 500 }, (_, i) => i) });
    const serving = { amount: Float64Array.from({ length: 500 }, (_, i) => i + 250) };
    const skew = await detectSkew(training, serving, { jensenShannonThreshold: 0.9 });
    const statistic = skew.columns[0]?.statistic as number;
    expect(statistic).toBeGreaterThan(0.5);
    expect(statistic).toBeLessThanOrEqual(1);
    expect(skew.columns[0]).toMatchObject({ threshold: 0.9, drifted: false });
  });

  it('reports a training column missing in serving unless it is optional', async () => {
    const training = profile(tableFromJSON(rows(300, 5, 0, 0.5)));
    const serving = tableFromJSON(rows(100, 6, 0, 0.5).map(({ label: _label, ...rest }) => rest));
    const plain = await detectSkew(training, serving);
    expect(plain.anomalies).toEqual([
      expect.objectContaining({ column: 'label', code: skewCodes.missingColumn }),
    ]);
    expect(plain.dataset.drifted).toBe(true);
    expect(plain.columns.map(column => column.column)).toEqual(['amount', 'country']);
    const withOptional = await detectSkew(training, serving, { optionalColumns: ['label'] });
    expect(withOptional.anomalies).toEqual([]);
    expect(withOptional.dataset.drifted).toBe(withOptional.dataset.driftedColumns > 0);
  });
});

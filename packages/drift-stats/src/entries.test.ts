import { describe, expect, it } from 'vitest';
import * as root from './index';
import * as internals from './internals';
import * as statistics from './statistics';
import * as tfjs from './tfjs';

describe('package entries', () => {
  it('keeps the root to what applications call', () => {
    expect(Object.keys(root).length).toBeLessThanOrEqual(40);
    expect(Object.keys(root)).toEqual(
      expect.arrayContaining(['detectDrift', 'detectDriftSync', 'profile', 'detectSkew']),
    );
    for (const name of ['sortFloat64InPlace', 'ks', 'createTfjsBackend', 'detectDriftAsync'])
      expect(root).not.toHaveProperty(name);
  });

  it('puts statistics, the tfjs backend and kernels on their subpaths', () => {
    expect(typeof statistics.ks).toBe('function');
    expect(typeof statistics.getStatistic).toBe('function');
    expect(typeof tfjs.createTfjsBackend).toBe('function');
    expect(typeof internals.sortFloat64InPlace).toBe('function');
    expect(typeof internals.quantileOfSorted).toBe('function');
  });

  it('resolves the statistic behind each method id from the descriptors', () => {
    for (const method of root.driftMethods)
      expect(statistics.getStatistic(method.id)).toBe(method.statistic);
  });
});

import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openLineageSpecDirectory } from './vendored-specs';

describe('seededRandom', () => {
  it('repeats for the same seed and differs across seeds', () => {
    const first = Array.from({ length: 5 }, seededRandom(7).next);
    const again = Array.from({ length: 5 }, seededRandom(7).next);
    const other = Array.from({ length: 5 }, seededRandom(8).next);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('draws normals with roughly the requested mean and spread', () => {
    const random = seededRandom(1);
    const values = Array.from({ length: 20_000 }, () => random.normal(5, 2));
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
    expect(mean).toBeCloseTo(5, 1);
    expect(Math.sqrt(variance)).toBeCloseTo(2, 1);
  });
});

describe('openLineageSpecDirectory', () => {
  it('points at the vendored OpenLineage 2-0-2 schemas inside the repository', () => {
    expect(existsSync(join(openLineageSpecDirectory(), 'OpenLineage.json'))).toBe(true);
    expect(existsSync(join(openLineageSpecDirectory(), '..', 'NOTICE.md'))).toBe(true);
  });
});

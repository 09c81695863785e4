import { InvalidInputError, parseDriftReport } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from '../backends/tfjs/tfjs-backend';
import { detectDriftOverTime } from '../chunked/detect-drift-over-time';
import { detectMultivariateDrift } from '../multivariate/detect-multivariate-drift';
import { detectDrift } from './detect-drift';
import type { DriftBackend } from './detect-drift-options';
import { detectDriftSync } from './detect-drift-sync';

/** x and y correlated (ρ), z shifted. */
function table(seed: number, rows: number, correlation: number, shift = 0) {
  const random = seededRandom(seed);
  const x: number[] = [];
  const y: number[] = [];
  const z: number[] = [];
  for (let row = 0; row < rows; row += 1) {
    const a = random.normal();
    x.push(a);
    y.push(correlation * a + Math.sqrt(1 - correlation ** 2) * random.normal());
    z.push(random.normal(shift, 1));
  }
  return { x, y, z };
}

const reference = table(1, 1_000, 0.9);
const createdAt = new Date('2026-12-07T00:00:00Z');

describe('detectDrift multivariate on backends', () => {
  it('runs mmd on tfjs into dataset.multivariate, with the p-value, whatever the column backend', async () => {
    const shifted = table(2, 200, 0.9, 0.8);
    const report = await detectDrift(reference, shifted, {
      createdAt,
      tf,
      multivariate: { method: 'mmd', permutations: 30, maxRowsPerSide: 300 },
    });
    expect(parseDriftReport(report)).toEqual(report);
    expect(report.columns.every(column => column.backend === 'cpu')).toBe(true);
    expect(report.dataset.multivariate).toMatchObject({
      method: 'mmd',
      threshold: 0.05,
      drifted: true,
      details: { backend: 'tfjs:cpu', permutations: 30, referenceRows: 300, currentRows: 200 },
    });
    expect(report.dataset.multivariate?.pValue).toBeLessThan(0.05);
    const same = await detectDrift(reference, table(3, 200, 0.9), {
      multivariate: { method: 'mmd', permutations: 30, maxRowsPerSide: 300, tf },
    });
    expect(same.dataset.multivariate?.drifted).toBe(false);
  });

  it('runs data reconstruction on the tfjs backend when detectDrift does, unless multivariate.backend says cpu', async () => {
    const broken = table(4, 100, 0);
    const onTfjs = await detectDrift(reference, broken, {
      createdAt,
      backend: 'tfjs',
      tf,
      multivariate: { method: 'data_reconstruction' },
    });
    const onCpu = await detectDrift(reference, broken, {
      createdAt,
      backend: 'tfjs',
      tf,
      multivariate: { method: 'data_reconstruction', backend: 'cpu' },
    });
    const sync = detectDriftSync(reference, broken, {
      createdAt,
      multivariate: { method: 'data_reconstruction' },
    });
    expect(onCpu.dataset.multivariate).toEqual(sync.dataset.multivariate);
    expect(onCpu.dataset.multivariate?.details?.backend).toBe('cpu');
    expect(onTfjs.dataset.multivariate?.details?.backend).toBe('tfjs:cpu');
    expect(onTfjs.dataset.multivariate?.drifted).toBe(true);
    expect(
      Math.abs(
        (onTfjs.dataset.multivariate?.statistic as number) /
          (sync.dataset.multivariate?.statistic as number) -
          1,
      ),
    ).toBeLessThan(1e-5);
    // A backend object from createTfjsBackend runs it too; a backend without fitMultivariate leaves it on the cpu.
    const backend = await createTfjsBackend({ tf });
    const fromObject = await detectDrift(reference, broken, {
      createdAt,
      backend,
      multivariate: { method: 'domain_classifier', backend: 'tfjs' },
    });
    expect(fromObject.dataset.multivariate?.details?.backend).toBe('tfjs:cpu');
    const plain: DriftBackend = { name: 'plain', kernel: () => undefined };
    const fromPlain = await detectDrift(reference, broken, {
      createdAt,
      backend: plain,
      multivariate: { method: 'data_reconstruction' },
    });
    expect(fromPlain.dataset.multivariate).toEqual(sync.dataset.multivariate);
  });

  it('runs mmd per chunk over time', async () => {
    const current = {
      x: [...table(5, 200, 0.9).x, ...table(6, 200, 0.9, 1).x],
      y: [...table(5, 200, 0.9).y, ...table(6, 200, 0.9, 1).y],
      z: [...table(5, 200, 0.9).z, ...table(6, 200, 0.9, 1).z],
    };
    const chunks = await detectDriftOverTime(reference, current, {
      chunks: { size: 200 },
      multivariate: { method: 'mmd', permutations: 30, maxRowsPerSide: 300, tf },
    });
    expect(chunks.map(({ report }) => report.dataset.multivariate?.drifted)).toEqual([false, true]);
  });

  it('refuses what the synchronous or cpu paths cannot run, with typed errors', async () => {
    const current = table(7, 100, 0.9);
    for (const multivariate of [
      { method: 'mmd' } as const,
      { method: 'data_reconstruction', backend: 'tfjs' } as const,
    ]) {
      expect(() => detectDriftSync(reference, current, { multivariate })).toThrow(
        expect.objectContaining({ code: 'ASYNC_REQUIRED' }),
      );
      expect(() => detectMultivariateDrift(reference, current, multivariate)).toThrow(
        InvalidInputError,
      );
    }
    await expect(
      detectDrift(reference, current, { multivariate: { method: 'mmd', backend: 'cpu' } }),
    ).rejects.toMatchObject({ code: 'OPTION_CONFLICT' });
    // Bad multivariate options fail before any column is compared.
    const calls: string[] = [];
    const recording: DriftBackend = {
      name: 'recording',
      kernel: method => {
        calls.push(method.id);
        return undefined;
      },
    };
    await expect(
      detectDrift(reference, current, {
        backend: recording,
        multivariate: { method: 'data_reconstruction', varianceShare: 2 },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(calls).toEqual([]);
    for (const bad of [
      { method: 'mmd', alpha: 1 },
      { method: 'mmd', permutations: 0 },
      { method: 'mmd', memoryBudgetBytes: -1 },
      { method: 'pca' },
      { method: 'data_reconstruction', backend: 'gpu' },
    ]) {
      await expect(
        detectDrift(reference, current, {
          tf,
          multivariate: bad as unknown as { method: 'mmd' },
        }),
      ).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    }
  });
});

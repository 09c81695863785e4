import { InvalidInputError, parseDriftReport } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from '../backends/tfjs/tfjs-backend';
import type { StatisticResult } from '../statistics/statistic-result';
import { detectDrift } from './detect-drift';
import type { DriftBackend } from './detect-drift-options';
import { detectDriftSync } from './detect-drift-sync';

const random = seededRandom(21);
const sample = (count: number, mean: number) =>
  Array.from({ length: count }, () => random.normal(mean, 1));
const reference = {
  wide: sample(1500, 0),
  narrow: sample(1500, 0).map(Math.round),
  label: sample(1500, 0).map(v => (v > 0 ? 'p' : 'n')),
};
const current = {
  wide: sample(1200, 0.2),
  narrow: sample(1200, 0.2).map(Math.round),
  label: sample(1200, 0.2).map(v => (v > 0 ? 'p' : 'n')),
};
const createdAt = new Date('2026-11-23T00:00:00Z');

/** A backend with kernels for some methods, by id, that records its calls. */
function fakeBackend(
  kernels: Record<string, () => Promise<StatisticResult>>,
  calls: string[] = [],
): DriftBackend {
  return {
    name: 'fake',
    kernel: method => {
      const run = kernels[method.id];
      if (!run) return undefined;
      return {
        options: method.id === 'jensenshannon' ? ['base'] : [],
        run: () => {
          calls.push(method.id);
          return run();
        },
      };
    },
  };
}

describe('detectDrift with a backend', () => {
  it('equals detectDriftSync on the cpu backend', async () => {
    expect(await detectDrift(reference, current, { createdAt, backend: 'cpu' })).toEqual(
      detectDriftSync(reference, current, { createdAt }),
    );
  });

  it('sends only the methods a backend has kernels for, and binned methods only when Evidently bins', async () => {
    const calls: string[] = [];
    const backend = fakeBackend(
      {
        wasserstein: async () => ({ statistic: 0.5 }),
        jensenshannon: async () => ({ statistic: 0.01 }),
      },
      calls,
    );
    const report = await detectDrift(reference, current, {
      backend,
      methods: { narrow: 'jensenshannon' },
    });
    expect(calls).toEqual(['wasserstein']);
    expect(report.columns.map(column => column.backend)).toEqual(['fake', 'cpu', 'cpu']);
    expect(report.columns[0]).toMatchObject({ statistic: 0.5, drifted: true });
  });

  it('runs a column on the cpu when it has statistic options the kernel does not take', async () => {
    const calls: string[] = [];
    const backend = fakeBackend({ wasserstein: async () => ({ statistic: 0.5 }) }, calls);
    const report = await detectDrift(reference, current, {
      backend,
      columns: ['wide'],
      statisticOptions: { wasserstein: { normed: false } },
    });
    expect(calls).toEqual([]);
    expect(report.columns[0]?.backend).toBe('cpu');
  });

  it('turns a backend INSUFFICIENT_DATA error into an insufficient_data column and rethrows others', async () => {
    const failing = (error: Error) => fakeBackend({ wasserstein: () => Promise.reject(error) });
    const insufficient = new InvalidInputError({ code: 'INSUFFICIENT_DATA', message: 'too few' });
    const report = await detectDrift(reference, current, {
      backend: failing(insufficient),
      columns: ['wide'],
    });
    expect(report.columns[0]).toMatchObject({ status: 'insufficient_data', reason: 'too few' });
    await expect(
      detectDrift(reference, current, { backend: failing(new Error('device lost')) }),
    ).rejects.toThrow('device lost');
    await expect(detectDrift(reference, current, { backend: 42 as never })).rejects.toMatchObject({
      code: 'BACKEND_UNSUPPORTED',
    });
  });

  it('runs numeric columns on the tfjs backend within float32 tolerance of the cpu', async () => {
    const backend = await createTfjsBackend({ tf });
    const methods = { wide: 'wasserstein', narrow: 'ks' } as const;
    const onTfjs = await detectDrift(reference, current, { backend, methods, createdAt });
    const onCpu = detectDriftSync(reference, current, { methods, createdAt });
    expect(parseDriftReport(onTfjs)).toEqual(onTfjs);
    expect(onTfjs.columns[0]?.backend).toMatch(/^tfjs:/);
    expect(onTfjs.columns[0]?.statistic).toBeCloseTo(onCpu.columns[0]?.statistic as number, 5);
    expect(onTfjs.columns[1]?.statistic).toBeCloseTo(onCpu.columns[1]?.statistic as number, 6);
    expect(onTfjs.columns[2]).toEqual(onCpu.columns[2]);
  });

  it("loads tfjs for backend: 'tfjs' (or uses the injected tf) and reports where each column ran", async () => {
    const methods = { wide: 'wasserstein', narrow: 'ks' } as const;
    const injected = await detectDrift(reference, current, {
      backend: 'tfjs',
      tf: () => tf,
      methods,
      createdAt,
    });
    expect(injected.columns.map(column => column.backend)).toEqual([
      `tfjs:${tf.getBackend()}`,
      `tfjs:${tf.getBackend()}`,
      'cpu',
    ]);
    const loaded = await detectDrift(reference, current, { backend: 'tfjs', methods, createdAt });
    expect(loaded).toEqual(injected);
  });

  it('runs profile comparisons on the cpu whatever the backend', async () => {
    const { profile } = await import('../profile/profile');
    const report = await detectDrift(profile(reference), current, {
      backend: fakeBackend({ wasserstein: async () => ({ statistic: 99 }) }),
      createdAt,
    });
    expect(report.columns.every(column => column.backend === 'cpu')).toBe(true);
    expect(report).toEqual(detectDriftSync(profile(reference), current, { createdAt }));
  });
});

import { parseDriftReport } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { createTfjsBackend } from './backends/tfjs/tfjs-backend';
import { detectDrift } from './detect-drift';
import { type AsyncDriftBackend, detectDriftAsync } from './detect-drift-async';

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

describe('detectDriftAsync', () => {
  it('equals detectDrift on the cpu backend', async () => {
    expect(await detectDriftAsync(reference, current, { createdAt })).toEqual(
      detectDrift(reference, current, { createdAt }),
    );
  });

  it('sends only the methods a backend offers, and binned methods only when Evidently bins', async () => {
    const calls: string[] = [];
    const backend: AsyncDriftBackend = {
      name: 'fake',
      wasserstein: async () => {
        calls.push('wasserstein');
        return { statistic: 0.5 };
      },
      jensenShannon: async () => {
        calls.push('jensenShannon');
        return { statistic: 0.01 };
      },
    };
    const report = await detectDriftAsync(reference, current, {
      backend,
      methods: { narrow: 'jensenshannon' },
    });
    expect(calls).toEqual(['wasserstein']);
    expect(report.columns.map(column => column.backend)).toEqual(['fake', 'cpu', 'cpu']);
    expect(report.columns[0]).toMatchObject({ statistic: 0.5, drifted: true });
  });

  it('turns a backend INSUFFICIENT_DATA error into an insufficient_data column and rethrows others', async () => {
    const failing = (error: Error): AsyncDriftBackend => ({
      name: 'fake',
      wasserstein: () => Promise.reject(error),
    });
    const { InvalidInputError } = await import('@ballast/contracts');
    const insufficient = new InvalidInputError({ code: 'INSUFFICIENT_DATA', message: 'too few' });
    const report = await detectDriftAsync(reference, current, {
      backend: failing(insufficient),
      columns: ['wide'],
    });
    expect(report.columns[0]).toMatchObject({ status: 'insufficient_data', reason: 'too few' });
    await expect(
      detectDriftAsync(reference, current, { backend: failing(new Error('device lost')) }),
    ).rejects.toThrow('device lost');
    await expect(
      detectDriftAsync(reference, current, { backend: 42 as never }),
    ).rejects.toMatchObject({ code: 'BACKEND_UNSUPPORTED' });
  });

  it('runs numeric columns on the tfjs backend within float32 tolerance of the cpu', async () => {
    const backend = await createTfjsBackend({ tf: await import('@tensorflow/tfjs') });
    const methods = { wide: 'wasserstein', narrow: 'ks' } as const;
    const onTfjs = await detectDriftAsync(reference, current, { backend, methods, createdAt });
    const onCpu = detectDrift(reference, current, { methods, createdAt });
    expect(parseDriftReport(onTfjs)).toEqual(onTfjs);
    expect(onTfjs.columns[0]?.backend).toMatch(/^tfjs:/);
    expect(onTfjs.columns[0]?.statistic).toBeCloseTo(onCpu.columns[0]?.statistic as number, 5);
    expect(onTfjs.columns[1]?.statistic).toBeCloseTo(onCpu.columns[1]?.statistic as number, 6);
    expect(onTfjs.columns[2]).toEqual(onCpu.columns[2]);
  });
});

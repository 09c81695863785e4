import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDrift } from './detect-drift';
import { buildWorkerBundle } from '../__fixtures__/build-worker-bundle';
import { detectDriftSync } from './detect-drift-sync';

const createdAt = new Date('2026-11-23T00:00:00.000Z');
let outDir: string;

let bundle: Awaited<ReturnType<typeof buildWorkerBundle>>;

beforeAll(async () => {
  bundle = await buildWorkerBundle({
    index: 'src/detect/detect-drift.ts',
    worker: 'src/parallel/worker.ts',
  });
  outDir = bundle.outDir;
}, 60_000);

afterAll(() => bundle.remove());

function tables(rows: number) {
  const random = seededRandom(5);
  const side = (shift: number) => ({
    amount: Float64Array.from({ length: rows }, () => random.normal(shift, 1)),
    score: Array.from({ length: rows }, (_, index) =>
      index % 17 === 0 ? null : random.normal(0, 1),
    ),
    city: Array.from({ length: rows }, () => random.pick(['paris', 'lyon', 'nice'])),
    empty: Array.from({ length: rows }, () => null),
  });
  return { reference: side(0), current: side(0.05) };
}

describe('detectDrift with parallel', () => {
  it('returns exactly the single-thread report from ESM and CJS worker builds', async () => {
    const { reference, current } = tables(5000);
    const expected = detectDriftSync(reference, current, {
      createdAt,
      correction: 'benjamini-hochberg',
    });
    for (const file of ['worker.js', 'worker.cjs']) {
      const report = await detectDrift(reference, current, {
        createdAt,
        correction: 'benjamini-hochberg',
        parallel: { threshold: 0, workers: 2, workerUrl: pathToFileURL(join(outDir, file)) },
      });
      expect(report).toEqual(expected);
    }
  });

  it('stays on the calling thread below the threshold (no worker file needed)', async () => {
    const { reference, current } = tables(200);
    const report = await detectDrift(reference, current, {
      createdAt,
      parallel: { workerUrl: pathToFileURL(join(outDir, 'does-not-exist.js')) },
    });
    expect(report).toEqual(detectDriftSync(reference, current, { createdAt }));
    // `parallel: true` takes the defaults: still below the threshold here.
    expect(await detectDrift(reference, current, { createdAt, parallel: true })).toEqual(report);
  });

  it('rebuilds typed errors thrown inside a worker', async () => {
    const { reference, current } = tables(300);
    await expect(
      detectDrift(reference, current, {
        methods: { city: 'ks' },
        parallel: { threshold: 0, workerUrl: pathToFileURL(join(outDir, 'worker.js')) },
      }),
    ).rejects.toMatchObject({ code: 'METHOD_NOT_APPLICABLE' });
  });
});

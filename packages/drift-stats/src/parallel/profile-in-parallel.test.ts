import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { InvalidInputError } from '@ballast/contracts';
import { seededRandom } from '@ballast/test-utils/seeded-random';
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkerBundle } from '../__fixtures__/build-worker-bundle';
import { profile } from '../profile/profile';
import { detectDriftFromProfile } from '../profile/detect-drift-from-profile';
import { detectDrift } from '../detect/detect-drift';
import { profileInParallel } from './profile-in-parallel';

const createdAt = new Date('2026-01-01T00:00:00.000Z');
let outDir: string;

let bundle: Awaited<ReturnType<typeof buildWorkerBundle>>;

beforeAll(async () => {
  bundle = await buildWorkerBundle({
    index: 'src/parallel/profile-in-parallel.ts',
    worker: 'src/parallel/worker.ts',
    detect: 'src/detect/detect-drift.ts',
  });
  outDir = bundle.outDir;
}, 60_000);

afterAll(() => bundle.remove());

function dataset(rows: number) {
  const random = seededRandom(42);
  return {
    amount: Float64Array.from({ length: rows }, () => random.normal(100, 15)),
    score: Array.from({ length: rows }, (_, index) =>
      index % 31 === 0 ? null : random.normal(0, 1),
    ),
    rating: Int32Array.from({ length: rows }, () => random.integer(5)),
    city: Array.from({ length: rows }, () => random.pick(['paris', 'lyon', 'nice'])),
  };
}

describe('profileInParallel', () => {
  it('returns exactly the single-thread profile from ESM and CJS worker builds', async () => {
    const data = dataset(20_000);
    const expected = profile(data, { createdAt });
    for (const file of ['worker.js', 'worker.cjs']) {
      const actual = await profileInParallel(data, {
        createdAt,
        parallel: { threshold: 0, workers: 2, workerUrl: pathToFileURL(join(outDir, file)) },
      });
      expect(actual).toEqual(expected);
    }
  });

  it('reads Arrow tables batch by batch in the workers with the same result', async () => {
    const data = dataset(9_000);
    const batches = [0, 1, 2].map(
      part =>
        new Table({
          amount: vectorFromArray(data.amount.slice(part * 3_000, (part + 1) * 3_000)),
          city: vectorFromArray(data.city.slice(part * 3_000, (part + 1) * 3_000), new Utf8()),
        }).batches[0],
    );
    const table = new Table(batches as never);
    const actual = await profileInParallel(table, {
      createdAt,
      parallel: {
        threshold: 0,
        workers: 2,
        workerUrl: pathToFileURL(join(outDir, 'worker.js')),
      },
    });
    expect(actual).toEqual(profile(table, { createdAt }));
  });

  it('stays on the calling thread below the threshold (no worker is started)', async () => {
    const data = dataset(1_000);
    const missingWorker = pathToFileURL(join(outDir, 'does-not-exist.js'));
    const actual = await profileInParallel(data, {
      createdAt,
      parallel: { workerUrl: missingWorker },
    });
    expect(actual).toEqual(profile(data, { createdAt }));
  });

  it('rethrows a failure inside a worker as the same typed error', async () => {
    const data = dataset(1_000);
    // Edges are checked where the column is summarised, which is inside the worker.
    const error = await profileInParallel(data, {
      edges: { amount: [2, 1] },
      parallel: { threshold: 0, workerUrl: pathToFileURL(join(outDir, 'worker.js')) },
    }).catch((caught: unknown) => caught);
    expect(InvalidInputError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_BIN_EDGES', details: { path: 'edges.amount' } });
    await expect(profileInParallel(data, { parallel: { workers: 0 } })).rejects.toMatchObject({
      code: 'INVALID_WORKER_COUNT',
    });
  });

  it('finds its worker next to the built bundle, from ESM and from CJS', async () => {
    const script = `
      const data = { x: Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i)), y: Array.from({ length: 5000 }, (_, i) => 'c' + (i % 7)) };
      const options = { createdAt: new Date('2026-01-01T00:00:00.000Z'), parallel: { threshold: 0, workers: 2 } };
      run(data, options).then(profile => process.stdout.write(JSON.stringify(profile)));
    `;
    const esm = join(outDir, 'run.mjs');
    const cjs = join(outDir, 'run.cjs');
    await writeFile(esm, `import { profileInParallel as run } from './index.js';\n${script}`);
    await writeFile(cjs, `const { profileInParallel: run } = require('./index.cjs');\n${script}`);
    // Under `node --input-type=module -e`, workers must not inherit the `--input-type` flag; a V8
    // option such as --max-old-space-size must not stop them either (an explicit list rejects it).
    const evaluated = `import { profileInParallel as run } from '${pathToFileURL(join(outDir, 'index.js')).href}';\n${script}`;
    const outputs = await Promise.all(
      [
        [esm],
        [cjs],
        ['--input-type=module', '-e', evaluated],
        ['--max-old-space-size=512', esm],
      ].map(async args => JSON.parse((await promisify(execFile)(process.execPath, args)).stdout)),
    );
    const data = {
      x: Float64Array.from({ length: 5000 }, (_, i) => Math.sin(i)),
      y: Array.from({ length: 5000 }, (_, i) => `c${i % 7}`),
    };
    expect(outputs[0]).toEqual(profile(data, { createdAt }));
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
    expect(outputs[3]).toEqual(outputs[0]);
  });
});

describe('detectDrift from a profile with parallel', () => {
  it('returns exactly the single-thread report, with sketch bounds, from both worker builds', async () => {
    const referenceProfile = profile(dataset(20_000), { createdAt, sketchK: 64, exactLimit: 0 });
    const current = dataset(15_000);
    current.amount = current.amount.map(value => value + 3);
    const options = {
      createdAt,
      methods: { amount: 'ks', score: 'psi', rating: 'chisquare', city: 'jensenshannon' } as const,
      correction: 'benjamini-hochberg' as const,
    };
    const expected = detectDriftFromProfile(referenceProfile, current, options);
    expect(expected.columns.find(column => column.column === 'amount')?.errorBound).toBeGreaterThan(
      0,
    );
    for (const file of ['worker.js', 'worker.cjs']) {
      const actual = await detectDrift(referenceProfile, current, {
        ...options,
        parallel: { threshold: 0, workers: 2, workerUrl: pathToFileURL(join(outDir, file)) },
      });
      expect(actual).toEqual(expected);
    }
  });

  it('carries the exact reference values a profile keeps into the workers', async () => {
    const referenceProfile = profile(dataset(20_000), { createdAt });
    const current = dataset(15_000);
    const options = { createdAt, methods: { amount: 'ks' } as const };
    const expected = detectDriftFromProfile(referenceProfile, current, options);
    expect(expected.columns.find(column => column.column === 'amount')?.approximation).toEqual({
      kind: 'exact',
    });
    const actual = await detectDrift(referenceProfile, current, {
      ...options,
      parallel: { threshold: 0, workers: 2, workerUrl: pathToFileURL(join(outDir, 'worker.js')) },
    });
    expect(actual).toEqual(expected);
  });
});

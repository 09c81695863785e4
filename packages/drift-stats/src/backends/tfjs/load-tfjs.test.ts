import { UnavailableDependencyError } from '@ballast/contracts';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadTfjs, tfjsPackageOf, tfjsPackages } from './load-tfjs';
import { createTfjsBackend } from './tfjs-backend';

describe('loadTfjs', () => {
  it('returns an injected module or loader without importing anything', async () => {
    const importer = () => Promise.reject(new Error('must not import'));
    expect(await loadTfjs(tf, importer)).toBe(tf);
    expect(await loadTfjs(() => tf, importer)).toBe(tf);
  });

  it('falls back from tfjs-node-gpu and tfjs-node (not installed here) to @tensorflow/tfjs', async () => {
    const tried: string[] = [];
    const loaded = await loadTfjs(undefined, name => {
      tried.push(name);
      return import(/* @vite-ignore */ name);
    });
    expect(tried).toEqual([...tfjsPackages]);
    expect(typeof loaded.getBackend).toBe('function');
    expect(tfjsPackageOf(loaded)).toBe('@tensorflow/tfjs');
  });

  it('records the package a module came from, so a GPU build can be named', async () => {
    const gpuBuild = { ...tf };
    const loaded = await loadTfjs(undefined, async name => {
      if (name !== '@tensorflow/tfjs-node-gpu') throw new Error('not this one');
      return gpuBuild;
    });
    expect(tfjsPackageOf(loaded)).toBe('@tensorflow/tfjs-node-gpu');
    const copy = { ...tf };
    expect(tfjsPackageOf(copy)).toBeUndefined();
    const injected = await createTfjsBackend({ tf: copy });
    expect(injected.packageName).toBeUndefined();
    expect(injected.name).toBe(`tfjs:${tf.getBackend()}`);
  });

  it('names every package and keeps every failure when no tfjs can be loaded', async () => {
    const error = await loadTfjs(undefined, name =>
      Promise.reject(new Error(`Cannot find module '${name}'`)),
    ).catch((caught: unknown) => caught);
    expect(UnavailableDependencyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'MISSING_PEER_DEPENDENCY',
      details: { packageNames: [...tfjsPackages] },
    });
    expect((error as Error).message).toContain('@tensorflow/tfjs-node-gpu');
    const cause = (error as Error).cause as AggregateError;
    expect(cause.errors).toHaveLength(3);
  });

  it('propagates the error of a failing injected loader', async () => {
    const failure = new Error('boom');
    await expect(
      createTfjsBackend({
        tf: () => {
          throw failure;
        },
      }),
    ).rejects.toThrow(failure);
  });
});

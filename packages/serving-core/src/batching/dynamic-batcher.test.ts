import { describe, expect, it } from 'vitest';
import type { TensorMap } from '../codec/datatypes';
import { DynamicBatcher } from './dynamic-batcher';

function rows(values: number[]): TensorMap {
  return {
    x: { name: 'x', datatype: 'FP32', shape: [values.length, 1], data: new Float32Array(values) },
  };
}

function valuesOf(outputs: TensorMap): number[] {
  return Array.from(outputs.y?.data as Float32Array);
}

/** A model that doubles `x`, records batch sizes, and waits until released when gated. */
function gatedModel(options: { failOn?: number } = {}) {
  const batches: number[] = [];
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  return {
    batches,
    hold() {
      gate = new Promise(resolve => (release = resolve));
    },
    open() {
      release?.();
      gate = undefined;
    },
    run: async (inputs: TensorMap): Promise<TensorMap> => {
      const x = inputs.x as NonNullable<TensorMap['x']>;
      batches.push(x.shape[0] as number);
      if (gate) await gate;
      const data = x.data as Float32Array;
      if (options.failOn !== undefined && data.includes(options.failOn))
        throw new Error('poisoned row');
      return {
        y: { name: 'y', datatype: 'FP32', shape: x.shape, data: data.map(value => value * 2) },
      };
    },
  };
}

describe('DynamicBatcher', () => {
  it('runs a request at once when the model is idle, even with a queue delay', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher({ maxBatchSize: 8, maxQueueDelayMs: 10_000 }, model.run);
    expect(valuesOf(await batcher.submit(rows([1])))).toEqual([2]);
    expect(model.batches).toEqual([1]);
  });

  it('merges requests that queue while the model is busy and splits outputs back in order', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher({ maxBatchSize: 8 }, model.run);
    model.hold();
    const first = batcher.submit(rows([1]));
    const queued = [
      batcher.submit(rows([2, 3])),
      batcher.submit(rows([4])),
      batcher.submit(rows([5, 6, 7])),
    ];
    expect(batcher.pending).toBe(3);
    model.open();
    expect(valuesOf(await first)).toEqual([2]);
    const results = await Promise.all(queued);
    expect(results.map(valuesOf)).toEqual([[4, 6], [8], [10, 12, 14]]);
    expect(model.batches).toEqual([1, 6]);
  });

  it('never merges beyond maxBatchSize and runs an oversized request alone', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher({ maxBatchSize: 3 }, model.run);
    model.hold();
    const all = [
      batcher.submit(rows([0])),
      batcher.submit(rows([1, 2])),
      batcher.submit(rows([3, 4])),
    ];
    all.push(batcher.submit(rows([5, 6, 7, 8])), batcher.submit(rows([9])));
    model.open();
    await Promise.all(all);
    // [1,2] takes [9] along (fits), [3,4] cannot join [5..8], which then runs alone.
    expect(model.batches).toEqual([1, 3, 2, 4]);
  });

  it('waits up to maxQueueDelayMs for a fuller batch while busy', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher(
      { maxBatchSize: 4, maxQueueDelayMs: 50, maxConcurrentBatches: 2 },
      model.run,
    );
    model.hold();
    const first = batcher.submit(rows([1]));
    const second = batcher.submit(rows([2]));
    // A second slot is free, but the queue delay holds the lone request back for company.
    await new Promise(resolve => setTimeout(resolve, 5));
    expect(model.batches).toEqual([1]);
    const third = batcher.submit(rows([3]));
    model.open();
    await Promise.all([first, second, third]);
    expect(model.batches).toEqual([1, 2]);
  });

  it('cuts batches at the largest preferred size reached', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher({ maxBatchSize: 8, preferredBatchSizes: [2, 4] }, model.run);
    model.hold();
    const all = [batcher.submit(rows([0]))];
    for (let index = 1; index <= 5; index++) all.push(batcher.submit(rows([index])));
    model.open();
    await Promise.all(all);
    expect(model.batches).toEqual([1, 4, 1]);
  });

  it('frees queue slots held by aborted requests before refusing new ones', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher({ maxQueueSize: 1 }, model.run);
    model.hold();
    const running = batcher.submit(rows([1]));
    const controller = new AbortController();
    const abandoned = batcher.submit(rows([2]), { signal: controller.signal });
    controller.abort();
    const accepted = batcher.submit(rows([3]));
    await expect(abandoned).rejects.toMatchObject({ code: 'REQUEST_CANCELLED' });
    model.open();
    await Promise.all([running, accepted]);
    expect(model.batches).toEqual([1, 1]);
  });

  it('refuses requests beyond maxQueueSize with a retryable QUEUE_FULL error', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher({ maxQueueSize: 2 }, model.run);
    model.hold();
    const accepted = [
      batcher.submit(rows([1])),
      batcher.submit(rows([2])),
      batcher.submit(rows([3])),
    ];
    await expect(batcher.submit(rows([4]))).rejects.toMatchObject({
      code: 'QUEUE_FULL',
      isRetryable: true,
      details: { retryAfterSeconds: 1 },
    });
    model.open();
    await Promise.all(accepted);
  });

  it('fails a request whose deadline passes while queued and removes it from the queue', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher({}, model.run);
    model.hold();
    const running = batcher.submit(rows([1]));
    const late = batcher.submit(rows([2]), { deadline: performance.now() + 5 });
    await expect(late).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED', name: 'TimeoutError' });
    expect(batcher.pending).toBe(0);
    model.open();
    await running;
    expect(model.batches).toEqual([1]);
  });

  it('skips a queued request whose signal aborted instead of running it', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher({}, model.run);
    model.hold();
    const running = batcher.submit(rows([1]));
    const controller = new AbortController();
    const cancelled = batcher.submit(rows([2]), { signal: controller.signal });
    const kept = batcher.submit(rows([3]));
    controller.abort();
    model.open();
    await expect(cancelled).rejects.toMatchObject({ code: 'REQUEST_CANCELLED' });
    await Promise.all([running, kept]);
    expect(model.batches).toEqual([1, 1]);
    await expect(batcher.submit(rows([4]), { signal: controller.signal })).rejects.toMatchObject({
      code: 'REQUEST_CANCELLED',
    });
  });

  it('isolates a failing request: only its own promise rejects when its batch fails', async () => {
    const model = gatedModel({ failOn: 13 });
    const batcher = new DynamicBatcher({ maxBatchSize: 16 }, model.run);
    model.hold();
    const first = batcher.submit(rows([1]));
    const neighbours = [
      batcher.submit(rows([2])),
      batcher.submit(rows([13])),
      batcher.submit(rows([4])),
    ];
    model.open();
    await first;
    const settled = await Promise.allSettled(neighbours);
    expect(settled.map(result => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(valuesOf((settled[2] as PromiseFulfilledResult<TensorMap>).value)).toEqual([8]);
    // The merged call of three failed, then each request was retried on its own.
    expect(model.batches).toEqual([1, 3, 1, 1, 1]);
  });

  it('retries a merged call whose outputs lose the batch dimension one request at a time', async () => {
    const calls: number[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>(resolve => (release = resolve));
    const batcher = new DynamicBatcher({ maxBatchSize: 4 }, async inputs => {
      calls.push(inputs.x?.shape[0] ?? 0);
      await gate;
      return { y: { name: 'y', datatype: 'FP32', shape: [1], data: new Float32Array([1]) } };
    });
    const all = [batcher.submit(rows([1])), batcher.submit(rows([2])), batcher.submit(rows([3]))];
    release();
    const results = await Promise.allSettled(all);
    expect(results.every(result => result.status === 'fulfilled')).toBe(true);
    expect(calls).toEqual([1, 2, 1, 1]);
  });

  it('drain resolves once queued and running work is done', async () => {
    const model = gatedModel();
    const batcher = new DynamicBatcher({}, model.run);
    model.hold();
    const work = [batcher.submit(rows([1])), batcher.submit(rows([2]))];
    let drained = false;
    const draining = batcher.drain().then(() => (drained = true));
    await new Promise(resolve => setTimeout(resolve, 5));
    expect(drained).toBe(false);
    model.open();
    await Promise.all([...work, draining]);
    expect(drained).toBe(true);
  });
  it('runs a request on an idle model at once, outside the queue, and reports it to observers', async () => {
    const model = gatedModel();
    const dequeued: number[] = [];
    const batches: number[] = [];
    const batcher = new DynamicBatcher({ maxBatchSize: 8, maxQueueDelayMs: 50 }, model.run, {
      onDequeue: seconds => dequeued.push(seconds),
      onBatch: rowsInBatch => batches.push(rowsInBatch),
    });
    model.hold();
    const first = batcher.submit(rows([1, 2]));
    // Called synchronously: no timer and no queue entry stood between submit and the model.
    expect(model.batches).toEqual([2]);
    expect(batcher.pending).toBe(0);
    expect(batcher.running).toBe(1);
    // While it runs, the next request queues as before.
    const second = batcher.submit(rows([3]));
    expect(batcher.pending).toBe(1);
    model.open();
    expect(valuesOf(await first)).toEqual([2, 4]);
    expect(valuesOf(await second)).toEqual([6]);
    await batcher.drain();
    expect(batcher.running).toBe(0);
    expect(dequeued[0]).toBe(0);
    expect(batches).toEqual([2, 1]);
  });

  it('rejects an idle-path request whose model throws, synchronously or not, and stays usable', async () => {
    let calls = 0;
    const batcher = new DynamicBatcher({}, inputs => {
      calls++;
      if (calls === 1) throw new Error('sync failure');
      if (calls === 2) return Promise.reject(new Error('async failure'));
      return Promise.resolve(inputs);
    });
    await expect(batcher.submit(rows([1]))).rejects.toThrow('sync failure');
    await expect(batcher.submit(rows([1]))).rejects.toThrow('async failure');
    expect(valuesOf({ y: (await batcher.submit(rows([5]))).x } as TensorMap)).toEqual([5]);
    expect(batcher.running).toBe(0);
    await batcher.drain();
  });
});

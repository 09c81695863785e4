// A serving-core server in a child process, for tests that measure its memory or overload it
// from outside (the clients then share neither its heap nor its event loop). Options come as
// JSON in argv[2]; the parent talks to it over IPC: 'memory' (after a full GC when --expose-gc)
// and 'stop'.
import { createInferenceServer } from '../http/inference-server';
import { listen, type ListenOptions } from '../http/node-listener';
import { functionModel } from '../models/function-model';

interface WorkerOptions {
  listen?: ListenOptions;
  /** Milliseconds the `slow` model takes per batch. */
  slowMs?: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as WorkerOptions;
const echo = functionModel({
  name: 'echo',
  inputs: [{ name: 'x', datatype: 'FP32', shape: [-1] }],
  outputs: [{ name: 'y', datatype: 'FP32', shape: [-1] }],
  batching: { maxBatchSize: 1 },
  predict: ({ x }) => ({ y: { shape: x.shape, data: x.data } }),
});
const slow = functionModel({
  name: 'slow',
  inputs: [{ name: 'x', datatype: 'FP32', shape: [-1] }],
  outputs: [{ name: 'y', datatype: 'FP32', shape: [-1] }],
  batching: { maxBatchSize: 1, maxQueueSize: 1000 },
  warmup: false,
  predict: async ({ x }) => {
    await new Promise(resolve => setTimeout(resolve, options.slowMs ?? 50));
    return { y: { shape: x.shape, data: x.data } };
  },
});
const server = createInferenceServer({ models: [echo, slow], onError: () => undefined });
await server.waitUntilLoaded();
const listener = await listen(server, options.listen);

export interface MemoryReport {
  /** Resident set size now, in bytes. */
  rss: number;
  /** Peak resident set size since the process started, in bytes. */
  maxRss: number;
}

process.on('message', message => {
  if (message === 'memory') {
    (globalThis as { gc?: () => void }).gc?.();
    const report: MemoryReport = {
      rss: process.memoryUsage().rss,
      maxRss: process.resourceUsage().maxRSS * 1024,
    };
    process.send?.(report);
  } else if (message === 'stop') {
    void listener.close({ graceMs: 0, drainTimeoutMs: 1000 }).then(() => process.exit(0));
  }
});
process.send?.({ url: listener.url });

// Worker-thread entry of `detectDriftInParallel`: compares the columns posted by
// `runInWorkers`. Built as its own file (dist/drift-worker.js and .cjs) next to the bundle.
import { parentPort } from 'node:worker_threads';
import { serializeError } from '../parallel/worker-errors';
import { compareOnCpu } from './compare-on-cpu';
import type { DriftColumnTask } from './drift-column-task';

parentPort?.on('message', (message: { id: number; task: DriftColumnTask }) => {
  try {
    parentPort?.postMessage({
      id: message.id,
      result: compareOnCpu(message.task.column, message.task.options),
    });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: serializeError(error) });
  }
});

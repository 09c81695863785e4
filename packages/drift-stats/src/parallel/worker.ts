// Worker-thread entry: runs the column tasks posted by `runInWorkers` (table columns, profile
// comparisons, column profiles). Built as its own file
// (dist/worker.js and .cjs) next to the package bundle.
import { parentPort } from 'node:worker_threads';
import { type ColumnTask, runColumnTask } from './column-task';
import { serializeError } from './worker-errors';

parentPort?.on('message', (message: { id: number; task: ColumnTask }) => {
  try {
    parentPort?.postMessage({ id: message.id, result: runColumnTask(message.task) });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: serializeError(error) });
  }
});

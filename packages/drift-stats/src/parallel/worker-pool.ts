import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workerExecArgv } from '@ballast/kit';
import { deserializeError, type SerializedError } from './worker-errors';

/**
 * Where the built worker entry lives: next to the running bundle, `worker.cjs` for the
 * CommonJS build and `worker.js` for the ES module build.
 */
export function defaultWorkerUrl(): URL {
  if (typeof __filename === 'string' && __filename.endsWith('.cjs')) {
    return pathToFileURL(join(dirname(__filename), 'worker.cjs'));
  }
  return new URL('./worker.js', import.meta.url);
}

type Reply<Result> = { id: number; result: Result } | { id: number; error: SerializedError };

/**
 * Runs `tasks` on up to `workers` worker threads started from `workerUrl`, each thread taking
 * the next task when it finishes one, and returns the results in task order. A task may be
 * given as a function that builds it: it is then built only when a thread is free, so only
 * about `workers` tasks' data exist at once. The first failure rejects with the task's error
 * rebuilt as the same typed error; every thread is terminated before the promise settles.
 */
export async function runInWorkers<Task extends object, Result>(
  tasks: ReadonlyArray<Task | (() => Task)>,
  options: { workers: number; workerUrl: URL },
): Promise<Result[]> {
  const results = new Array<Result>(tasks.length);
  const threads: Worker[] = [];
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let finished = 0;
      const feed = (worker: Worker) => {
        if (next >= tasks.length) return;
        const id = next;
        next += 1;
        try {
          const task = tasks[id] as Task | (() => Task);
          worker.postMessage({ id, task: typeof task === 'function' ? task() : task });
        } catch (error) {
          reject(error);
        }
      };
      for (let index = 0; index < Math.min(options.workers, tasks.length); index += 1) {
        const execArgv = workerExecArgv();
        const worker = new Worker(options.workerUrl, execArgv ? { execArgv } : {});
        threads.push(worker);
        worker.on('message', (reply: Reply<Result>) => {
          if ('error' in reply) {
            reject(deserializeError(reply.error));
            return;
          }
          results[reply.id] = reply.result;
          finished += 1;
          if (finished === tasks.length) resolve();
          else feed(worker);
        });
        worker.on('error', reject);
        worker.on('exit', code => {
          if (code !== 0 && finished < tasks.length)
            reject(new Error(`A drift-stats worker thread exited with code ${code}.`));
        });
        feed(worker);
      }
      if (tasks.length === 0) resolve();
    });
  } finally {
    await Promise.all(threads.map(worker => worker.terminate()));
  }
  return results;
}

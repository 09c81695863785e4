import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import type { ListenOptions } from '../http/node-listener';
import { buildServerWorker } from './build-server-worker';
import type { MemoryReport } from './server-worker';

/** A server running in a child process (see server-worker.ts). */
export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Current and peak RSS of the child, after a full GC. */
  memory(): Promise<MemoryReport>;
  stop(): Promise<void>;
}

/** Starts `server-worker.ts` in a child process with `--expose-gc` and waits for its URL. */
export async function startServerProcess(
  options: { listen?: ListenOptions; slowMs?: number } = {},
): Promise<ServerProcess> {
  const worker = await buildServerWorker();
  const child = fork(worker, [JSON.stringify(options)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [{ url: string }];
  return {
    url: ready.url,
    child,
    async memory() {
      child.send('memory');
      const [report] = (await once(child, 'message')) as [MemoryReport];
      return report;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send('stop');
      await exited;
    },
  };
}

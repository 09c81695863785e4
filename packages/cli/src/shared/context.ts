import { resolve } from 'node:path';

/** Where a command reads and writes: the process by default, a temp directory in tests. */
export interface CliContext {
  /** Directory relative paths are resolved from. */
  cwd: string;
  /** Standard output. */
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Standard error. */
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  /** Environment variables (`MLFLOW_TRACKING_TOKEN`, ...). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Resolves when a long-running command (`serve`) should stop; default: SIGINT or SIGTERM.
   * Tests pass their own promise.
   */
  shutdownSignal?: Promise<unknown>;
  /** Called with the URL once a server is listening (tests use it to send requests). */
  onListening?: (url: string) => void;
}

/** The context of the running process. */
export function processContext(): CliContext {
  return { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** A path resolved against the context's working directory. */
export function resolvePath(context: CliContext, path: string): string {
  return resolve(context.cwd, path);
}

/** Resolves on the context's shutdown signal, or on SIGINT/SIGTERM for the process. */
export function waitForShutdown(context: CliContext): Promise<unknown> {
  if (context.shutdownSignal) return context.shutdownSignal;
  return new Promise(done => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

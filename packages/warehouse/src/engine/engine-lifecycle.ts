import { UnavailableDependencyError } from '@ballast/contracts';

/**
 * Tracks an engine's running queries so `close()` waits for them to stop before releasing the
 * database, and so a query after `close()` fails with a typed error instead of a driver crash.
 */
export class EngineLifecycle {
  private readonly running = new Set<Promise<void>>();
  private closing: Promise<void> | undefined;

  constructor(private readonly engineName: string) {}

  /** True once `close` was called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** Throws `ENGINE_CLOSED` after `close`. */
  assertOpen(): void {
    if (this.closing !== undefined) {
      throw new UnavailableDependencyError({
        code: 'ENGINE_CLOSED',
        isRetryable: false,
        message: `${this.engineName}: the engine is closed; create a new one to run more queries.`,
      });
    }
  }

  /** Remembers a query until it settles. */
  track(settled: Promise<void>): void {
    this.running.add(settled);
    settled.then(() => this.running.delete(settled));
  }

  /** Marks the engine closed, waits for running queries, then runs `release` once. */
  close(release: () => void | Promise<void>): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.running]);
      await release();
    })();
    return this.closing;
  }
}

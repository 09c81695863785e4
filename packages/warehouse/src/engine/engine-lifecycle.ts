import { UnavailableDependencyError } from '@ballast/contracts';

/**
 * Tracks an engine's running queries so `close()` waits for them to stop before releasing the
 * database, and so a query after `close()` fails with a typed error instead of a driver crash.
 */
export class EngineLifecycle {
  private readonly running = new Map<Promise<void>, (reason: unknown) => void>();
  private closing: Promise<void> | undefined;

  constructor(private readonly engineName: string) {}

  /** True once `close` was called. */
  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** Throws `ENGINE_CLOSED` after `close`. */
  assertOpen(): void {
    if (this.closing !== undefined) throw this.closedError();
  }

  private closedError(): UnavailableDependencyError {
    return new UnavailableDependencyError({
      code: 'ENGINE_CLOSED',
      isRetryable: false,
      message: `${this.engineName}: the engine is closed; create a new one to run more queries.`,
    });
  }

  /** Remembers a query until it settles, with how to abandon it when the engine closes. */
  track(settled: Promise<void>, abandon: (reason: unknown) => void = () => {}): void {
    this.running.set(settled, abandon);
    settled.then(() => this.running.delete(settled));
  }

  /**
   * Marks the engine closed, cancels running queries (they reject with `ENGINE_CLOSED` at once:
   * a long statement would otherwise hold `close` for as long as it runs), waits for the engine
   * to stop them, then runs `release` once.
   */
  close(release: () => void | Promise<void>): Promise<void> {
    this.closing ??= (async () => {
      for (const abandon of this.running.values()) abandon(this.closedError());
      await Promise.all([...this.running.keys()]);
      await release();
    })();
    return this.closing;
  }
}

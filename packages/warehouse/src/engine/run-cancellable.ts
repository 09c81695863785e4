import { InvalidInputError, TimeoutError } from '@ballast/contracts';

/** What the engine does to stop its running statement (DuckDB `interrupt()`, PostgreSQL cancel). */
export type CancelStatement = () => void | Promise<void>;

/**
 * Runs `start` under the caller's `timeoutMs` and `signal`: on the deadline or on abort it asks the
 * engine to cancel the statement and rejects at once (with a `TimeoutError`, or with the signal's
 * reason), rather than waiting for the engine to notice. `start` receives a function that
 * registers how to cancel, because the statement handle often exists only once it started, and
 * a function telling whether the caller already gave up (so a statement not yet sent is not sent).
 * The engine's own settlement is still awaited through `settled`, so `close()` can wait for it.
 */
export function runCancellable<T>(
  what: string,
  options: { readonly signal?: AbortSignal; readonly timeoutMs?: number },
  start: (onCancel: (cancel: CancelStatement) => void, isStopped: () => boolean) => Promise<T>,
): {
  readonly result: Promise<T>;
  readonly settled: Promise<void>;
  /** Cancels the statement and rejects `result` with `reason` at once (used by `close`). */
  readonly abandon: (reason: unknown) => void;
} {
  const { signal, timeoutMs } = options;
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs))
  ) {
    const error = new InvalidInputError({
      code: 'INVALID_TIMEOUT',
      message: `${what}: timeoutMs must be a positive finite number of milliseconds (got ${String(timeoutMs)}).`,
      details: { timeoutMs },
    });
    return { result: Promise.reject(error), settled: Promise.resolve(), abandon: () => {} };
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    const error = new InvalidInputError({
      code: 'INVALID_SIGNAL',
      message: `${what}: signal must be an AbortSignal (for example AbortSignal.timeout(ms) or controller.signal).`,
    });
    return { result: Promise.reject(error), settled: Promise.resolve(), abandon: () => {} };
  }
  if (signal?.aborted) {
    return {
      result: Promise.reject(abortReason(signal)),
      settled: Promise.resolve(),
      abandon: () => {},
    };
  }

  let cancel: CancelStatement | undefined;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    // Cancelling is best effort: the statement may finish at the same moment.
    if (cancel)
      Promise.resolve()
        .then(cancel)
        .catch(() => {});
  };
  const onCancel = (fn: CancelStatement): void => {
    cancel = fn;
    if (stopped)
      Promise.resolve()
        .then(fn)
        .catch(() => {});
  };

  const running = start(onCancel, () => stopped);
  const settled = running.then(
    () => {},
    () => {},
  );
  let abandon: (reason: unknown) => void = () => {};
  const result = new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cleanup = (): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    function onAbort(): void {
      cleanup();
      stop();
      reject(abortReason(signal as AbortSignal));
    }
    // Node fires a delay past 2^31 − 1 ms (24.8 days) at once; such a deadline means "none".
    if (timeoutMs !== undefined && timeoutMs <= maxTimerDelay) {
      timer = setTimeout(() => {
        cleanup();
        stop();
        reject(
          new TimeoutError({
            code: 'QUERY_TIMEOUT',
            message: `${what}: the query did not finish within ${timeoutMs} ms and was cancelled.`,
            details: { timeoutMs },
          }),
        );
      }, timeoutMs);
    }
    abandon = reason => {
      cleanup();
      stop();
      reject(reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    running.then(
      value => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
  return { result, settled, abandon: reason => abandon(reason) };
}

const maxTimerDelay = 2 ** 31 - 1;

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

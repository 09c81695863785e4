const maxTimerMs = 2_147_483_647;

/**
 * Resolves after `ms` milliseconds. When `signal` aborts first (or has already aborted), it
 * rejects at once with `signal.reason` and clears its timer, so an aborted wait neither
 * lingers nor keeps the process alive.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * await sleep(1000, controller.signal);
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      // setTimeout fires after 1 ms for NaN and anything above 2^31 - 1; clamp instead.
      Math.min(maxTimerMs, Math.max(0, ms || 0)),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

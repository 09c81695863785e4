/**
 * The error an adapter's `execute` ends with when the caller gave up before the statement was
 * sent. The caller's promise has already rejected (timeout or abort), so this error only settles
 * the engine's own bookkeeping and is never seen by the caller.
 */
export function notSent(): Error {
  return new Error('The statement was not sent: the caller already gave up.');
}

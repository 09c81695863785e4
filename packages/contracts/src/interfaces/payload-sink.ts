import type { InferencePayload } from '../schemas/inference';
import type { TypedInferencePayload } from '../schemas/typed-inference-payload';

/**
 * Receives served requests for monitoring (drift, data quality). Serving calls `write`
 * off the hot path and never waits for it; a sink may drop records but must not block.
 *
 * @example
 * ```ts
 * const records: InferencePayload[] = [];
 * const sink: PayloadSink = { specificationVersion: 'v1', write: record => { records.push(record); } };
 * ```
 */
export interface PayloadSinkV1 {
  /** Which version of this interface the implementation follows. */
  readonly specificationVersion: 'v1';
  /** Accepts a batch of records. */
  write(records: InferencePayload[]): void | Promise<void>;
  /**
   * Accepts a batch of records whose numeric tensors may hold typed arrays (see
   * {@link TypedInferencePayload}). Serving calls it instead of `write` when a sink has it, and
   * skips converting those tensors to JSON arrays: for sinks that read the numbers in process
   * (a monitor) rather than serialise the records. The arrays belong to the sink; small ones may
   * be views into a buffer shared with other records (as Node's small Buffers are), so read them
   * through the view (its `byteOffset` and `length`), and copy rather than transfer them.
   */
  writeTyped?(records: TypedInferencePayload[]): void | Promise<void>;
  /** Delivers anything buffered. */
  flush?(): Promise<void>;
  /** Flushes and releases resources. */
  close?(): Promise<void>;
}

/** The current {@link PayloadSinkV1}. */
export type PayloadSink = PayloadSinkV1;

import type { InferencePayload } from '../schemas/inference';

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
  /** Delivers anything buffered. */
  flush?(): Promise<void>;
  /** Flushes and releases resources. */
  close?(): Promise<void>;
}

/** The current {@link PayloadSinkV1}. */
export type PayloadSink = PayloadSinkV1;

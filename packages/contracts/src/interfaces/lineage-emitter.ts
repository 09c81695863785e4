import type { LineageEvent } from '../schemas/lineage-event';

/**
 * Anything that accepts OpenLineage events: a JSONL file, an HTTP transport with an outbox,
 * a composite. Producers (policy gates, the CLI, training jobs) depend only on this.
 *
 * @example
 * ```ts
 * const emitter: LineageEmitter = {
 *   specificationVersion: 'v1',
 *   async emit(event) { console.log(JSON.stringify(event)); },
 * };
 * await emitter.emit(event);
 * ```
 */
export interface LineageEmitterV1 {
  /** Which version of this interface the implementation follows. */
  readonly specificationVersion: 'v1';
  /** Accepts one event; resolves once it is durably handed over (written or queued). */
  emit(event: LineageEvent): Promise<void>;
  /** Flushes and releases resources; further `emit` calls reject. */
  close?(): Promise<void>;
}

/** The current {@link LineageEmitterV1}. */
export type LineageEmitter = LineageEmitterV1;

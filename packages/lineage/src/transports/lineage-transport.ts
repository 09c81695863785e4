import { ConflictError, type LineageEmitter } from '@ballast/contracts';
import { eventKind, type OpenLineageEvent } from '../events/event-schemas';

/**
 * A `LineageEmitter` (specificationVersion `'v1'`) that also accepts DatasetEvents and
 * JobEvents, and always has `close()`. Every transport of this package implements it.
 *
 * @example
 * ```ts
 * const transport: LineageTransport = createFileTransport({ path: '.ballast/lineage/events.jsonl' });
 * await transport.emit(event);
 * await transport.close();
 * ```
 */
export interface LineageTransport extends LineageEmitter {
  /** A short name used in error reports (`file`, `http`, `outbox`, ...). */
  readonly name: string;
  /** Accepts one event; resolves once it is durably handed over. */
  emit(event: OpenLineageEvent): Promise<void>;
  /** Flushes and releases resources; further `emit` calls reject with `EMITTER_CLOSED`. */
  close(): Promise<void>;
}

/**
 * The identity receivers deduplicate on: `(run id, event type, event time)` for run events,
 * the dataset or job name and time for static events. Stable across retries and restarts,
 * because it is read from the event, which is stored as emitted.
 *
 * @example
 * ```ts
 * eventKey(event); // 'run:0193f5a2-…:COMPLETE:2026-11-22T10:15:30.123Z'
 * ```
 */
export function eventKey(event: OpenLineageEvent): string {
  switch (eventKind(event)) {
    case 'RunEvent': {
      const runEvent = event as { run: { runId: string }; eventType?: string };
      return `run:${runEvent.run.runId}:${runEvent.eventType ?? ''}:${event.eventTime}`;
    }
    case 'DatasetEvent': {
      const { dataset } = event as { dataset: { namespace: string; name: string } };
      return `dataset:${dataset.namespace}:${dataset.name}:${event.eventTime}`;
    }
    default: {
      const { job } = event as { job: { namespace: string; name: string } };
      return `job:${job.namespace}:${job.name}:${event.eventTime}`;
    }
  }
}

/**
 * The error every closed transport rejects `emit` with: `ConflictError` `EMITTER_CLOSED`.
 *
 * @example
 * ```ts
 * if (closed) throw emitterClosedError('my-transport');
 * ```
 */
export function emitterClosedError(transport: string): ConflictError {
  return new ConflictError({
    code: 'EMITTER_CLOSED',
    message: `The ${transport} lineage transport is closed; create a new one to emit more events.`,
    details: { transport },
  });
}

/** Something a transport repaired or set aside on its own, reported instead of failing. */
export interface LineageWarning {
  /** Stable code, e.g. `LINEAGE_TORN_LINE_QUARANTINED` or `OUTBOX_FILE_QUARANTINED`. */
  code: string;
  /** Human-readable explanation, naming the files involved. */
  message: string;
  /** Paths and sizes involved. */
  details: Record<string, unknown>;
}

/** The default warning sink: a process warning, visible on stderr and to `process.on('warning')`. */
export function emitProcessWarning(warning: LineageWarning): void {
  process.emitWarning(warning.message, {
    code: warning.code,
    detail: JSON.stringify(warning.details),
  });
}

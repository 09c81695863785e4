import { BallastError, InvalidInputError, UnavailableDependencyError } from '@ballast/contracts';
import { parseOpenLineageEvent } from '../events/event-schemas';
import { emitterClosedError, type LineageTransport } from './lineage-transport';

/** One child that failed in a composite operation. */
export interface CompositeChildFailure {
  index: number;
  transport: string;
  code: string | undefined;
  message: string;
}

/** Options of {@link createCompositeTransport}. */
export interface CompositeTransportOptions {
  /** The children every event is sent to, concurrently. */
  transports: LineageTransport[];
}

async function fanOut(
  transports: LineageTransport[],
  operation: 'emit' | 'close',
  call: (transport: LineageTransport) => Promise<void>,
): Promise<void> {
  const results = await Promise.allSettled(transports.map(call));
  const failures: CompositeChildFailure[] = [];
  const causes: unknown[] = [];
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') return;
    causes.push(result.reason);
    failures.push({
      index,
      transport: transports[index]!.name,
      code: BallastError.isInstance(result.reason) ? result.reason.code : undefined,
      message: result.reason instanceof Error ? result.reason.message : String(result.reason),
    });
  });
  if (failures.length === 0) return;
  const names = failures.map(failure => `${failure.transport} (#${failure.index})`).join(', ');
  throw new UnavailableDependencyError({
    code: 'COMPOSITE_PARTIAL_FAILURE',
    message: `${operation} failed in ${failures.length} of ${transports.length} lineage transports: ${names}. The others succeeded.`,
    // Retrying helps only if every failure was retryable.
    isRetryable: causes.every(cause => BallastError.isInstance(cause) && cause.isRetryable),
    details: { operation, failed: failures, succeeded: transports.length - failures.length },
    cause: causes.length === 1 ? causes[0] : new AggregateError(causes, names),
  });
}

/**
 * Sends every event to several transports at once (for example the local JSONL file and an
 * outbox to Marquez). An invalid event is rejected before any child sees it. `emit` resolves
 * when all children accepted the event; when some fail it
 * rejects with an `UnavailableDependencyError` (`COMPOSITE_PARTIAL_FAILURE`) whose
 * `details.failed` names each failed child, while the others keep the event.
 *
 * @example
 * ```ts
 * const emitter = createCompositeTransport({ transports: [fileTransport, outbox] });
 * ```
 */
export function createCompositeTransport(options: CompositeTransportOptions): LineageTransport {
  if (options.transports.length === 0) {
    throw new InvalidInputError({
      code: 'INVALID_TRANSPORT_OPTIONS',
      message: 'transports must list at least one lineage transport',
      details: { field: 'transports' },
    });
  }
  const transports = [...options.transports];
  let closed = false;
  return {
    specificationVersion: 'v1',
    name: `composite(${transports.map(transport => transport.name).join(',')})`,
    async emit(event) {
      if (closed) throw emitterClosedError('composite');
      // Validated once up front, so an invalid event reaches no child at all.
      parseOpenLineageEvent(event);
      await fanOut(transports, 'emit', transport => transport.emit(event));
    },
    async close() {
      if (closed) return;
      closed = true;
      await fanOut(transports, 'close', transport => transport.close());
    },
  };
}

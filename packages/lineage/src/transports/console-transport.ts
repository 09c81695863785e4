import { parseOpenLineageEvent } from '../events/event-schemas';
import { emitterClosedError, type LineageTransport } from './lineage-transport';

/** Options of {@link createConsoleTransport}. */
export interface ConsoleTransportOptions {
  /** Where each JSON line goes; defaults to `process.stdout`. */
  write?: (line: string) => void;
  /** Indent the JSON for reading (the output is then no longer one event per line). */
  pretty?: boolean;
}

/**
 * Prints each event as JSON, for development and debugging.
 *
 * @example
 * ```ts
 * const transport = createConsoleTransport();
 * await startRun(transport, { job: { namespace: 'dev', name: 'try' } });
 * ```
 */
export function createConsoleTransport(options: ConsoleTransportOptions = {}): LineageTransport {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  let closed = false;
  return {
    specificationVersion: 'v1',
    name: 'console',
    async emit(event) {
      if (closed) throw emitterClosedError('console');
      const valid = parseOpenLineageEvent(event);
      write(JSON.stringify(valid, null, options.pretty ? 2 : undefined));
    },
    async close() {
      closed = true;
    },
  };
}

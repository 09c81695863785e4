import type { LineageEmitter, LineageEvent } from '@ballast/contracts';

/** An emitter that keeps what it receives, for tests of producers. */
export function createRecordingEmitter(): LineageEmitter & { events: LineageEvent[] } {
  const events: LineageEvent[] = [];
  return {
    specificationVersion: 'v1',
    events,
    async emit(event) {
      events.push(event);
    },
  };
}

// A child process for the crash and contention tests of the file and outbox transports.
// Bundled to plain JS by the test (see buildLineageWorker) and forked; talks over IPC.
//
//   file <path> <round> <paddingBytes>  appends events forever, sending { acked } after each
//   outbox <directory> <count>          waits for 'go', opens an outbox (delivering to
//                                       <directory>/delivered.jsonl), reports { locked } or
//                                       { conflict }, emits <count> events if locked, reports
//                                       { emitted }, then waits for 'close'
import type { LineageEvent } from '@ballast/contracts';
import { createFileTransport } from '../transports/file-transport';
import { createOutboxTransport } from '../transports/outbox-transport';

const [mode, target, ...rest] = process.argv.slice(2);
const send = (message: unknown) =>
  new Promise<void>(resolve => process.send!(message, () => resolve()));
const nextMessage = (expected: string) =>
  new Promise<void>(resolve => {
    const listener = (message: unknown) => {
      if (message !== expected) return;
      process.off('message', listener);
      resolve();
    };
    process.on('message', listener);
  });

function eventOf(round: string, index: number, padding: string): LineageEvent {
  const runId = `0b0e1d2c-3a4b-4c5d-8e6f-${round.padStart(4, '0')}${index.toString(16).padStart(8, '0')}`;
  return {
    eventType: 'START',
    eventTime: new Date(Date.UTC(2026, 0, 1) + index).toISOString(),
    producer: 'https://ballast.dev/lineage/tests',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId },
    job: { namespace: 'crash', name: `job-${round}`, padding } as never,
    inputs: [],
    outputs: [],
  };
}

if (mode === 'file') {
  const [round = '0', paddingBytes = '0'] = rest;
  const padding = 'x'.repeat(Number(paddingBytes));
  const transport = createFileTransport({ path: target!, fsync: false });
  // Emits are queued without waiting, so the transport writes back to back and a kill most
  // likely lands inside a write.
  let acked = 0;
  for (let batch = 0; ; batch += 1) {
    await Promise.all(
      Array.from({ length: 4 }, (_, index) =>
        transport.emit(eventOf(round, batch * 4 + index, padding)).then(() => {
          acked += 1;
          return send({ acked });
        }),
      ),
    );
  }
} else if (mode === 'outbox') {
  const count = Number(rest[0] ?? '0');
  await send({ ready: true });
  await nextMessage('go');
  try {
    const outbox = await createOutboxTransport({
      directory: target!,
      transport: createFileTransport({ path: `${target}/delivered.jsonl` }),
    });
    await send({ locked: true });
    await Promise.all(
      Array.from({ length: count }, (_, index) => outbox.emit(eventOf('1', index, ''))),
    );
    await send({ emitted: count });
    await nextMessage('close');
    await outbox.close();
  } catch (error) {
    await send({ conflict: (error as { code?: string }).code ?? String(error) });
  }
  process.disconnect();
}

import type { LineageEmitter, LineageEvent } from '@ballast/contracts';

/** One emitter under test, with a way to read back what its receiver holds. */
export interface LineageEmitterConformanceSubject {
  emitter: LineageEmitter;
  /**
   * The events the receiver holds, in the order it received them. Called after `close()`
   * resolved (or after `settle()`), so asynchronous transports have delivered.
   */
  readBack(): Promise<LineageEvent[]>;
  /** Waits until everything emitted so far reached the receiver, without closing. */
  settle?(): Promise<void>;
  /** Releases what the subject created (servers, folders). */
  cleanup?(): Promise<void>;
}

/** The assertions the suite uses (vitest's and Jest's `expect` provide them). */
export interface LineageConformanceAssertion {
  /** Strict equality. */
  toBe(expected: unknown): void;
  /** Deep equality. */
  toEqual(expected: unknown): void;
  /** The awaited promise resolves. */
  readonly resolves: { toBeUndefined(): Promise<void> };
  /** The awaited promise rejects. */
  readonly rejects: { toThrow(expected?: RegExp): Promise<void> };
}

/**
 * The test framework the suite runs in, passed in (as `import * as vitest from 'vitest'`) so
 * this entry loads no framework itself and works from ESM and CommonJS alike.
 */
export interface LineageConformanceTestApi {
  /** Groups tests. */
  describe(name: string, body: () => void): unknown;
  /** Declares one test. */
  it(name: string, body: () => Promise<void>): unknown;
  /** Runs after every test of the group. */
  afterEach(hook: () => Promise<void>): unknown;
  /** Starts an assertion; `message` is shown when it fails. */
  expect(actual: unknown, message?: string): LineageConformanceAssertion;
}

/** Options of {@link describeLineageEmitterConformance}. */
export interface LineageEmitterConformanceOptions {
  /** Creates a fresh subject for each test. */
  createSubject(): Promise<LineageEmitterConformanceSubject>;
  /** Events per test (default 30). */
  eventCount?: number;
  /** Runs the events are spread over (default 3). */
  runCount?: number;
  /** Whether `emit` must reject an invalid event before it reaches the receiver (default true). */
  rejectsInvalidEvents?: boolean;
}

const lifecycle = ['START', 'RUNNING', 'COMPLETE'] as const;

function runId(index: number): string {
  // A fixed, valid UUID (version 4 layout) per run, so the suite needs no extra dependency.
  return `0b0e1d2c-3a4b-4c5d-8e6f-${index.toString(16).padStart(12, '0')}`;
}

/**
 * `count` RunEvents spread round-robin over `runs` runs: each run goes START, RUNNING…, COMPLETE
 * with strictly increasing event times, so `(runId, eventType, eventTime)` is unique.
 *
 * @example
 * ```ts
 * const events = conformanceEvents(10, 2);
 * ```
 */
export function conformanceEvents(count: number, runs: number): LineageEvent[] {
  const perRun = Array.from({ length: runs }, () => 0);
  const totals = Array.from(
    { length: runs },
    (_, run) => Math.floor(count / runs) + (run < count % runs ? 1 : 0),
  );
  const events: LineageEvent[] = [];
  const base = Date.UTC(2026, 10, 22, 10, 0, 0);
  for (let index = 0; index < count; index += 1) {
    const run = index % runs;
    const position = perRun[run]!;
    perRun[run] = position + 1;
    const last = position === totals[run]! - 1;
    const eventType = position === 0 ? lifecycle[0] : last ? lifecycle[2] : lifecycle[1];
    events.push({
      eventType,
      eventTime: new Date(base + index * 1000).toISOString(),
      producer: 'https://ballast.dev/lineage/conformance',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId: runId(run) },
      job: { namespace: 'conformance', name: `job-${run}` },
      inputs: [{ namespace: 'file', name: `/data/input-${run}.csv` }],
      outputs: last ? [{ namespace: 'file', name: `/data/output-${run}.csv` }] : [],
    });
  }
  return events;
}

function key(event: LineageEvent): string {
  return `${event.run.runId}|${event.eventType}|${event.eventTime}`;
}

function expectSameEventsInRunOrder(
  expect: LineageConformanceTestApi['expect'],
  received: LineageEvent[],
  sent: LineageEvent[],
): void {
  const keys = received.map(key);
  expect(new Set(keys).size, 'an event was delivered more than once').toBe(keys.length);
  expect([...keys].sort()).toEqual(sent.map(key).sort());
  const byRun = (events: LineageEvent[]) => {
    const runs = new Map<string, string[]>();
    for (const event of events) {
      runs.set(event.run.runId, [...(runs.get(event.run.runId) ?? []), key(event)]);
    }
    return runs;
  };
  const receivedRuns = byRun(received);
  for (const [id, sentKeys] of byRun(sent)) {
    expect(receivedRuns.get(id), `order of run ${id}`).toEqual(sentKeys);
  }
}

/**
 * The behaviour every `LineageEmitter` transport must show: what is emitted is received
 * exactly once, in order within each run, also when runs emit concurrently; `close()` is
 * idempotent and makes later `emit` calls reject; invalid events never reach the receiver.
 *
 * @example
 * ```ts
 * import * as vitest from 'vitest';
 *
 * describeLineageEmitterConformance(
 *   'file transport',
 *   {
 *     async createSubject() {
 *       const path = join(await mkdtemp(join(tmpdir(), 'lineage-')), 'events.jsonl');
 *       const emitter = createFileTransport({ path });
 *       return { emitter, readBack: async () => readJsonLines(path) };
 *     },
 *   },
 *   vitest,
 * );
 * ```
 */
export function describeLineageEmitterConformance(
  name: string,
  options: LineageEmitterConformanceOptions,
  test: LineageConformanceTestApi,
): void {
  const { describe, it, afterEach, expect } = test;
  const eventCount = options.eventCount ?? 30;
  const runCount = options.runCount ?? 3;
  let subject: LineageEmitterConformanceSubject | undefined;

  const open = async () => {
    subject = await options.createSubject();
    return subject;
  };

  describe(`LineageEmitter conformance: ${name}`, () => {
    afterEach(async () => {
      await subject?.cleanup?.();
      subject = undefined;
    });

    it('declares specificationVersion v1', async () => {
      const { emitter } = await open();
      expect(emitter.specificationVersion).toBe('v1');
      await emitter.close?.();
    });

    it('delivers every event exactly once, in order per run (sequential emits)', async () => {
      const { emitter, readBack } = await open();
      const events = conformanceEvents(eventCount, runCount);
      for (const event of events) await emitter.emit(event);
      await emitter.close?.();
      expectSameEventsInRunOrder(expect, await readBack(), events);
    });

    it('keeps order per run when runs emit concurrently', async () => {
      const { emitter, readBack } = await open();
      const events = conformanceEvents(eventCount, runCount);
      const runs = new Map<string, LineageEvent[]>();
      for (const event of events) {
        runs.set(event.run.runId, [...(runs.get(event.run.runId) ?? []), event]);
      }
      await Promise.all(
        [...runs.values()].map(async runEvents => {
          for (const event of runEvents) await emitter.emit(event);
        }),
      );
      await emitter.close?.();
      expectSameEventsInRunOrder(expect, await readBack(), events);
    });

    it('settles without closing when it can', async () => {
      const current = await open();
      const events = conformanceEvents(Math.min(eventCount, 6), runCount);
      for (const event of events) await current.emitter.emit(event);
      if (current.settle) {
        await current.settle();
        expectSameEventsInRunOrder(expect, await current.readBack(), events);
      }
      await current.emitter.close?.();
      expectSameEventsInRunOrder(expect, await current.readBack(), events);
    });

    it('rejects emit after close, and close is idempotent', async () => {
      const { emitter, readBack } = await open();
      const [first, second] = conformanceEvents(2, 1);
      await emitter.emit(first!);
      await emitter.close?.();
      await expect(emitter.close?.()).resolves.toBeUndefined();
      await expect(emitter.emit(second!)).rejects.toThrow();
      expectSameEventsInRunOrder(expect, await readBack(), [first!]);
    });

    if (options.rejectsInvalidEvents ?? true) {
      it('rejects an invalid event and delivers nothing for it', async () => {
        const { emitter, readBack } = await open();
        const [valid, invalid] = conformanceEvents(2, 1);
        await emitter.emit(valid!);
        const broken = { ...invalid!, run: { runId: 'not-a-uuid' } } as LineageEvent;
        await expect(emitter.emit(broken)).rejects.toThrow(/runId/);
        await emitter.close?.();
        expectSameEventsInRunOrder(expect, await readBack(), [valid!]);
      });
    }
  });
}

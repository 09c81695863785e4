import type { InferencePayload, PayloadSink, TypedInferencePayload } from '@ballast/contracts';

/**
 * Payload logging settings: where records go and how many are kept.
 */
export interface PayloadLoggingOptions {
  sink: PayloadSink;
  /** Share of requests logged, 0..1 (default 1). */
  sampleRate?: number;
  /** Records held while the sink is busy; more are dropped and counted (default 1000). */
  maxBufferedRecords?: number;
  /** Records per `write` call (default 100). */
  maxBatchRecords?: number;
  /** Longest time a record waits before a write, in milliseconds (default 1000). */
  flushIntervalMs?: number;
  /** Random source for sampling, for tests (default Math.random). */
  random?: () => number;
}

/** Counters the logger reports to. */
export interface PayloadLoggerObserver {
  onWritten(count: number): void;
  onDropped(count: number): void;
  onFailed(count: number, error: unknown): void;
}

/**
 * Hands sampled request/response records to a `PayloadSink` off the hot path: records go into a
 * bounded buffer that one background writer drains; a full buffer drops (and counts) instead of
 * waiting, and sink errors are counted, never thrown into inference.
 *
 * @example
 * ```ts
 * const logger = new PayloadLogger({ sink, sampleRate: 0.1 }, observer);
 * if (logger.shouldSample()) logger.record(payloadRecord(parts));
 * ```
 */
export class PayloadLogger {
  private buffer: TypedInferencePayload[] = [];
  private dropped = 0;
  private writing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly sampleRate: number;
  private readonly maxBuffered: number;
  private readonly maxBatch: number;
  private readonly flushIntervalMs: number;
  private readonly random: () => number;
  private readonly writeBatch: (records: TypedInferencePayload[]) => void | Promise<void>;
  /**
   * Whether records may keep numeric tensors as typed arrays: the sink has `writeTyped`, so the
   * tensors are not converted to JSON arrays for it.
   */
  readonly typedTensors: boolean;

  constructor(
    private readonly options: PayloadLoggingOptions,
    private readonly observer: PayloadLoggerObserver,
  ) {
    this.sampleRate = Math.min(1, Math.max(0, options.sampleRate ?? 1));
    this.maxBuffered = Math.max(1, options.maxBufferedRecords ?? 1000);
    this.maxBatch = Math.max(1, options.maxBatchRecords ?? 100);
    this.flushIntervalMs = Math.max(0, options.flushIntervalMs ?? 1000);
    this.random = options.random ?? Math.random;
    const sink = options.sink;
    const writeTyped = sink.writeTyped;
    // Records are JSON ones unless the sink takes typed tensors (then the infer path builds them so).
    this.typedTensors = writeTyped !== undefined;
    this.writeBatch =
      writeTyped !== undefined
        ? records => writeTyped.call(sink, records)
        : records => sink.write(records as InferencePayload[]);
  }

  /** Decides whether the current request is logged, before any record is built. */
  shouldSample(): boolean {
    return this.sampleRate >= 1 || this.random() < this.sampleRate;
  }

  /**
   * Buffers one record; never waits and never throws. A record with typed-array tensors is
   * accepted only when {@link typedTensors} is true.
   */
  record(record: InferencePayload | TypedInferencePayload): void {
    if (this.buffer.length >= this.maxBuffered) {
      // Drops come in bursts (the sink is behind): counted once per burst, not per request.
      if (this.dropped++ === 0) queueMicrotask(() => this.reportDropped());
      return;
    }
    this.buffer.push(record);
    if (this.buffer.length >= this.maxBatch) this.startWriting();
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.startWriting();
      }, this.flushIntervalMs);
      this.timer.unref();
    }
  }

  /** Writes everything buffered, then flushes the sink. */
  async flush(): Promise<void> {
    this.reportDropped();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.buffer.length > 0 || this.writing) {
      this.startWriting();
      await this.writing;
    }
    await this.options.sink.flush?.().catch(error => this.observer.onFailed(0, error));
  }

  /** Flushes and closes the sink. */
  async close(): Promise<void> {
    await this.flush();
    await this.options.sink.close?.().catch(error => this.observer.onFailed(0, error));
  }

  private reportDropped(): void {
    const count = this.dropped;
    this.dropped = 0;
    if (count > 0) this.observer.onDropped(count);
  }

  private startWriting(): void {
    if (this.writing || this.buffer.length === 0) return;
    this.writing = (async () => {
      // Yield first, so even a synchronous sink never runs inside the request that logged.
      await new Promise(resolve => setImmediate(resolve));
      while (this.buffer.length > 0) {
        const batch = this.buffer.splice(0, this.maxBatch);
        try {
          await this.writeBatch(batch);
          this.observer.onWritten(batch.length);
        } catch (error) {
          this.observer.onFailed(batch.length, error);
        }
      }
    })().finally(() => {
      this.writing = undefined;
    });
  }
}

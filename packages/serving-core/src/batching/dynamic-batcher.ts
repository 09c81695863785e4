import { BallastError, TimeoutError, UnavailableDependencyError } from '@ballast/contracts';
import type { TensorMap } from '../codec/datatypes';
import { firstDimension, mergeInputs, splitOutputs } from './batch-tensors';
import type { BatchingOptions } from '../models/model';

/**
 * Anything with an `aborted` flag: an `AbortSignal`, or a plain object the caller flips. Creating
 * an AbortSignal costs about 4 µs on Node 20, so the built-in listeners pass plain objects.
 */
export interface CancellationSignal {
  readonly aborted: boolean;
}

/**
 * Options for one {@link DynamicBatcher.submit} call.
 */
export interface SubmitOptions {
  /** `performance.now()` time after which the request fails with 504; omit for none. */
  deadline?: number;
  /**
   * Aborting (client gone) makes a queued request be skipped, not run, when the batcher reaches
   * it. The signal is polled rather than listened to: an 'abort' listener costs more than a
   * whole small inference on Node 20.
   */
  signal?: CancellationSignal;
}

/**
 * Observers the server attaches for metrics.
 */
export interface BatcherObserver {
  /** Called once per model call with its size in rows. */
  onBatch?(rows: number, computeSeconds: number): void;
  /** Called when a request leaves the queue for a model call. */
  onDequeue?(queueSeconds: number): void;
}

interface QueuedRequest {
  inputs: TensorMap;
  rows: number;
  mergeKey: string;
  enqueuedAt: number;
  signal: CancellationSignal | undefined;
  settled: boolean;
  resolve(outputs: TensorMap): void;
  reject(error: unknown): void;
  cleanup(): void;
}

let unmergeableCounter = 0;

/**
 * A per-model-version queue that merges requests along the first dimension (Triton's dynamic
 * batcher): bounded queue (503), deadlines (504), no waiting while the model is idle, outputs
 * split back to each request in order, and per-request isolation when a merged call fails
 * (the batch is retried one request at a time, so only the offending requests fail).
 *
 * @example
 * ```ts
 * const batcher = new DynamicBatcher({ maxBatchSize: 16 }, inputs => loaded.predict(inputs));
 * const outputs = await batcher.submit({ input }, { deadline: performance.now() + 1000 });
 * ```
 */
export class DynamicBatcher {
  private readonly queue: QueuedRequest[] = [];
  private readonly maxBatchSize: number;
  private readonly maxQueueDelayMs: number;
  private readonly maxQueueSize: number;
  private readonly maxConcurrentBatches: number;
  private readonly preferredBatchSizes: number[];
  private inFlight = 0;
  private queuedRows = 0;
  private delayTimer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(
    options: BatchingOptions,
    private readonly run: (inputs: TensorMap) => Promise<TensorMap>,
    private readonly observer: BatcherObserver = {},
    private readonly label = 'model',
  ) {
    this.maxBatchSize = Math.max(1, options.maxBatchSize ?? 1);
    this.maxQueueDelayMs = Math.max(0, options.maxQueueDelayMs ?? 0);
    this.maxQueueSize = Math.max(1, options.maxQueueSize ?? 1024);
    this.maxConcurrentBatches = Math.max(1, options.maxConcurrentBatches ?? 1);
    this.preferredBatchSizes = [...(options.preferredBatchSizes ?? [])]
      .filter(size => size <= this.maxBatchSize)
      .sort((a, b) => b - a);
  }

  /** Requests waiting for a model call. */
  get pending(): number {
    return this.queue.length;
  }

  /** Model calls running now. */
  get running(): number {
    return this.inFlight;
  }

  /** Queues one request and resolves with its own rows of the outputs. */
  submit(inputs: TensorMap, options: SubmitOptions = {}): Promise<TensorMap> {
    if (this.queue.length >= this.maxQueueSize) this.pruneAborted();
    if (this.queue.length >= this.maxQueueSize) {
      return Promise.reject(
        new UnavailableDependencyError({
          code: 'QUEUE_FULL',
          message: `The queue of ${this.label} is full (${this.maxQueueSize} requests); retry later.`,
          details: { model: this.label, maxQueueSize: this.maxQueueSize, retryAfterSeconds: 1 },
        }),
      );
    }
    if (options.signal?.aborted) return Promise.reject(cancelledError(this.label));
    if (
      options.deadline === undefined &&
      this.queue.length === 0 &&
      this.inFlight < this.maxConcurrentBatches &&
      (this.inFlight === 0 || this.maxQueueDelayMs === 0)
    ) {
      return this.runDirectly(inputs);
    }
    return new Promise<TensorMap>((resolve, reject) => {
      const { rows, mergeKey } = this.describe(inputs);
      let timer: NodeJS.Timeout | undefined;
      const request: QueuedRequest = {
        inputs,
        rows,
        mergeKey,
        enqueuedAt: performance.now(),
        signal: options.signal,
        settled: false,
        resolve: outputs => {
          if (request.settled) return;
          request.settled = true;
          request.cleanup();
          resolve(outputs);
        },
        reject: error => {
          if (request.settled) return;
          request.settled = true;
          request.cleanup();
          reject(error);
        },
        cleanup: () => {
          if (timer) clearTimeout(timer);
        },
      };
      if (options.deadline !== undefined && Number.isFinite(options.deadline)) {
        const remaining = Math.max(0, options.deadline - performance.now());
        timer = setTimeout(() => this.fail(request, deadlineError(this.label)), remaining);
      }
      this.queue.push(request);
      this.queuedRows += rows;
      this.schedule();
    });
  }

  /**
   * The idle fast path: nothing is queued, a model call slot is free and no queue delay applies,
   * so the request would be dequeued at once as a batch of its own. Running it here skips the queue entry, its closures
   * and the batch bookkeeping. Requests with a deadline keep the queued path, which owns the
   * deadline timer.
   */
  private runDirectly(inputs: TensorMap): Promise<TensorMap> {
    this.inFlight++;
    this.observer.onDequeue?.(0);
    const rows = firstDimension(inputs);
    const started = performance.now();
    let running: Promise<TensorMap>;
    try {
      running = this.run(inputs);
    } catch (error) {
      running = Promise.reject(error);
    }
    return running.then(
      outputs => {
        this.observer.onBatch?.(rows, (performance.now() - started) / 1000);
        this.finishDirect();
        return outputs;
      },
      error => {
        this.finishDirect();
        throw error;
      },
    );
  }

  private finishDirect(): void {
    this.inFlight--;
    this.schedule();
    this.notifyIfIdle();
  }

  /** Resolves once nothing is queued or running (used to drain before unloading). */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  /** Fails every queued request with `error` (used when a model is dropped without draining). */
  rejectQueued(error: unknown): void {
    for (const request of this.queue.splice(0)) request.reject(error);
    this.queuedRows = 0;
    this.notifyIfIdle();
  }

  private fail(request: QueuedRequest, error: unknown): void {
    const index = this.queue.indexOf(request);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.queuedRows -= request.rows;
    }
    request.reject(error);
    this.notifyIfIdle();
  }

  private describe(inputs: TensorMap): { rows: number; mergeKey: string } {
    const tensors = Object.values(inputs);
    const rows = firstDimension(inputs);
    if (this.maxBatchSize <= 1) return { rows, mergeKey: '' };
    const parts: string[] = [];
    for (const tensor of tensors) {
      if (tensor.shape.length === 0 || tensor.shape[0] !== rows) {
        // No shared batch dimension: this request can only run on its own.
        return { rows, mergeKey: `unmergeable:${unmergeableCounter++}` };
      }
      parts.push(`${tensor.name}:${tensor.datatype}:${tensor.shape.slice(1).join('x')}`);
    }
    return { rows, mergeKey: parts.sort().join('|') };
  }

  private shouldDispatch(now: number): boolean {
    if (this.inFlight === 0 || this.maxQueueDelayMs === 0) return true;
    if (this.queuedRows >= this.maxBatchSize) return true;
    const largestPreferred = this.preferredBatchSizes[0];
    if (largestPreferred !== undefined && this.queuedRows >= largestPreferred) return true;
    const oldest = this.queue[0] as QueuedRequest;
    return now - oldest.enqueuedAt >= this.maxQueueDelayMs;
  }

  private schedule(): void {
    if (this.delayTimer) {
      clearTimeout(this.delayTimer);
      this.delayTimer = undefined;
    }
    while (this.inFlight < this.maxConcurrentBatches && this.queue.length > 0) {
      const now = performance.now();
      if (!this.shouldDispatch(now)) {
        const oldest = this.queue[0] as QueuedRequest;
        const wait = Math.max(0, this.maxQueueDelayMs - (now - oldest.enqueuedAt));
        this.delayTimer = setTimeout(() => this.schedule(), wait);
        return;
      }
      const batch = this.takeBatch();
      if (batch.length > 0) void this.execute(batch, now);
    }
  }

  /** Removes requests whose clients went away, rejecting them as cancelled. */
  private pruneAborted(): void {
    for (let index = this.queue.length - 1; index >= 0; index--) {
      const request = this.queue[index] as QueuedRequest;
      if (request.signal?.aborted) {
        this.queue.splice(index, 1);
        this.queuedRows -= request.rows;
        request.reject(cancelledError(this.label));
      }
    }
    this.notifyIfIdle();
  }

  private takeBatch(): QueuedRequest[] {
    this.pruneAborted();
    const head = this.queue[0];
    if (head === undefined) return [];
    const batch: QueuedRequest[] = [];
    let rows = 0;
    for (let index = 0; index < this.queue.length; ) {
      const request = this.queue[index] as QueuedRequest;
      const fits = batch.length === 0 || rows + request.rows <= this.maxBatchSize;
      if (request.mergeKey === head.mergeKey && this.maxBatchSize > 1 && fits) {
        batch.push(request);
        rows += request.rows;
        this.queue.splice(index, 1);
        if (rows >= this.maxBatchSize) break;
      } else if (batch.length === 0) {
        batch.push(request);
        rows += request.rows;
        this.queue.splice(index, 1);
        break;
      } else {
        index++;
      }
    }
    const trimmed = this.trimToPreferred(batch);
    for (const request of trimmed) this.queuedRows -= request.rows;
    return trimmed;
  }

  /** Puts back the tail of a batch so it ends on the largest preferred size it can reach. */
  private trimToPreferred(batch: QueuedRequest[]): QueuedRequest[] {
    if (this.preferredBatchSizes.length === 0 || batch.length <= 1) return batch;
    let rows = 0;
    let cut = -1;
    let cutRows = 0;
    batch.forEach((request, index) => {
      rows += request.rows;
      if (this.preferredBatchSizes.includes(rows) && rows > cutRows) {
        cut = index + 1;
        cutRows = rows;
      }
    });
    if (cut < 0 || cut === batch.length) return batch;
    this.queue.unshift(...batch.slice(cut));
    return batch.slice(0, cut);
  }

  private async execute(batch: QueuedRequest[], startedAt: number): Promise<void> {
    this.inFlight++;
    for (const request of batch) this.observer.onDequeue?.((startedAt - request.enqueuedAt) / 1000);
    try {
      const live = batch.filter(request => !request.settled);
      if (live.length === 1) {
        await this.runOne(live[0] as QueuedRequest);
      } else if (live.length > 1) {
        await this.runMerged(live);
      }
    } finally {
      this.inFlight--;
      this.schedule();
      this.notifyIfIdle();
    }
  }

  private async timedRun(inputs: TensorMap, rows: number): Promise<TensorMap> {
    const started = performance.now();
    const outputs = await this.run(inputs);
    this.observer.onBatch?.(rows, (performance.now() - started) / 1000);
    return outputs;
  }

  private async runOne(request: QueuedRequest): Promise<void> {
    try {
      request.resolve(await this.timedRun(request.inputs, request.rows));
    } catch (error) {
      request.reject(error);
    }
  }

  private async runMerged(batch: QueuedRequest[]): Promise<void> {
    const rows = batch.reduce((sum, request) => sum + request.rows, 0);
    try {
      const outputs = await this.timedRun(mergeInputs(batch), rows);
      const split = splitOutputs(outputs, batch, rows, this.label);
      for (const [index, request] of batch.entries()) request.resolve(split[index] as TensorMap);
    } catch {
      // One bad request must not fail its neighbours: retry each on its own, in order.
      for (const request of batch) {
        if (!request.settled) await this.runOne(request);
      }
    }
  }

  private notifyIfIdle(): void {
    if (this.queue.length > 0 || this.inFlight > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

function deadlineError(label: string): TimeoutError {
  return new TimeoutError({
    code: 'DEADLINE_EXCEEDED',
    message: `The request to ${label} did not finish before its deadline.`,
    details: { model: label },
  });
}

function cancelledError(label: string): BallastError {
  return new BallastError({
    code: 'REQUEST_CANCELLED',
    message: `The client closed the request to ${label} before it finished.`,
    details: { model: label },
  });
}

import { Counter, Gauge, Registry } from 'prom-client';
import { FastHistogram } from './fast-histogram';

/**
 * Options for the server's Prometheus metrics.
 */
export interface MetricsOptions {
  /** Registry to register on; default a new one per server (never the global registry). */
  registry?: Registry;
  /** Metric name prefix; default "ballast". */
  namespace?: string;
  /** Request duration buckets in seconds; default the OpenTelemetry HTTP server buckets. */
  durationBuckets?: number[];
}

/**
 * How a request ended, the `outcome` label of `<ns>_inference_requests_total`.
 */
export type RequestOutcome =
  | 'success'
  | 'invalid_input'
  | 'not_found'
  | 'not_ready'
  | 'overloaded'
  | 'deadline_exceeded'
  | 'cancelled'
  | 'model_error';

const otelDurationBuckets = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

/** Metric children bound to one model version, so the hot path skips label hashing. */
export interface VersionMetrics {
  requests(outcome: RequestOutcome): { inc(): void };
  requestDuration: { observe(value: number): void };
  queueDuration: { observe(value: number): void };
  computeDuration: { observe(value: number): void };
  batchSize: { observe(value: number): void };
  inFlight: { inc(): void; dec(): void };
}

/**
 * The serving metrics, in seconds with `_total` counters, labelled by model and version.
 *
 * @example
 * ```ts
 * const metrics = new ServerMetrics({ namespace: 'fraud' });
 * const text = await metrics.registry.metrics();
 * ```
 */
export class ServerMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'model' | 'version' | 'outcome'>;
  readonly requestDuration: FastHistogram;
  readonly queueDuration: FastHistogram;
  readonly computeDuration: FastHistogram;
  readonly batchSize: FastHistogram;
  readonly inFlight: Gauge<'model'>;
  readonly modelReady: Gauge<'model' | 'version'>;
  readonly shadowRequests: Counter<'model' | 'version' | 'outcome'>;
  readonly payloadRecords: Counter<'result'>;

  constructor(options: MetricsOptions = {}) {
    this.registry = options.registry ?? new Registry();
    const prefix = `${options.namespace ?? 'ballast'}_`;
    const registers = [this.registry];
    const buckets = options.durationBuckets ?? otelDurationBuckets;
    this.requests = new Counter({
      name: `${prefix}inference_requests_total`,
      help: 'Inference requests by model, version and outcome.',
      labelNames: ['model', 'version', 'outcome'],
      registers,
      // Hot-path increments land in plain counters; they reach prom-client when scraped.
      collect: () => {
        for (const count of this.pendingRequests) {
          if (count.pending === 0) continue;
          this.requests.inc(count.labels, count.pending);
          count.pending = 0;
        }
      },
    });
    this.requestDuration = new FastHistogram({
      name: `${prefix}inference_request_duration_seconds`,
      help: 'Time from receiving an inference request to its response, in seconds.',
      buckets,
      registers,
    });
    this.queueDuration = new FastHistogram({
      name: `${prefix}inference_queue_duration_seconds`,
      help: 'Time a request waited in the batching queue, in seconds.',
      buckets,
      registers,
    });
    this.computeDuration = new FastHistogram({
      name: `${prefix}inference_compute_duration_seconds`,
      help: 'Time of one model call (a whole batch), in seconds.',
      buckets,
      registers,
    });
    this.batchSize = new FastHistogram({
      name: `${prefix}inference_batch_size`,
      help: 'Rows per model call after dynamic batching.',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers,
    });
    this.inFlight = new Gauge({
      name: `${prefix}inference_requests_in_flight`,
      help: 'Inference requests being served now (queued or running).',
      labelNames: ['model'],
      registers,
      collect: () => {
        for (const [model, gauge] of this.inFlightByModel)
          this.inFlight.set({ model }, gauge.value);
      },
    });
    this.modelReady = new Gauge({
      name: `${prefix}model_ready`,
      help: '1 when the model version is loaded, warmed up and serving; 0 otherwise.',
      labelNames: ['model', 'version'],
      registers,
    });
    this.shadowRequests = new Counter({
      name: `${prefix}shadow_requests_total`,
      help: 'Mirrored (shadow) requests by outcome; their responses are discarded.',
      labelNames: ['model', 'version', 'outcome'],
      registers,
    });
    this.payloadRecords = new Counter({
      name: `${prefix}payload_records_total`,
      help: 'Payload log records by result: written, dropped (buffer full) or failed (sink error).',
      labelNames: ['result'],
      registers,
    });
  }

  private readonly versionCache = new Map<string, VersionMetrics>();
  private readonly pendingRequests: PendingCount[] = [];
  private readonly inFlightByModel = new Map<string, InFlightCount>();

  /**
   * The children for one model version, created once and reused: counters and the in-flight
   * gauge are plain numbers published when the registry is scraped, histograms are bound
   * {@link FastHistogram} children, so a request pays no label hashing.
   */
  forVersion(model: string, version: string): VersionMetrics {
    const key = `${model}\u0000${version}`;
    let bound = this.versionCache.get(key);
    if (!bound) {
      const labels = { model, version };
      const outcomes: Partial<Record<RequestOutcome, PendingCount>> = {};
      let inFlight = this.inFlightByModel.get(model);
      if (inFlight === undefined) {
        const count: InFlightCount = {
          value: 0,
          inc: () => {
            count.value++;
          },
          dec: () => {
            count.value--;
          },
        };
        inFlight = count;
        this.inFlightByModel.set(model, count);
      }
      bound = {
        requests: outcome => {
          let child = outcomes[outcome];
          if (child === undefined) {
            const count: PendingCount = {
              labels: { ...labels, outcome },
              pending: 0,
              inc: () => {
                count.pending++;
              },
            };
            child = count;
            outcomes[outcome] = count;
            this.pendingRequests.push(count);
          }
          return child;
        },
        requestDuration: this.requestDuration.child(labels),
        queueDuration: this.queueDuration.child(labels),
        computeDuration: this.computeDuration.child(labels),
        batchSize: this.batchSize.child(labels),
        inFlight,
      };
      this.versionCache.set(key, bound);
    }
    return bound;
  }
}

interface PendingCount {
  labels: Record<string, string>;
  pending: number;
  inc(): void;
}

interface InFlightCount {
  value: number;
  inc(): void;
  dec(): void;
}

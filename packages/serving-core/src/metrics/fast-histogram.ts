import type { Metric, MetricValue, Registry } from 'prom-client';

/** One label set's buckets: a plain counter per upper bound, plus sum and count. */
export interface FastHistogramChild {
  observe(value: number): void;
}

interface ChildState extends FastHistogramChild {
  labels: Record<string, string>;
  buckets: Float64Array;
  sum: number;
  count: number;
}

/**
 * A labelled Prometheus histogram for the request hot path, exposed through a prom-client
 * `Registry` in the same text format as prom-client's `Histogram`. prom-client re-validates and
 * re-hashes the labels and looks the bucket up by its stringified bound on every `observe` (about
 * 2 µs, four times per request); here a child is bound once per label set and an observation is a
 * bound search and three additions.
 *
 * @example
 * ```ts
 * const histogram = new FastHistogram({ name: 'latency_seconds', help: 'Latency.', buckets: [0.1, 1], registers: [registry] });
 * histogram.child({ model: 'iris' }).observe(0.05);
 * ```
 */
export class FastHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly upperBounds: number[];
  private readonly children = new Map<string, ChildState>();

  constructor(options: { name: string; help: string; buckets: number[]; registers: Registry[] }) {
    this.name = options.name;
    this.help = options.help;
    this.upperBounds = [...options.buckets].sort((a, b) => a - b);
    // The registry only calls get() and reset(), which this class implements with prom-client's
    // shapes; its typings name prom-client's own classes, hence the cast.
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  /** The child for one label set, created once and then reused. */
  child(labels: Record<string, string>): FastHistogramChild {
    const key = JSON.stringify(labels);
    let state = this.children.get(key);
    if (state === undefined) {
      const bounds = this.upperBounds;
      const created: ChildState = {
        labels: { ...labels },
        buckets: new Float64Array(bounds.length),
        sum: 0,
        count: 0,
        observe(value: number) {
          if (!Number.isFinite(value)) {
            throw new TypeError(`Value is not a valid number: ${value}`);
          }
          created.sum += value;
          created.count++;
          for (let index = 0; index < bounds.length; index++) {
            if (value <= (bounds[index] as number)) {
              (created.buckets as Float64Array)[index] = (created.buckets[index] as number) + 1;
              return;
            }
          }
        },
      };
      state = created;
      this.children.set(key, state);
    }
    return state;
  }

  /** The values in prom-client's `get()` shape: cumulative `_bucket` rows, `_sum` and `_count`. */
  async get(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: MetricValue<string>[];
    aggregator: 'sum';
  }> {
    const values: Array<MetricValue<string> & { metricName: string }> = [];
    for (const state of this.children.values()) {
      let cumulative = 0;
      for (const [index, bound] of this.upperBounds.entries()) {
        cumulative += state.buckets[index] as number;
        values.push({
          metricName: `${this.name}_bucket`,
          labels: { le: bound, ...state.labels },
          value: cumulative,
        });
      }
      values.push(
        {
          metricName: `${this.name}_bucket`,
          labels: { le: '+Inf', ...state.labels },
          value: state.count,
        },
        { metricName: `${this.name}_sum`, labels: { ...state.labels }, value: state.sum },
        { metricName: `${this.name}_count`, labels: { ...state.labels }, value: state.count },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }

  /** Zeroes every child (what `registry.resetMetrics()` calls). */
  reset(): void {
    for (const state of this.children.values()) {
      state.buckets.fill(0);
      state.sum = 0;
      state.count = 0;
    }
  }
}

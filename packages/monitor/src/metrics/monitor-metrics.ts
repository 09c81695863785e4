import { Counter, Gauge, Registry } from 'prom-client';
import type { WindowResult } from '../monitor/window-result';
import type { PerformanceEstimate } from '../performance/cbpe';

/** Every metric the monitor exports, by name (all prefixed `ballast_monitor_`). */
export const monitorMetricNames = {
  rowsTotal: 'ballast_monitor_rows_total',
  windowsTotal: 'ballast_monitor_windows_total',
  windowRows: 'ballast_monitor_window_rows',
  featureDriftScore: 'ballast_monitor_feature_drift_score',
  featureDrifted: 'ballast_monitor_feature_drifted',
  datasetDriftShare: 'ballast_monitor_dataset_drift_share_ratio',
  datasetDrifted: 'ballast_monitor_dataset_drifted',
  missingShare: 'ballast_monitor_missing_share_ratio',
  outOfDomainShare: 'ballast_monitor_out_of_domain_share_ratio',
  validationSuccess: 'ballast_monitor_validation_success',
  estimatedPerformance: 'ballast_monitor_estimated_performance',
  estimatedPerformanceLower: 'ballast_monitor_estimated_performance_lower',
  estimatedPerformanceUpper: 'ballast_monitor_estimated_performance_upper',
  realisedPerformance: 'ballast_monitor_realised_performance',
  labelsTotal: 'ballast_monitor_labels_total',
  alertsOpen: 'ballast_monitor_alerts_open',
  alertsTotal: 'ballast_monitor_alerts_total',
} as const;

const help: Record<keyof typeof monitorMetricNames, string> = {
  rowsTotal: 'Payload rows ingested by the monitor.',
  windowsTotal: 'Windows closed and analysed.',
  windowRows: 'Rows in the latest closed window.',
  featureDriftScore: 'Drift statistic of the feature in the latest window (method per feature).',
  featureDrifted: '1 when the feature drifted in the latest window, else 0.',
  datasetDriftShare: 'Share of compared features that drifted in the latest window.',
  datasetDrifted: '1 when the dataset drifted in the latest window, else 0.',
  missingShare: 'Share of rows where the feature was missing in the latest window.',
  outOfDomainShare: 'Share of present values outside the reference range or categories.',
  validationSuccess: '1 when the validation suite passed on the latest window, else 0.',
  estimatedPerformance: 'CBPE estimate of the metric on the latest window (no labels needed).',
  estimatedPerformanceLower: 'Lower end of the CBPE sampling band (estimate - 3 SE).',
  estimatedPerformanceUpper: 'Upper end of the CBPE sampling band (estimate + 3 SE).',
  realisedPerformance: 'Metric computed from joined labels, for the latest window with labels.',
  labelsTotal: 'Labels received, by outcome (joined, late, unknown).',
  alertsOpen: 'Drift alerts open now.',
  alertsTotal: 'Drift alerts opened.',
};

type Labels = Record<string, string>;

// The monitors whose latest window each of our gauges publishes when it is collected. A gauge
// is shared by every monitor on its registry (one per model), so collecting it asks all of them.
const attached = new WeakMap<Gauge<string>, Set<MonitorMetrics>>();

function publishAttached(this: Gauge<string>): void {
  for (const metrics of attached.get(this) ?? []) metrics.publishPending();
}

/**
 * The monitor's Prometheus metrics on one registry. Labels stay bounded: model, version,
 * feature (the configured columns), metric (a fixed set) and outcome (three values).
 *
 * Gauges of a window are set when the registry is collected (a scrape), from the latest window:
 * windows may close hundreds of times between two scrapes, and each set validates and hashes
 * its labels (about 90 label sets per window of 20 features). Counters count as things happen.
 */
export class MonitorMetrics {
  readonly registry: Registry;
  private readonly base: Labels;
  private readonly gauges = new Map<string, Gauge<string>>();
  private readonly counters = new Map<string, Counter<string>>();
  /** The latest window, until a collect publishes it. */
  private pending: WindowResult | undefined;
  /** False when a gauge came from elsewhere (registered by the application): publish at once. */
  private readonly deferred: boolean;

  constructor(model: { name: string; version?: string }, registry?: Registry) {
    this.registry = registry ?? new Registry();
    this.base = { model: model.name, version: model.version ?? '' };
    const labelNames = (key: keyof typeof monitorMetricNames): string[] => {
      if (
        ['featureDriftScore', 'featureDrifted', 'missingShare', 'outOfDomainShare'].includes(key)
      ) {
        return ['model', 'version', 'feature'];
      }
      if (key.includes('Performance')) return ['model', 'version', 'metric'];
      if (key === 'labelsTotal') return ['model', 'version', 'outcome'];
      return ['model', 'version'];
    };
    let deferred = true;
    for (const key of Object.keys(monitorMetricNames) as (keyof typeof monitorMetricNames)[]) {
      const name = monitorMetricNames[key];
      // Another monitor on the same registry (a second model) shares the metric: reuse it.
      const existing = this.registry.getSingleMetric(name);
      const isCounter = name.endsWith('_total');
      const metric =
        existing ??
        (isCounter
          ? new Counter({
              name,
              help: help[key],
              labelNames: labelNames(key),
              registers: [this.registry],
            })
          : new Gauge({
              name,
              help: help[key],
              labelNames: labelNames(key),
              registers: [this.registry],
              collect: publishAttached,
            }));
      if (isCounter) this.counters.set(key, metric as Counter<string>);
      else {
        const gauge = metric as Gauge<string>;
        this.gauges.set(key, gauge);
        if (existing === undefined) attached.set(gauge, new Set());
        const monitors = attached.get(gauge);
        if (monitors) monitors.add(this);
        else deferred = false;
      }
    }
    this.deferred = deferred;
    this.gauge('alertsOpen', 0);
    this.count('alertsTotal', 0);
    this.count('windowsTotal', 0);
    this.count('rowsTotal', 0);
  }

  /** Sets a gauge for this model with extra labels. */
  gauge(key: keyof typeof monitorMetricNames, value: number, labels: Labels = {}): void {
    this.gauges.get(key)?.set({ ...this.base, ...labels }, value);
  }

  /** Increments a counter for this model with extra labels. */
  count(key: keyof typeof monitorMetricNames, by = 1, labels: Labels = {}): void {
    this.counters.get(key)?.inc({ ...this.base, ...labels }, by);
  }

  /** Records what one analysed window found: counted now, its gauges set at the next collect. */
  window(result: WindowResult): void {
    this.count('windowsTotal');
    const opened = result.alerts.filter(alert => alert.status === 'open').length;
    if (opened > 0) this.count('alertsTotal', opened);
    this.pending = result;
    if (!this.deferred) this.publishPending();
  }

  /** Sets the gauges from the latest window, if one closed since they were last set. */
  publishPending(): void {
    const result = this.pending;
    if (result === undefined) return;
    this.pending = undefined;
    this.gauge('windowRows', result.rows);
    for (const column of result.drift.columns) {
      const labels = { feature: column.column };
      if (column.statistic !== null) this.gauge('featureDriftScore', column.statistic, labels);
      this.gauge('featureDrifted', column.drifted ? 1 : 0, labels);
    }
    this.gauge('datasetDriftShare', result.drift.dataset.share);
    this.gauge('datasetDrifted', result.drift.dataset.drifted ? 1 : 0);
    for (const column of result.quality) {
      this.gauge('missingShare', column.missingShare, { feature: column.column });
      this.gauge('outOfDomainShare', column.outOfDomainShare, { feature: column.column });
    }
    if (result.validation) this.gauge('validationSuccess', result.validation.success ? 1 : 0);
    if (result.estimated) this.estimate(result.estimated);
    this.gauge('alertsOpen', result.openAlerts);
  }

  /** Publishes a CBPE estimate. */
  estimate(estimate: PerformanceEstimate): void {
    for (const metric of ['accuracy', 'precision', 'recall', 'f1', 'rocAuc'] as const) {
      const value = estimate[metric];
      if (!value) continue;
      const labels = { metric: metricLabel(metric) };
      this.gauge('estimatedPerformance', value.value, labels);
      this.gauge('estimatedPerformanceLower', value.lower, labels);
      this.gauge('estimatedPerformanceUpper', value.upper, labels);
    }
  }

  /** Publishes realised metrics. */
  realised(metrics: Readonly<Record<string, number | undefined>>): void {
    for (const [metric, value] of Object.entries(metrics)) {
      if (value !== undefined)
        this.gauge('realisedPerformance', value, { metric: metricLabel(metric) });
    }
  }
}

function metricLabel(metric: string): string {
  return metric === 'rocAuc' ? 'roc_auc' : metric;
}

import type { DatasetProfile, LineageEmitter } from '@ballast/contracts';
import type { ExpectationSuite } from '@ballast/data-validation';
import type { Registry } from 'prom-client';
import type { MonitorAlert } from '../alerts/monitor-alert';
import type { WebhookOptions } from '../alerts/webhook-outbox';
import type { ReferenceInput } from '../drift/compare-window';
import type { FeatureNames } from '../features/payload-rows';
import type { WindowPerformance, WindowResult } from '../monitor/window-result';

/**
 * How traffic is cut into windows: every `rows` rows, or every `every` of request time
 * (`'5m'`, `'1h'`, or milliseconds). Tumbling by default; with `sliding` (rows, or a duration)
 * a window of that size is reported every `sliding` step instead.
 */
export type WindowOptions =
  | { rows: number; sliding?: number }
  | { every: string | number; sliding?: string | number };

/** Performance monitoring: realised metrics from late labels, and CBPE estimates without them. */
export interface PerformanceOptions {
  /** `binary` classifier (a score in [0, 1] per row) or `regression`. */
  task: 'binary' | 'regression';
  /** Column holding the prediction: the positive-class score, or the predicted value. */
  prediction: string;
  /** Score at or above which the predicted class is 1 (default 0.5). */
  threshold?: number;
  /** How long after a request its label may arrive (default `'24h'`). */
  labelHorizon?: string | number;
  /** Predictions held waiting for labels at most (default 100 000; the oldest go first). */
  maxPendingLabels?: number;
  /** Reference scores and true labels of a binary classifier: enables CBPE estimates. */
  reference?: { scores: readonly number[]; labels: readonly (number | boolean)[] };
}

/** Alert hysteresis and delivery. */
export interface AlertOptions {
  /** Consecutive drifted windows that open an alert (default 2). */
  openAfter?: number;
  /** Consecutive clean windows that resolve it (default 3). */
  resolveAfter?: number;
  /** Also alert on dataset drift (share of drifted features ≥ `driftShare`; default true). */
  dataset?: boolean;
  /** Also alert when a CBPE estimate leaves its reference thresholds (default true). */
  performance?: boolean;
  /** POST every alert transition to this webhook, through a durable outbox. */
  webhook?: WebhookOptions;
}

/** What {@link MonitorOptions.onDrift} receives: the window and the alerts it opened. */
export interface DriftEvent {
  /** The window whose analysis opened the alerts. */
  window: WindowResult;
  /** Alerts opened by this window. */
  opened: MonitorAlert[];
}

/** Options of `createMonitor`. */
export interface MonitorOptions {
  /** The monitored model; payloads of other models are ignored. */
  model: { name: string; version?: string };
  /** The reference: a `DatasetProfile`, an Arrow table or an object of named columns. */
  reference: DatasetProfile | ReferenceInput;
  /** How traffic is cut into windows (default `{ rows: 1000 }`). */
  window?: WindowOptions;
  /** Column names of tensor elements, by tensor (default `<tensor>_<index>`). */
  features?: FeatureNames;
  /** Reference columns to compare (default: every reference column). */
  columns?: readonly string[];
  /** Drift method per column (`ks`, `wasserstein`, `psi`, `jensenshannon`, ...; default Evidently's choice). */
  methods?: Readonly<Record<string, string>>;
  /** Drift threshold per column (default the method's Evidently threshold). */
  thresholds?: Readonly<Record<string, number>>;
  /** Multiple-testing correction across columns (default `'none'`, as Evidently). */
  correction?: 'none' | 'bonferroni' | 'benjamini-hochberg';
  /** Share of drifted columns at which the dataset drifts (default 0.5). */
  driftShare?: number;
  /** Rows sampled per window for drift and validation (default 5000). */
  sampleSize?: number;
  /** A data-validation suite run on every window's sample. */
  suite?: ExpectationSuite | string | object;
  /** Performance monitoring. */
  performance?: PerformanceOptions;
  /** Alert hysteresis and delivery. */
  alerts?: AlertOptions;
  /** Where reports, checkpoints and the alert outbox live (default `.ballast/monitor`); false keeps nothing on disk. */
  directory?: string | false;
  /** Longest time ingested rows wait before the open window is checkpointed, in ms (default 1000; 0 after every write). */
  checkpointIntervalMs?: number;
  /** prom-client registry to register the metrics on (default the monitor's own `monitor.registry`). */
  registry?: Registry;
  /** Emits one OpenLineage run per window. */
  lineage?: LineageEmitter;
  /** OpenLineage namespace of the monitor's job and datasets (default `ballast`). */
  lineageNamespace?: string;
  /** Seed of the row sampling (default 0), for reproducible reports. */
  seed?: number;
  /**
   * Where a closed window's sample is analysed (drift against the reference, the suite):
   * `'worker'` (default) in a worker thread the monitor starts on the first window and stops on
   * `close()`, so serving's event loop only gathers the sample and commits the result;
   * `'inline'` on the monitor's own thread (one core, no worker; for runtimes without
   * `worker_threads`). Alert state, persistence, metrics, lineage and callbacks stay on the
   * monitor's thread in window order either way. Should the worker fail, its windows are
   * analysed inline (the error goes to `onError`), and after 3 failures in a row every window is.
   */
  analysis?: 'worker' | 'inline';
  /**
   * The `file:` URL of the built analysis worker (default `analysis-worker.js`, or `.cjs`, next
   * to the package's bundle); set it when bundling the monitor into another file.
   */
  analysisWorkerUrl?: string | URL;
  /** Called with every analysed window. */
  onWindow?: (window: WindowResult) => void | Promise<void>;
  /** Called when an alert opens or resolves. */
  onAlert?: (alert: MonitorAlert) => void | Promise<void>;
  /** The continuous-training hook: called when a window opens one or more drift alerts. */
  onDrift?: (event: DriftEvent) => void | Promise<void>;
  /** Called when labels update a window's realised performance. */
  onPerformance?: (performance: WindowPerformance) => void | Promise<void>;
  /** Called with errors of background work (analysis, persistence, delivery); default `console.error`. */
  onError?: (error: unknown) => void;
}

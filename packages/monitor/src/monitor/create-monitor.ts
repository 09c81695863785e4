import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ConflictError,
  type DatasetProfile,
  type InferencePayload,
  InvalidInputError,
  type TypedInferencePayload,
} from '@ballast/contracts';
import { type ExpectationSuite, parseSuite } from '@ballast/data-validation';
import type { Registry } from 'prom-client';
import { AlertTracker } from '../alerts/alert-tracker';
import { driftObservations } from '../alerts/drift-observations';
import { performanceObservations } from '../alerts/performance-observations';
import type { MonitorAlert } from '../alerts/monitor-alert';
import { WebhookOutbox } from '../alerts/webhook-outbox';
import { SampleAnalyser } from '../analysis/sample-analyser';
import type { AnalysisSettings, SampleAnalysis } from '../analysis/window-analysis';
import { prepareReference } from '../drift/compare-window';
import { referenceDomains } from '../features/column-domain';
import { ColumnRegistry } from '../features/column-registry';
import { MonitorMetrics } from '../metrics/monitor-metrics';
import type { MonitorOptions } from '../options/monitor-options';
import { type ResolvedOptions, resolveOptions } from '../options/resolve-options';
import type { PerformanceEstimate } from '../performance/cbpe';
import { PerformanceTracking } from '../performance/performance-tracking';
import {
  loadClosedWindow,
  type MonitorCheckpoint,
  storeClosedWindow,
} from '../persistence/monitor-checkpoint';
import { ReportStore } from '../persistence/report-store';
import type { ClosedWindow, SampleColumn } from '../windows/closed-window';
import { WindowCutter } from '../windows/window-cutter';
import type { LabelJoinSummary, LabelRecord, Monitor } from './monitor';
import { publishWindow, type WindowAudience } from './publish-window';
import type { WindowResult } from './window-result';
// Closed windows waiting for analysis at most (each holds its row sample): beyond, ingestion
// waits for the analyses, so a large write cannot make memory grow.
const MAX_WINDOWS_AWAITING_ANALYSIS = 16;

/** A window analysed and not yet committed: its result, its alert transitions, the alert state after it. */
interface AnalysedWindow {
  result: WindowResult;
  transitions: MonitorAlert[];
  alertState: MonitorCheckpoint['alerts'];
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

class MonitorRuntime implements Monitor {
  readonly specificationVersion = 'v1' as const;
  readonly reference: DatasetProfile;
  private readonly settings: ResolvedOptions;
  private readonly store: ReportStore | undefined;
  private readonly metrics: MonitorMetrics;
  private readonly tracker: AlertTracker;
  private readonly performance: PerformanceTracking | undefined;
  private readonly outbox: WebhookOutbox | undefined;
  private readonly audience: WindowAudience;
  private readonly suite: ExpectationSuite | undefined;
  // Cuts the traffic into windows; this runtime analyses, commits and publishes what it closes.
  private readonly windows: WindowCutter;
  private analysedThrough = -1;
  private closing: ClosedWindow[] = [];
  private queue: Promise<void> = Promise.resolve();
  private ingesting: Promise<void> = Promise.resolve();
  // Closed windows of the analysis job last queued, while it is the last job and has not started:
  // windows closed in a row are analysed by one job and committed together (one durable append
  // per report file for all of them, instead of two or more per window).
  private pendingAnalysis: ClosedWindow[] | undefined;
  // Where closed windows are analysed (the analysis worker, or this thread).
  private readonly analyser: SampleAnalyser;
  private warmed = false;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private windowTimer: NodeJS.Timeout | undefined;
  private dirty = false;
  private closed = false;

  constructor(private readonly options: MonitorOptions) {
    this.settings = resolveOptions(options);
    this.reference = prepareReference(options.reference, this.settings.seed);
    this.suite = options.suite === undefined ? undefined : parseMonitorSuite(options.suite);
    const analysisSettings: AnalysisSettings = {
      compare: {
        ...(options.columns ? { columns: options.columns } : {}),
        ...(options.methods ? { methods: options.methods } : {}),
        ...(options.thresholds ? { thresholds: options.thresholds } : {}),
        ...(options.correction ? { correction: options.correction } : {}),
        ...(options.driftShare === undefined ? {} : { driftShare: options.driftShare }),
      },
      ...(this.suite ? { suite: this.suite } : {}),
    };
    this.analyser = new SampleAnalyser(
      this.settings.analysis,
      this.settings.workerUrl,
      this.reference,
      analysisSettings,
      error => this.report(error),
    );
    const expectedColumns = this.reference.columns.map(column => column.name);
    const registry = new ColumnRegistry(referenceDomains(this.reference), expectedColumns);
    this.store =
      this.settings.directory === undefined
        ? undefined
        : new ReportStore(resolve(this.settings.directory));
    this.metrics = new MonitorMetrics(options.model, options.registry);
    this.performance =
      options.performance &&
      new PerformanceTracking(options.performance, this.settings, this.metrics);
    const performance = this.performance;
    this.windows = new WindowCutter(
      options.model,
      options.features,
      this.settings,
      registry,
      expectedColumns,
      {
        ...(performance
          ? {
              counted: (rows, from, to, window) => performance.remember(rows, from, to, window),
            }
          : {}),
        closed: (closed, regather) => this.windowClosed(closed, regather),
      },
    );
    let trackerState: MonitorCheckpoint['alerts'] | undefined;
    if (this.store) {
      mkdirSync(this.store.directory, { recursive: true });
      trackerState = this.restore();
    }
    this.tracker = new AlertTracker(
      options.model,
      this.settings.openAfter,
      this.settings.resolveAfter,
      trackerState,
    );
    this.metrics.gauge('alertsOpen', this.tracker.open().length);
    if (this.store && options.alerts?.webhook) {
      this.outbox = new WebhookOutbox(this.store.directory, options.alerts.webhook, error =>
        this.report(error),
      );
      void this.outbox.deliver();
    }
    this.audience = {
      options,
      namespace: this.settings.lineageNamespace,
      ...(this.store ? { reportPath: this.store.path('drift') } : {}),
      ...(this.outbox ? { outbox: this.outbox } : {}),
      report: error => this.report(error),
    };
    if (this.settings.window.kind === 'time') {
      const paneMs = this.settings.window.paneMs;
      this.windowTimer = setInterval(
        () => {
          if (this.windows.closeElapsed(Date.now())) this.scheduleCheckpoint();
        },
        Math.min(paneMs, 1000),
      );
      this.windowTimer.unref();
    }
    for (const window of this.closing) this.enqueueAnalysis(window);
  }

  get registry(): Registry {
    return this.metrics.registry;
  }

  // Resumes from the checkpoint; the windows log decides what was already committed, so a crash
  // between committing a window and checkpointing neither loses nor repeats it.
  private restore(): MonitorCheckpoint['alerts'] | undefined {
    const store = this.store as ReportStore;
    let checkpoint: MonitorCheckpoint | undefined;
    try {
      checkpoint = store.readCheckpoint();
    } catch (error) {
      this.report(error);
    }
    const last = store.lastCommitted();
    const committed = last?.index ?? -1;
    const model = this.options.model;
    if (
      checkpoint &&
      (checkpoint.model.name !== model.name || checkpoint.model.version !== model.version)
    ) {
      // Another model or version (a new deployment in the same directory): its open window and
      // alert state do not carry over; window indices go on from the log.
      this.report(
        new ConflictError({
          code: 'CHECKPOINT_OF_OTHER_MODEL',
          message: `The checkpoint in ${store.directory} belongs to ${checkpoint.model.name}@${checkpoint.model.version ?? ''}, not ${model.name}@${model.version ?? ''}; starting with an empty window.`,
          details: { directory: store.directory },
        }),
      );
      this.windows.nextWindow = Math.max(committed + 1, checkpoint.nextWindow);
      return undefined;
    }
    this.windows.nextWindow = Math.max(committed + 1, checkpoint?.nextWindow ?? 0);
    this.analysedThrough = committed;
    if (!checkpoint) return last?.alertState;
    if (committed < checkpoint.nextWindow) {
      this.windows.restore(checkpoint);
    }
    this.closing = checkpoint.closing
      .filter(window => window.index > committed)
      .map(loadClosedWindow);
    this.performance?.restore(checkpoint);
    if (checkpoint.analysedThrough >= committed) {
      this.analysedThrough = checkpoint.analysedThrough;
      return checkpoint.alerts;
    }
    return last?.alertState ?? checkpoint.alerts;
  }

  private report(error: unknown): void {
    if (this.options.onError) this.options.onError(error);
    else console.error('[@ballast/monitor]', error);
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    // Windows closed after another job was queued are analysed after that job, as they would be
    // one job per window.
    this.pendingAnalysis = undefined;
    this.queue = this.queue.then(job).catch(error => this.report(error));
    return this.queue;
  }

  // Queues a closed window's analysis: into the analysis job queued last when it has not started
  // and nothing was queued after it, else as a new job.
  private enqueueAnalysis(closed: ClosedWindow): void {
    if (this.pendingAnalysis) {
      this.pendingAnalysis.push(closed);
      return;
    }
    const batch = [closed];
    this.enqueue(() => {
      if (this.pendingAnalysis === batch) this.pendingAnalysis = undefined;
      return this.analyseBatch(batch);
    });
    this.pendingAnalysis = batch;
  }

  // A window the cutter closed (which marks the cutter dirty): kept until committed (checkpoints
  // carry it), and queued for analysis.
  private windowClosed(closed: ClosedWindow, regather: () => Record<string, SampleColumn>): void {
    this.analyser.remember(closed.index, regather);
    this.closing.push(closed);
    this.enqueueAnalysis(closed);
  }

  write(records: InferencePayload[]): Promise<void> {
    return this.writeTyped(records);
  }

  writeTyped(records: TypedInferencePayload[]): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (!this.warmed) {
      // Traffic has begun: the analysis worker starts now, so its start-up is over before the
      // first window closes (and lands in a service's warm-up rather than in its first window).
      this.warmed = true;
      this.analyser.warm();
    }
    // Writes are ingested one after the other, in call order, even when callers do not await.
    const run = this.ingesting.then(() => this.ingestAll(records));
    this.ingesting = run.catch(error => this.report(error));
    // Resolves once ingested: the windows the records closed are analysed in the background
    // (see idle), so a payload logger's next batch never waits for a drift report. Only when
    // every write is checkpointed does it wait for that checkpoint (queued after the analyses).
    return this.store && this.settings.checkpointIntervalMs === 0
      ? run.then(() => this.queue)
      : run;
  }

  async idle(): Promise<void> {
    await this.ingesting;
    await this.queue;
  }

  private async ingestAll(records: readonly TypedInferencePayload[]): Promise<void> {
    const tally = { rows: 0 };
    let index = 0;
    const report = (error: unknown) => this.report(error);
    while (index < records.length) {
      if (this.closing.length >= MAX_WINDOWS_AWAITING_ANALYSIS) await this.queue;
      index = this.windows.ingestFrom(records, index, tally, report);
    }
    if (tally.rows > 0) this.metrics.count('rowsTotal', tally.rows);
    const joined = this.performance?.takeJoinedOnArrival();
    if (joined && joined.length > 0) void this.publishRealised(joined);
    this.scheduleCheckpoint();
  }

  // Analyses windows closed in a row, in order, then commits them together and publishes each
  // (metrics, lineage, callbacks) in order. A window whose analysis fails is reported and dropped,
  // as are the windows of a failed commit, so a persistent failure cannot make the list of windows
  // awaiting analysis (and the checkpoint) grow without bound.
  private async analyseBatch(batch: readonly ClosedWindow[]): Promise<void> {
    // CBPE reads the scores before the samples go to the worker.
    const estimates = batch.map(closed => this.performance?.estimate(closed.index, closed.sample));
    const remote = this.analyser.send(batch);
    const analysed: AnalysedWindow[] = [];
    let failed = false;
    for (const [position, closed] of batch.entries()) {
      try {
        const outcome = await remote?.[position];
        let sample = outcome && 'analysis' in outcome ? outcome.analysis : undefined;
        if (outcome && 'error' in outcome && !failed) {
          failed = true;
          this.report(outcome.error);
        }
        if (sample === undefined) {
          // Requests are served between windows: a group's analysis on this thread never blocks
          // the event loop longer than one window's.
          if (position > 0) await new Promise(resolve => setImmediate(resolve));
          sample = await this.analyser.analyseHere(closed);
        }
        analysed.push(this.completeWindow(closed, sample, estimates[position]));
      } catch (error) {
        this.drop([closed.index]);
        this.report(error);
      }
    }
    if (remote) this.analyser.settle(failed);
    if (analysed.length === 0) return;
    try {
      await this.store?.commitWindows(analysed);
    } catch (error) {
      this.drop(analysed.map(window => window.result.index));
      throw error;
    }
    this.drop(analysed.map(window => window.result.index));
    for (const { result, transitions } of analysed) {
      this.metrics.window(result);
      await publishWindow(this.audience, result, transitions);
    }
  }

  // Takes windows off the list of those awaiting analysis (done, or given up).
  private drop(indexes: readonly number[]): void {
    const gone = new Set(indexes);
    this.closing = this.closing.filter(window => !gone.has(window.index));
    for (const index of indexes) this.analyser.forget(index);
    this.dirty = true;
  }

  // The window's result from its sample analysis: alert transitions (in window order), result.
  private completeWindow(
    closed: ClosedWindow,
    { drift, validation }: SampleAnalysis,
    estimated: PerformanceEstimate | undefined,
  ): AnalysedWindow {
    const options = this.options;
    const end = iso(closed.end);
    const observations = driftObservations(drift, this.settings.datasetAlerts);
    if (estimated && this.settings.performanceAlerts) {
      observations.push(...performanceObservations(estimated));
    }
    const transitions = this.tracker.update(closed.index, end, observations);
    this.analysedThrough = closed.index;
    const result: WindowResult = {
      model: { ...options.model },
      index: closed.index,
      start: iso(closed.start),
      end,
      rows: closed.rows,
      sampleRows: closed.sampleRows,
      drift,
      ...(validation ? { validation } : {}),
      quality: closed.quality,
      ...(estimated ? { estimated } : {}),
      alerts: transitions,
      openAlerts: this.tracker.open().length,
    };
    return { result, transitions, alertState: this.tracker.toState() };
  }

  recordLabels(labels: readonly LabelRecord[]): Promise<LabelJoinSummary> {
    const performance = this.performance;
    if (!performance || this.closed) {
      return Promise.resolve({ joined: 0, late: 0, held: 0, unknown: labels.length });
    }
    const { summary, windows } = performance.join(labels);
    this.dirty = true;
    this.scheduleCheckpoint();
    return this.publishRealised(windows).then(() => summary);
  }

  // Publishes the realised performance of windows that labels updated (metrics, the report
  // store, onPerformance), after the analyses already queued.
  private publishRealised(windows: readonly number[]): Promise<void> {
    return this.enqueue(async () => {
      for (const window of windows) {
        const update = this.performance?.update(this.options.model, window);
        if (!update) continue;
        this.metrics.realised(update.realised as Record<string, number | undefined>);
        await this.store?.appendPerformance(update);
        try {
          await this.options.onPerformance?.(update);
        } catch (error) {
          this.report(error);
        }
      }
    });
  }

  private scheduleCheckpoint(): void {
    if (!this.store || this.closed) return;
    if (this.settings.checkpointIntervalMs === 0) {
      void this.checkpoint();
      return;
    }
    if (this.checkpointTimer) return;
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = undefined;
      void this.checkpoint();
    }, this.settings.checkpointIntervalMs);
    this.checkpointTimer.unref();
  }

  checkpoint(): Promise<void> {
    const store = this.store;
    if (!store) return this.queue;
    return this.enqueue(async () => {
      if (!this.dirty && !this.windows.dirty) return;
      this.dirty = false;
      this.windows.dirty = false;
      // The state is captured in one synchronous step, so it is consistent with the windows log.
      const state: MonitorCheckpoint = {
        version: 1,
        model: { ...this.options.model },
        ...this.windows.toState(),
        closing: this.closing.map(storeClosedWindow),
        analysedThrough: this.analysedThrough,
        alerts: this.tracker.toState(),
        ...(this.performance?.toState() ?? { pending: [], heldLabels: [], realised: {} }),
      };
      await store.writeCheckpoint(state);
    });
  }

  openAlerts(): MonitorAlert[] {
    return this.tracker.open();
  }

  async flush(): Promise<void> {
    await this.ingesting;
    this.windows.closeOpen();
    await this.checkpoint();
    await this.queue;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    clearTimeout(this.checkpointTimer);
    clearInterval(this.windowTimer);
    await this.outbox?.close();
    await this.queue;
    await this.analyser.terminate();
  }
}

function parseMonitorSuite(suite: ExpectationSuite | string | object): ExpectationSuite {
  try {
    return parseSuite(suite, { sourceName: 'suite' });
  } catch (cause) {
    throw new InvalidInputError({
      code: 'INVALID_MONITOR_OPTIONS',
      message: `monitor options: suite is not a valid expectation suite: ${(cause as Error).message}`,
      details: { path: 'suite' },
      cause,
    });
  }
}

/**
 * Creates a monitor for one model: it cuts served traffic into windows, compares each window's
 * inputs and outputs with the reference (drift-stats), summarises data quality and the suite's
 * results, estimates and joins performance, exports Prometheus metrics, raises alerts with
 * hysteresis, emits lineage, and persists reports and checkpoints under `directory`.
 *
 * @example
 * ```ts
 * import { createMonitor } from '@ballast/monitor';
 * import { createInferenceServer } from '@ballast/serving-core';
 *
 * const monitor = createMonitor({
 *   model: { name: 'weather', version: '3' },
 *   reference: { temp_max: trainTemp, precipitation: trainRain, wind: trainWind },
 *   features: { x: ['temp_max', 'precipitation', 'wind'] },
 *   window: { rows: 1000 },
 *   onAlert: alert => console.warn(`${alert.feature} drift ${alert.status}`),
 * });
 * const server = await createInferenceServer({ models, payloadLogging: { sink: monitor } });
 * // later
 * await monitor.close();
 * ```
 */
export function createMonitor(options: MonitorOptions): Monitor {
  return new MonitorRuntime(options);
}

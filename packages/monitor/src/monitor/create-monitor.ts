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
import type { CellValue } from '../features/cell-value';
import { referenceDomains } from '../features/column-domain';
import { ColumnRegistry } from '../features/column-registry';
import {
  cellAt,
  emptyPayloadRows,
  findColumn,
  type PayloadRows,
  payloadRows,
  rowId,
} from '../features/payload-rows';
import { RowRun } from '../features/row-run';
import { windowRunEvents } from '../lineage/window-run-events';
import { MonitorMetrics } from '../metrics/monitor-metrics';
import type { MonitorOptions } from '../options/monitor-options';
import { type ResolvedOptions, resolveOptions } from '../options/resolve-options';
import { Cbpe, type PerformanceEstimate } from '../performance/cbpe';
import { PendingPredictions } from '../performance/pending-predictions';
import { RealisedPerformance } from '../performance/realised-performance';
import {
  loadClosedWindow,
  type MonitorCheckpoint,
  storeClosedWindow,
} from '../persistence/monitor-checkpoint';
import { ReportStore } from '../persistence/report-store';
import { type ClosedWindow, closeWindow, sampleCell } from '../windows/closed-window';
import { WindowPane } from '../windows/window-pane';
import type { LabelJoinSummary, LabelRecord, Monitor } from './monitor';
import type { WindowPerformance, WindowResult } from './window-result';

// Realised performance and estimates are kept for this many recent windows (bounded memory).
const KEPT_PERFORMANCE_WINDOWS = 100;
// Closed windows waiting for analysis at most (each holds its row sample): beyond, ingestion
// waits for the analyses, so a large write cannot make memory grow.
const MAX_WINDOWS_AWAITING_ANALYSIS = 16;

function toNumber(value: CellValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

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
  private readonly columnRegistry: ColumnRegistry;
  private readonly expectedColumns: string[];
  private readonly metrics: MonitorMetrics;
  private readonly tracker: AlertTracker;
  private readonly cbpe: Cbpe | undefined;
  private readonly pending: PendingPredictions | undefined;
  private readonly realised = new Map<number, RealisedPerformance>();
  private readonly estimates = new Map<number, PerformanceEstimate>();
  // Windows whose realised performance labels held before their predictions updated, to publish.
  private readonly joinedOnArrival = new Set<number>();
  private readonly outbox: WebhookOutbox | undefined;
  private readonly suite: ExpectationSuite | undefined;
  private panes: WindowPane[] = [];
  private active: WindowPane | undefined;
  // Every request is read into this one object (see payloadRows): nothing keeps it past ingest.
  private readonly requestRows = emptyPayloadRows();
  private readonly run = new RowRun();
  private readonly runRequestRows = emptyPayloadRows();
  private stoppedAfterReading = false;
  private activeSlot: number | undefined;
  private lastClosedSlot: number | undefined;
  private nextWindow = 0;
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
    this.expectedColumns = this.reference.columns.map(column => column.name);
    this.columnRegistry = new ColumnRegistry(
      referenceDomains(this.reference),
      this.expectedColumns,
    );
    this.store =
      this.settings.directory === undefined
        ? undefined
        : new ReportStore(resolve(this.settings.directory));
    this.metrics = new MonitorMetrics(options.model, options.registry);
    const performance = options.performance;
    if (performance) {
      this.pending = new PendingPredictions(
        this.settings.labelHorizonMs,
        this.settings.maxPendingLabels,
      );
      if (performance.reference && performance.task === 'binary') {
        // Thresholds come from reference chunks the size of a window's sample.
        const window = this.settings.window;
        const chunkRows =
          window.kind === 'rows'
            ? Math.min(window.paneRows * window.panesPerWindow, this.settings.sampleSize)
            : undefined;
        this.cbpe = new Cbpe(
          performance.reference.scores,
          performance.reference.labels.map(label => Number(label)),
          this.settings.threshold,
          this.settings.seed,
          chunkRows,
        );
      }
    }
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
    if (this.settings.window.kind === 'time') {
      const paneMs = this.settings.window.paneMs;
      this.windowTimer = setInterval(() => this.closeElapsedPane(), Math.min(paneMs, 1000));
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
      this.nextWindow = Math.max(committed + 1, checkpoint.nextWindow);
      return undefined;
    }
    this.nextWindow = Math.max(committed + 1, checkpoint?.nextWindow ?? 0);
    this.analysedThrough = committed;
    if (!checkpoint) return last?.alertState;
    if (committed < checkpoint.nextWindow) {
      this.panes = checkpoint.panes.map(
        state =>
          new WindowPane(
            {
              index: state.index,
              startedAt: state.startedAt,
              sampleSize: this.settings.sampleSize,
              seed: this.settings.seed,
            },
            this.columnRegistry,
            state,
          ),
      );
      this.active = this.panes[this.panes.length - 1];
      this.activeSlot = checkpoint.activeSlot;
      this.lastClosedSlot = checkpoint.lastClosedSlot;
      if (this.active && this.isPaneFull(this.active)) this.active = undefined;
    }
    this.closing = checkpoint.closing
      .filter(window => window.index > committed)
      .map(loadClosedWindow);
    this.pending?.restore(checkpoint.pending, checkpoint.heldLabels ?? []);
    for (const [window, state] of Object.entries(checkpoint.realised)) {
      const task = this.options.performance?.task ?? 'binary';
      this.realised.set(
        Number(window),
        new RealisedPerformance(task, this.settings.threshold, state),
      );
    }
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

  private isPaneFull(pane: WindowPane): boolean {
    return this.settings.window.kind === 'rows' && pane.rows >= this.settings.window.paneRows;
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
    let rows = 0;
    let index = 0;
    // Whether `requestRows` holds the rows of records[index] already (read by gatherRun).
    let read = false;
    while (index < records.length) {
      if (this.closing.length >= MAX_WINDOWS_AWAITING_ANALYSIS) await this.queue;
      try {
        rows += this.ingest(records[index] as TypedInferencePayload, read);
      } catch (error) {
        this.report(error);
      }
      index += 1;
      // The requests after it that go to the same window, as one run.
      const run = this.run;
      run.reset();
      const end = this.gatherRun(records, index);
      read = this.stoppedAfterReading;
      if (run.requests === 0) continue;
      try {
        rows += this.ingestRun(records, index, end);
      } catch (error) {
        this.report(error);
      }
      index = end;
    }
    if (rows > 0) this.metrics.count('rowsTotal', rows);
    if (this.joinedOnArrival.size > 0) {
      const windows = [...this.joinedOnArrival].sort((a, b) => a - b);
      this.joinedOnArrival.clear();
      void this.publishRealised(windows);
    }
    this.scheduleCheckpoint();
  }

  // Adds one served request to the open window; returns the rows it carried. `read`: its rows are
  // in `requestRows` already.
  private ingest(record: TypedInferencePayload, read = false): number {
    if (!this.accepts(record)) return 0;
    const rows = read
      ? this.requestRows
      : payloadRows(record, this.options.features, this.requestRows);
    const count = rows.count;
    this.dirty = true;
    const window = this.settings.window;
    if (window.kind === 'time') {
      // A row of a slot already reported (it reached the monitor late) counts in the next one.
      let slot = Math.floor(rows.receivedAt / window.paneMs);
      if (this.lastClosedSlot !== undefined && slot <= this.lastClosedSlot) {
        slot = this.activeSlot ?? this.lastClosedSlot + 1;
      }
      if (this.active && this.activeSlot !== undefined && slot > this.activeSlot) this.closePane();
      if (!this.active) this.openPane(slot * window.paneMs, slot);
      (this.active as WindowPane).add(rows);
      this.remember(rows, 0, count);
      return count;
    }
    let offset = 0;
    while (offset < count) {
      if (!this.active) this.openPane(rows.receivedAt);
      const pane = this.active as WindowPane;
      const take = Math.min(count - offset, window.paneRows - pane.rows);
      pane.add(rows, offset, offset + take);
      this.remember(rows, offset, offset + take);
      offset += take;
      if (pane.rows >= window.paneRows) this.closePane();
    }
    return count;
  }

  // Gathers into `run` the records from `start` that join the open window as they come (the
  // model's, within the window's rows or time slot, of the run's layout); returns where it ended,
  // and sets `stoppedAfterReading` when the record it stopped at is read into `requestRows`.
  private gatherRun(records: readonly TypedInferencePayload[], start: number): number {
    this.stoppedAfterReading = false;
    const pane = this.active;
    if (!pane) return start;
    const window = this.settings.window;
    const run = this.run;
    const room = window.kind === 'rows' ? window.paneRows - pane.rows : Number.POSITIVE_INFINITY;
    const lastSlot = this.activeSlot ?? Number.POSITIVE_INFINITY;
    let index = start;
    for (; index < records.length; index += 1) {
      const record = records[index] as TypedInferencePayload;
      if (!this.accepts(record)) break;
      let rows: PayloadRows;
      try {
        rows = payloadRows(record, this.options.features, this.requestRows);
      } catch {
        break; // ingested on its own, which reports the error
      }
      if (
        run.rows.count + rows.count > room ||
        // A time window's run ends at a request of a later slot (which closes the window); an
        // earlier one joins, as a late row does.
        (window.kind === 'time' && Math.floor(rows.receivedAt / window.paneMs) > lastSlot) ||
        !run.append(rows)
      ) {
        this.stoppedAfterReading = true;
        break;
      }
    }
    return index;
  }

  // Adds a gathered run (records `start` to `end`) to the open window; returns its rows.
  private ingestRun(records: readonly TypedInferencePayload[], start: number, end: number): number {
    const pane = this.active as WindowPane;
    const rows = this.run.rows;
    this.dirty = true;
    pane.add(rows);
    if (this.pending) {
      // Read into an object of their own: `requestRows` may hold the record after the run.
      for (let index = start; index < end; index += 1) {
        const request = payloadRows(
          records[index] as TypedInferencePayload,
          this.options.features,
          this.runRequestRows,
        );
        this.remember(request, 0, request.count);
      }
    }
    if (this.isPaneFull(pane)) this.closePane();
    return rows.count;
  }

  private accepts(record: TypedInferencePayload): boolean {
    const model = this.options.model;
    if (record.model.name !== model.name) return false;
    return !(model.version && record.model.version && record.model.version !== model.version);
  }

  private remember(rows: PayloadRows, from: number, to: number): void {
    const pending = this.pending;
    if (!pending) return;
    const predictions = findColumn(rows, this.options.performance?.prediction as string);
    if (!predictions) return;
    for (let row = from; row < to; row += 1) {
      const prediction = toNumber(cellAt(predictions, row));
      if (prediction === undefined) continue;
      const id = rowId(rows, row);
      // A label that came first was held: joined now, within its horizon.
      const held = pending.heldLabels > 0 ? pending.claim(id, rows.receivedAt) : undefined;
      if (held) {
        this.realisedOf(this.nextWindow).add(prediction, held.label);
        this.metrics.count('labelsTotal', 1, { outcome: 'joined' });
        this.joinedOnArrival.add(this.nextWindow);
      } else {
        pending.add(id, { window: this.nextWindow, at: rows.receivedAt, prediction });
      }
    }
  }

  private realisedOf(window: number): RealisedPerformance {
    let realised = this.realised.get(window);
    if (!realised) {
      const task = this.options.performance?.task ?? 'binary';
      realised = new RealisedPerformance(task, this.settings.threshold);
      this.keep(this.realised, window, realised);
    }
    return realised;
  }

  private openPane(startedAt: number, slot?: number): void {
    const pane = new WindowPane(
      {
        index: this.nextWindow,
        startedAt,
        sampleSize: this.settings.sampleSize,
        seed: this.settings.seed + this.nextWindow,
        ...(this.settings.window.kind === 'rows'
          ? { expectedRows: this.settings.window.paneRows }
          : {}),
      },
      this.columnRegistry,
    );
    this.panes.push(pane);
    this.active = pane;
    this.activeSlot = slot;
  }

  private closeElapsedPane(): void {
    const window = this.settings.window;
    if (window.kind !== 'time' || !this.active || this.activeSlot === undefined) return;
    // A grace period lets the payload logger's last batch of the slot arrive before closing it.
    const grace = Math.min(2000, window.paneMs / 2);
    if (Date.now() >= (this.activeSlot + 1) * window.paneMs + grace) {
      this.closePane();
      this.scheduleCheckpoint();
    }
  }

  // Closes the filling pane, and with it a window made of the last `panesPerWindow` panes.
  private closePane(): void {
    const window = this.settings.window;
    const members = this.panes.slice(-window.panesPerWindow);
    const end =
      window.kind === 'time' && this.activeSlot !== undefined
        ? (this.activeSlot + 1) * window.paneMs
        : undefined;
    const closeOptions = {
      sampleSize: this.settings.sampleSize,
      seed: this.settings.seed,
      expectedColumns: this.expectedColumns,
      ...(end === undefined ? {} : { end }),
    };
    const closed = closeWindow(this.nextWindow, members, this.columnRegistry, closeOptions);
    // The panes are never added to again, so gathering them again gives the same sample.
    this.analyser.remember(
      closed.index,
      () => closeWindow(closed.index, members, this.columnRegistry, closeOptions).sample,
    );
    this.nextWindow += 1;
    this.panes = window.panesPerWindow > 1 ? this.panes.slice(-(window.panesPerWindow - 1)) : [];
    this.active = undefined;
    if (this.activeSlot !== undefined) this.lastClosedSlot = this.activeSlot;
    this.activeSlot = undefined;
    this.closing.push(closed);
    this.dirty = true;
    this.enqueueAnalysis(closed);
  }

  // Analyses windows closed in a row, in order, then commits them together and publishes each
  // (metrics, lineage, callbacks) in order. A window whose analysis fails is reported and dropped,
  // as are the windows of a failed commit, so a persistent failure cannot make the list of windows
  // awaiting analysis (and the checkpoint) grow without bound.
  private async analyseBatch(batch: readonly ClosedWindow[]): Promise<void> {
    // CBPE reads the scores before the samples go to the worker.
    const estimates = batch.map(closed => this.estimate(closed));
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
      await this.emitLineage(result);
      await this.notify(result, transitions);
    }
  }

  // Takes windows off the list of those awaiting analysis (done, or given up).
  private drop(indexes: readonly number[]): void {
    const gone = new Set(indexes);
    this.closing = this.closing.filter(window => !gone.has(window.index));
    for (const index of indexes) this.analyser.forget(index);
    this.dirty = true;
  }

  private estimate(closed: ClosedWindow): PerformanceEstimate | undefined {
    const performance = this.options.performance;
    if (!this.cbpe || !performance) return undefined;
    const scores: number[] = [];
    const column = closed.sample[performance.prediction] ?? [];
    for (let row = 0; row < column.length; row += 1) {
      const number = toNumber(sampleCell(column, row));
      if (number !== undefined) scores.push(number);
    }
    const estimated = this.cbpe.estimate(scores);
    if (estimated) this.keep(this.estimates, closed.index, estimated);
    return estimated;
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

  private keep<T>(map: Map<number, T>, window: number, value: T): void {
    map.set(window, value);
    for (const key of map.keys()) {
      if (map.size <= KEPT_PERFORMANCE_WINDOWS) break;
      map.delete(key);
    }
  }

  private async emitLineage(result: WindowResult): Promise<void> {
    const emitter = this.options.lineage;
    if (!emitter) return;
    try {
      const events = windowRunEvents({
        model: result.model,
        window: result.index,
        start: result.start,
        end: result.end,
        namespace: this.settings.lineageNamespace,
        ...(this.store ? { reportPath: this.store.path('drift') } : {}),
        drift: result.drift,
        ...(result.validation ? { validation: result.validation } : {}),
      });
      for (const event of events) await emitter.emit(event);
    } catch (error) {
      this.report(error);
    }
  }

  private async notify(result: WindowResult, transitions: MonitorAlert[]): Promise<void> {
    const call = async (callback: (() => void | Promise<void>) | undefined) => {
      try {
        await callback?.();
      } catch (error) {
        this.report(error);
      }
    };
    const options = this.options;
    await call(options.onWindow && (() => options.onWindow?.(result)));
    for (const alert of transitions) {
      await call(options.onAlert && (() => options.onAlert?.(alert)));
      if (this.outbox) await call(() => this.outbox?.enqueue(alert));
    }
    const opened = transitions.filter(alert => alert.status === 'open');
    if (opened.length > 0)
      await call(options.onDrift && (() => options.onDrift?.({ window: result, opened })));
  }

  recordLabels(labels: readonly LabelRecord[]): Promise<LabelJoinSummary> {
    const summary: LabelJoinSummary = { joined: 0, late: 0, held: 0, unknown: 0 };
    const pending = this.pending;
    const performance = this.options.performance;
    if (!pending || !performance || this.closed)
      return Promise.resolve({ ...summary, unknown: labels.length });
    const touched = new Set<number>();
    for (const label of labels) {
      const at = label.at === undefined ? Date.now() : new Date(label.at).getTime();
      const taken = pending.take(label.requestId, at);
      // A label whose prediction has not arrived is held for the horizon (see `remember`).
      const outcome = taken.outcome === 'unknown' ? 'held' : taken.outcome;
      if (outcome === 'held') pending.hold(label.requestId, { label: Number(label.label), at });
      summary[outcome] += 1;
      this.metrics.count('labelsTotal', 1, { outcome });
      const entry = taken.entry;
      if (!entry) continue;
      this.realisedOf(entry.window).add(entry.prediction, Number(label.label));
      touched.add(entry.window);
    }
    pending.prune(Date.now());
    this.dirty = true;
    this.scheduleCheckpoint();
    const windows = [...touched].sort((a, b) => a - b);
    return this.publishRealised(windows).then(() => summary);
  }

  // Publishes the realised performance of windows that labels updated (metrics, the report
  // store, onPerformance), after the analyses already queued.
  private publishRealised(windows: readonly number[]): Promise<void> {
    return this.enqueue(async () => {
      for (const window of windows) {
        const realised = this.realised.get(window);
        if (!realised) continue;
        const estimated = this.estimates.get(window);
        const update: WindowPerformance = {
          model: { ...this.options.model },
          window,
          labelled: realised.labelled,
          realised: realised.metrics(),
          ...(estimated ? { estimated } : {}),
        };
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
      if (!this.dirty) return;
      this.dirty = false;
      // The state is captured in one synchronous step, so it is consistent with the windows log.
      const state: MonitorCheckpoint = {
        version: 1,
        model: { ...this.options.model },
        nextWindow: this.nextWindow,
        panes: this.panes.map(pane => pane.toState()),
        ...(this.activeSlot === undefined ? {} : { activeSlot: this.activeSlot }),
        ...(this.lastClosedSlot === undefined ? {} : { lastClosedSlot: this.lastClosedSlot }),
        closing: this.closing.map(storeClosedWindow),
        analysedThrough: this.analysedThrough,
        alerts: this.tracker.toState(),
        pending: this.pending?.toState() ?? [],
        heldLabels: this.pending?.heldState() ?? [],
        realised: Object.fromEntries(
          [...this.realised].map(([window, value]) => [String(window), value.toState()]),
        ),
      };
      await store.writeCheckpoint(state);
    });
  }

  openAlerts(): MonitorAlert[] {
    return this.tracker.open();
  }

  async flush(): Promise<void> {
    await this.ingesting;
    if (this.active && this.active.rows > 0) this.closePane();
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

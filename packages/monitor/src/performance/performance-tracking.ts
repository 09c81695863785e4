import type { CellValue } from '../features/cell-value';
import { cellAt, findColumn, type PayloadRows, rowId } from '../features/payload-rows';
import type { MonitorMetrics } from '../metrics/monitor-metrics';
import type { LabelJoinSummary, LabelRecord } from '../monitor/monitor';
import type { WindowPerformance } from '../monitor/window-result';
import type { PerformanceOptions } from '../options/monitor-options';
import type { ResolvedOptions } from '../options/resolve-options';
import type { MonitorCheckpoint } from '../persistence/monitor-checkpoint';
import { type SampleColumn, sampleCell } from '../windows/closed-window';
import { Cbpe, type PerformanceEstimate } from './cbpe';
import { PendingPredictions } from './pending-predictions';
import { RealisedPerformance } from './realised-performance';

// Realised performance and estimates are kept for this many recent windows (bounded memory).
const KEPT_PERFORMANCE_WINDOWS = 100;

// A prediction cell as a number (booleans as 0 and 1), or undefined.
function toNumber(value: CellValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

function keep<T>(map: Map<number, T>, window: number, value: T): void {
  map.set(window, value);
  for (const key of map.keys()) {
    if (map.size <= KEPT_PERFORMANCE_WINDOWS) break;
    map.delete(key);
  }
}

/** The part of a checkpoint performance tracking owns. */
export type PerformanceState = Pick<MonitorCheckpoint, 'pending' | 'heldLabels' | 'realised'>;

/**
 * A monitor's model performance: predictions waiting for their labels (joined by row id within
 * the horizon, in either order of arrival), realised metrics per window from the joined labels,
 * and CBPE estimates per window from the predicted scores (when a reference of scores and labels
 * is given), each kept for the last 100 windows.
 */
export class PerformanceTracking {
  private readonly pending: PendingPredictions;
  private readonly cbpe: Cbpe | undefined;
  private readonly realised = new Map<number, RealisedPerformance>();
  private readonly estimates = new Map<number, PerformanceEstimate>();
  // Windows whose realised performance labels held before their predictions updated, to publish.
  private readonly joinedOnArrival = new Set<number>();

  constructor(
    private readonly performance: PerformanceOptions,
    private readonly settings: ResolvedOptions,
    private readonly metrics: MonitorMetrics,
  ) {
    this.pending = new PendingPredictions(settings.labelHorizonMs, settings.maxPendingLabels);
    if (performance.reference && performance.task === 'binary') {
      // Thresholds come from reference chunks the size of a window's sample.
      const window = settings.window;
      const chunkRows =
        window.kind === 'rows'
          ? Math.min(window.paneRows * window.panesPerWindow, settings.sampleSize)
          : undefined;
      this.cbpe = new Cbpe(
        performance.reference.scores,
        performance.reference.labels.map(label => Number(label)),
        settings.threshold,
        settings.seed,
        chunkRows,
      );
    }
  }

  /** Registers the predictions of rows `from` to `to` of a request counted in `window`. */
  remember(rows: PayloadRows, from: number, to: number, window: number): void {
    const predictions = findColumn(rows, this.performance.prediction);
    if (!predictions) return;
    const pending = this.pending;
    for (let row = from; row < to; row += 1) {
      const prediction = toNumber(cellAt(predictions, row));
      if (prediction === undefined) continue;
      const id = rowId(rows, row);
      // A label that came first was held: joined now, within its horizon.
      const held = pending.heldLabels > 0 ? pending.claim(id, rows.receivedAt) : undefined;
      if (held) {
        this.realisedOf(window).add(prediction, held.label);
        this.metrics.count('labelsTotal', 1, { outcome: 'joined' });
        this.joinedOnArrival.add(window);
      } else {
        pending.add(id, { window, at: rows.receivedAt, prediction });
      }
    }
  }

  /** Windows that held labels joined since the last call, in order (to publish). */
  takeJoinedOnArrival(): number[] {
    const windows = [...this.joinedOnArrival].sort((a, b) => a - b);
    this.joinedOnArrival.clear();
    return windows;
  }

  /** CBPE's estimate for a closed window from its sample of scores (kept for publishing). */
  estimate(
    window: number,
    sample: Readonly<Record<string, SampleColumn>>,
  ): PerformanceEstimate | undefined {
    if (!this.cbpe) return undefined;
    const scores: number[] = [];
    const column = sample[this.performance.prediction] ?? [];
    for (let row = 0; row < column.length; row += 1) {
      const number = toNumber(sampleCell(column, row));
      if (number !== undefined) scores.push(number);
    }
    const estimated = this.cbpe.estimate(scores);
    if (estimated) keep(this.estimates, window, estimated);
    return estimated;
  }

  /**
   * Joins labels to their predictions (a label whose prediction has not arrived is held for the
   * horizon); returns what happened to them and the windows whose realised performance changed.
   */
  join(labels: readonly LabelRecord[]): { summary: LabelJoinSummary; windows: number[] } {
    const summary: LabelJoinSummary = { joined: 0, late: 0, held: 0, unknown: 0 };
    const pending = this.pending;
    const touched = new Set<number>();
    for (const label of labels) {
      const at = label.at === undefined ? Date.now() : new Date(label.at).getTime();
      const taken = pending.take(label.requestId, at);
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
    return { summary, windows: [...touched].sort((a, b) => a - b) };
  }

  /** The performance of a window as labels left it (undefined when no label joined it). */
  update(model: WindowPerformance['model'], window: number): WindowPerformance | undefined {
    const realised = this.realised.get(window);
    if (!realised) return undefined;
    const estimated = this.estimates.get(window);
    return {
      model: { ...model },
      window,
      labelled: realised.labelled,
      realised: realised.metrics(),
      ...(estimated ? { estimated } : {}),
    };
  }

  /** Resumes from a checkpoint's part. */
  restore(state: PerformanceState): void {
    this.pending.restore(state.pending, state.heldLabels ?? []);
    for (const [window, realised] of Object.entries(state.realised)) {
      this.realised.set(
        Number(window),
        new RealisedPerformance(this.performance.task, this.settings.threshold, realised),
      );
    }
  }

  /** The checkpoint's part. */
  toState(): PerformanceState {
    return {
      pending: this.pending.toState(),
      heldLabels: this.pending.heldState(),
      realised: Object.fromEntries(
        [...this.realised].map(([window, value]) => [String(window), value.toState()]),
      ),
    };
  }

  private realisedOf(window: number): RealisedPerformance {
    let realised = this.realised.get(window);
    if (!realised) {
      realised = new RealisedPerformance(this.performance.task, this.settings.threshold);
      keep(this.realised, window, realised);
    }
    return realised;
  }
}

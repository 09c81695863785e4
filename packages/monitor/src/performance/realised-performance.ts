import { type ClassificationMetrics, classificationMetrics } from './classification-metrics';

/** Realised metrics of a regressor. */
export interface RegressionMetrics {
  /** Mean absolute error. */
  mae?: number;
  /** Root mean squared error. */
  rmse?: number;
}

/** A serialisable snapshot of a {@link RealisedPerformance}. */
export interface RealisedPerformanceState {
  labelled: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  absoluteError: number;
  squaredError: number;
  scores: number[];
  labels: number[];
}

// ROC AUC needs the scores themselves; beyond this many labelled rows per window it is computed
// from the first ones, which keeps memory bounded.
const MAX_SCORED_ROWS = 20_000;

/** Ground truth joined to one window's predictions, accumulated as labels arrive. */
export class RealisedPerformance {
  private state: RealisedPerformanceState;

  constructor(
    private readonly task: 'binary' | 'regression',
    private readonly threshold: number,
    state?: RealisedPerformanceState,
  ) {
    this.state = state
      ? { ...state, scores: [...state.scores], labels: [...state.labels] }
      : {
          labelled: 0,
          tp: 0,
          fp: 0,
          tn: 0,
          fn: 0,
          absoluteError: 0,
          squaredError: 0,
          scores: [],
          labels: [],
        };
  }

  /** Rows with a label. */
  get labelled(): number {
    return this.state.labelled;
  }

  /** Adds one labelled prediction. */
  add(prediction: number, label: number): void {
    const s = this.state;
    s.labelled += 1;
    if (this.task === 'regression') {
      s.absoluteError += Math.abs(prediction - label);
      s.squaredError += (prediction - label) ** 2;
      return;
    }
    const guess = prediction >= this.threshold ? 1 : 0;
    if (guess === 1 && label === 1) s.tp += 1;
    else if (guess === 1) s.fp += 1;
    else if (label === 1) s.fn += 1;
    else s.tn += 1;
    if (s.scores.length < MAX_SCORED_ROWS) {
      s.scores.push(prediction);
      s.labels.push(label);
    }
  }

  /** The realised metrics so far. */
  metrics(): ClassificationMetrics & RegressionMetrics {
    const s = this.state;
    if (s.labelled === 0) return {};
    if (this.task === 'regression') {
      return { mae: s.absoluteError / s.labelled, rmse: Math.sqrt(s.squaredError / s.labelled) };
    }
    return classificationMetrics(
      { truePositives: s.tp, falsePositives: s.fp, trueNegatives: s.tn, falseNegatives: s.fn },
      { scores: s.scores, labels: s.labels },
    );
  }

  /** A plain-data snapshot for checkpoints. */
  toState(): RealisedPerformanceState {
    return { ...this.state, scores: [...this.state.scores], labels: [...this.state.labels] };
  }
}

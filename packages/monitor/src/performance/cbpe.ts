import { SeededRandom } from '../windows/seeded-random';
import { IsotonicCalibrator } from './isotonic-calibrator';
import { classificationMetrics } from './classification-metrics';
import { rocAuc } from './roc-auc';

// NannyML's band: estimate ± 3 standard errors.
const SAMPLING_ERROR_RANGE = 3;
const CALIBRATION_SPLITS = 10;
const CALIBRATION_BINS = 10;

/** An estimated metric with its sampling band. */
export interface EstimatedMetric {
  /** The estimate. */
  value: number;
  /** Standard error for a window of this size, from the reference. */
  samplingError: number;
  /** `value - 3·samplingError`, clipped to [0, 1]. */
  lower: number;
  /** `value + 3·samplingError`, clipped to [0, 1]. */
  upper: number;
  /** Lowest expected value: mean − 3·std of the realised metric over reference chunks. */
  lowerThreshold?: number;
  /** Highest expected value: mean + 3·std of the realised metric over reference chunks. */
  upperThreshold?: number;
  /** True when the estimate lies outside the thresholds (NannyML's per-window alert). */
  alert?: boolean;
}

/** CBPE's estimate of a binary classifier's performance over one window, without labels. */
export interface PerformanceEstimate {
  /** Rows the estimate is computed from (the window's sample). */
  rows: number;
  /** Whether scores were calibrated (isotonic) before estimating. */
  calibrated: boolean;
  /** Estimated accuracy. */
  accuracy: EstimatedMetric;
  /** Estimated precision. */
  precision: EstimatedMetric;
  /** Estimated recall. */
  recall: EstimatedMetric;
  /** Estimated F1. */
  f1: EstimatedMetric;
  /** Estimated ROC AUC (absent when every expected label is one class). */
  rocAuc?: EstimatedMetric;
}

function populationStd(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
}

function expectedCalibrationError(scores: number[], labels: number[]): number {
  const order = scores
    .map((_, index) => index)
    .sort((a, b) => (scores[a] as number) - (scores[b] as number));
  const bins =
    order.length <= 2 * CALIBRATION_BINS ? Math.floor(order.length / 2) : CALIBRATION_BINS;
  if (bins < 2) return 0;
  let error = 0;
  for (let bin = 0; bin < bins; bin += 1) {
    const from = Math.floor((bin * order.length) / bins);
    const to = Math.floor(((bin + 1) * order.length) / bins);
    let score = 0;
    let label = 0;
    for (let index = from; index < to; index += 1) {
      score += scores[order[index] as number] as number;
      label += labels[order[index] as number] as number;
    }
    const size = to - from;
    if (size > 0) error += (size / order.length) * Math.abs(score / size - label / size);
  }
  return error;
}

// NannyML's check: calibrate only when isotonic calibration, fitted on held-in folds, lowers the
// expected calibration error of the pooled held-out folds (10 stratified splits of 10%).
function needsCalibration(scores: number[], labels: number[], seed: number): boolean {
  const positives = labels.filter(label => label === 1).length;
  if (positives === 0 || positives === labels.length) return false;
  if ((rocAuc(scores, labels) ?? 0) > 0.999) return false;
  const random = new SeededRandom(seed);
  const byClass = [0, 1].map(cls =>
    labels.flatMap((label, index) => (label === cls ? [index] : [])),
  );
  const raw: number[] = [];
  const calibrated: number[] = [];
  const targets: number[] = [];
  for (let split = 0; split < CALIBRATION_SPLITS; split += 1) {
    const test = new Set<number>();
    for (const members of byClass) {
      const take = Math.max(1, Math.round(members.length * 0.1));
      const shuffled = [...members];
      for (let index = 0; index < take; index += 1) {
        const swap = index + random.nextInt(shuffled.length - index);
        [shuffled[index], shuffled[swap]] = [shuffled[swap] as number, shuffled[index] as number];
        test.add(shuffled[index] as number);
      }
    }
    const trainScores: number[] = [];
    const trainLabels: number[] = [];
    scores.forEach((score, index) => {
      if (!test.has(index)) {
        trainScores.push(score);
        trainLabels.push(labels[index] as number);
      }
    });
    const calibrator = new IsotonicCalibrator(trainScores, trainLabels);
    for (const index of test) {
      raw.push(scores[index] as number);
      calibrated.push(calibrator.calibrate(scores[index] as number));
      targets.push(labels[index] as number);
    }
  }
  return expectedCalibrationError(raw, targets) > expectedCalibrationError(calibrated, targets);
}

interface ErrorComponent {
  std: number;
  fraction: number;
}

function band(value: number, component: ErrorComponent, rows: number): EstimatedMetric {
  const effective = rows * component.fraction;
  const samplingError = effective > 0 ? component.std / Math.sqrt(effective) : 0;
  return {
    value,
    samplingError,
    lower: Math.max(0, value - SAMPLING_ERROR_RANGE * samplingError),
    upper: Math.min(1, value + SAMPLING_ERROR_RANGE * samplingError),
  };
}

function rocAucComponent(scores: number[], labels: number[]): ErrorComponent {
  let ys = labels;
  let ss = scores;
  const positiveShare = labels.reduce((sum, label) => sum + label, 0) / Math.max(labels.length, 1);
  // The Mann-Whitney view is taken from the minority side, as NannyML does.
  if (positiveShare > 0.5) {
    ys = labels.map(label => 1 - label);
    ss = scores.map(score => 1 - score);
  }
  const negatives = ss.filter((_, index) => ys[index] === 0).sort((a, b) => a - b);
  const below = (score: number) => {
    let low = 0;
    let high = negatives.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((negatives[middle] as number) < score) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const perPositive = ss.flatMap((score, index) =>
    ys[index] === 1 && negatives.length > 0 ? [below(score) / negatives.length] : [],
  );
  return {
    std: populationStd(perPositive),
    fraction: perPositive.length / Math.max(labels.length, 1),
  };
}

/**
 * Confidence-based performance estimation (NannyML's CBPE) for a binary classifier: fitted on
 * reference scores and labels, it estimates accuracy, precision, recall, F1 and ROC AUC of a
 * window from its scores alone, with a ±3 standard-error band computed from the reference.
 */
export class Cbpe {
  private readonly calibrator: IsotonicCalibrator | undefined;
  private readonly components: Record<
    'accuracy' | 'precision' | 'recall' | 'f1' | 'rocAuc',
    ErrorComponent
  >;

  private readonly thresholds: Partial<Record<'accuracy' | 'f1' | 'rocAuc', [number, number]>>;

  /**
   * @param chunkRows - rows of the reference chunks the thresholds are computed over (the
   *   window's sample size; default a tenth of the reference)
   */
  constructor(
    referenceScores: readonly number[],
    referenceLabels: readonly number[],
    private readonly threshold = 0.5,
    seed = 0,
    chunkRows?: number,
  ) {
    const scores = [...referenceScores];
    const labels = [...referenceLabels];
    this.thresholds = referenceThresholds(
      scores,
      labels,
      threshold,
      chunkRows ?? Math.floor(scores.length / 10),
    );
    this.calibrator = needsCalibration(scores, labels, seed)
      ? new IsotonicCalibrator(scores, labels)
      : undefined;
    const predicted = scores.map(score => (score >= threshold ? 1 : 0));
    const n = Math.max(labels.length, 1);
    const correct = labels.map((label, index) => (label === predicted[index] ? 1 : 0));
    const precisionRows = labels.flatMap((label, index) => (predicted[index] === 1 ? [label] : []));
    const recallRows = predicted.flatMap((guess, index) => (labels[index] === 1 ? [guess] : []));
    let tp = 0;
    let fp = 0;
    let fn = 0;
    labels.forEach((label, index) => {
      if (predicted[index] === 1 && label === 1) tp += 1;
      else if (predicted[index] === 1) fp += 1;
      else if (label === 1) fn += 1;
    });
    const scale = tp + (fp + fn) / 2 > 0 ? (tp + fp + fn) / (tp + (fp + fn) / 2) : 0;
    const f1Rows = labels.flatMap((label, index) => {
      if (predicted[index] === 1 && label === 1) return [scale];
      if (predicted[index] === 1 || label === 1) return [0];
      return [];
    });
    this.components = {
      accuracy: { std: populationStd(correct), fraction: 1 },
      precision: { std: populationStd(precisionRows), fraction: precisionRows.length / n },
      recall: { std: populationStd(recallRows), fraction: recallRows.length / n },
      f1: { std: populationStd(f1Rows), fraction: f1Rows.length / n },
      rocAuc: rocAucComponent(scores, labels),
    };
  }

  /** Whether the reference check chose to calibrate scores. */
  get calibrated(): boolean {
    return this.calibrator !== undefined;
  }

  /** Estimates a window's performance from its scores; undefined for an empty window. */
  estimate(windowScores: readonly number[]): PerformanceEstimate | undefined {
    const scores = windowScores.filter(score => Number.isFinite(score));
    const rows = scores.length;
    if (rows === 0) return undefined;
    const probabilities = scores.map(score => this.calibrator?.calibrate(score) ?? score);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    scores.forEach((score, index) => {
      const p = probabilities[index] as number;
      if (score >= this.threshold) {
        tp += p;
        fp += 1 - p;
      } else {
        fn += p;
        tn += 1 - p;
      }
    });
    const safe = (numerator: number, denominator: number) =>
      denominator > 0 ? numerator / denominator : 0;
    const estimate: PerformanceEstimate = {
      rows,
      calibrated: this.calibrated,
      accuracy: band((tp + tn) / rows, this.components.accuracy, rows),
      precision: band(safe(tp, tp + fp), this.components.precision, rows),
      recall: band(safe(tp, tp + fn), this.components.recall, rows),
      f1: band(safe(tp, tp + (fp + fn) / 2), this.components.f1, rows),
    };
    const auc = expectedRocAuc(scores, probabilities);
    if (auc !== undefined) estimate.rocAuc = band(auc, this.components.rocAuc, rows);
    for (const metric of ['accuracy', 'f1', 'rocAuc'] as const) {
      const value = estimate[metric];
      const bounds = this.thresholds[metric];
      if (!value || !bounds) continue;
      value.lowerThreshold = bounds[0];
      value.upperThreshold = bounds[1];
      value.alert = value.value < bounds[0] || value.value > bounds[1];
    }
    return estimate;
  }
}

// NannyML's StandardDeviationThreshold: the realised metric on consecutive reference chunks,
// mean ± 3 population std, clipped to [0, 1]. Fewer than 6 chunks give no thresholds.
function referenceThresholds(
  scores: number[],
  labels: number[],
  threshold: number,
  chunkRows: number,
): Partial<Record<'accuracy' | 'f1' | 'rocAuc', [number, number]>> {
  if (chunkRows < 1 || Math.floor(scores.length / chunkRows) < 6) return {};
  const values: Record<'accuracy' | 'f1' | 'rocAuc', number[]> = {
    accuracy: [],
    f1: [],
    rocAuc: [],
  };
  for (let start = 0; start + chunkRows <= scores.length; start += chunkRows) {
    const counts = { truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0 };
    for (let index = start; index < start + chunkRows; index += 1) {
      const guess = (scores[index] as number) >= threshold ? 1 : 0;
      const label = labels[index];
      if (guess === 1 && label === 1) counts.truePositives += 1;
      else if (guess === 1) counts.falsePositives += 1;
      else if (label === 1) counts.falseNegatives += 1;
      else counts.trueNegatives += 1;
    }
    const metrics = classificationMetrics(counts, {
      scores: scores.slice(start, start + chunkRows),
      labels: labels.slice(start, start + chunkRows),
    });
    for (const metric of ['accuracy', 'f1', 'rocAuc'] as const) {
      const value = metrics[metric];
      if (value !== undefined) values[metric].push(value);
    }
  }
  const out: Partial<Record<'accuracy' | 'f1' | 'rocAuc', [number, number]>> = {};
  for (const metric of ['accuracy', 'f1', 'rocAuc'] as const) {
    const list = values[metric];
    if (list.length < 6) continue;
    const mean = list.reduce((sum, value) => sum + value, 0) / list.length;
    const spread = 3 * populationStd(list);
    out[metric] = [Math.max(0, mean - spread), Math.min(1, mean + spread)];
  }
  return out;
}

// Rows by raw score, descending: expected true positives accumulate the calibrated probability,
// expected false positives the rest; the area under that expected curve (trapezoids).
function expectedRocAuc(scores: number[], probabilities: number[]): number | undefined {
  const order = scores
    .map((_, index) => index)
    .sort((a, b) => (scores[b] as number) - (scores[a] as number));
  const totalPositive = probabilities.reduce((sum, p) => sum + p, 0);
  const totalNegative = probabilities.length - totalPositive;
  if (totalPositive <= 0 || totalNegative <= 0) return undefined;
  let cumulativeTp = 0;
  let previousTpr = 0;
  let previousFpr = 0;
  let area = 0;
  order.forEach((index, rank) => {
    cumulativeTp += probabilities[index] as number;
    const tpr = cumulativeTp / totalPositive;
    const fpr = (rank + 1 - cumulativeTp) / totalNegative;
    area += ((fpr - previousFpr) * (tpr + previousTpr)) / 2;
    previousTpr = tpr;
    previousFpr = fpr;
  });
  return area;
}

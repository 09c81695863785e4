import { rocAuc } from './roc-auc';

/** Confusion counts of a binary classifier. */
export interface ConfusionCounts {
  /** Predicted 1, label 1. */
  truePositives: number;
  /** Predicted 1, label 0. */
  falsePositives: number;
  /** Predicted 0, label 0. */
  trueNegatives: number;
  /** Predicted 0, label 1. */
  falseNegatives: number;
}

/** Realised metrics of a binary classifier; a metric is absent when it is undefined (0/0). */
export interface ClassificationMetrics {
  /** Share of correct predictions. */
  accuracy?: number;
  /** Share of predicted positives that are positive. */
  precision?: number;
  /** Share of positives predicted positive. */
  recall?: number;
  /** Harmonic mean of precision and recall. */
  f1?: number;
  /** Area under the ROC curve of the scores. */
  rocAuc?: number;
}

function ratio(numerator: number, denominator: number): number | undefined {
  return denominator === 0 ? undefined : numerator / denominator;
}

/**
 * Accuracy, precision, recall and F1 from confusion counts, plus ROC AUC when scores and labels
 * are given (at least one of each class).
 */
export function classificationMetrics(
  counts: ConfusionCounts,
  scored?: { scores: ArrayLike<number>; labels: ArrayLike<number> },
): ClassificationMetrics {
  const { truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn } = counts;
  const metrics: ClassificationMetrics = {};
  const assign = (key: keyof ClassificationMetrics, value: number | undefined) => {
    if (value !== undefined) metrics[key] = value;
  };
  assign('accuracy', ratio(tp + tn, tp + fp + tn + fn));
  assign('precision', ratio(tp, tp + fp));
  assign('recall', ratio(tp, tp + fn));
  assign('f1', ratio(tp, tp + (fp + fn) / 2));
  if (scored) assign('rocAuc', rocAuc(scored.scores, scored.labels));
  return metrics;
}

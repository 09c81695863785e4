/** The exported model: everything needed to score a row, as plain JSON. */
export interface LogisticModel {
  kind: 'logistic-regression';
  /** Feature names, in the order the weights and the served tensor use. */
  features: string[];
  /** Standardisation learnt on the training data: z = (x - mean) / std. */
  mean: number[];
  std: number[];
  /** One weight per standardised feature. */
  weights: number[];
  bias: number;
  /** What the model predicts. */
  target: string;
}

/** Options of {@link trainLogisticRegression}. */
export interface TrainOptions {
  /** Gradient steps over the whole batch (default 2000). */
  iterations?: number;
  /** Step size (default 0.5). */
  learningRate?: number;
  /** L2 penalty on the weights (default 1e-3). */
  l2?: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Fits a logistic regression by batch gradient descent on standardised features. The data is
 * small (hundreds of rows), so the full batch converges in well under a second and the result
 * is deterministic.
 */
export function trainLogisticRegression(
  rows: readonly number[][],
  labels: readonly number[],
  features: string[],
  target: string,
  options: TrainOptions = {},
): LogisticModel {
  const width = features.length;
  const mean = Array.from(
    { length: width },
    (_, j) => rows.reduce((sum, row) => sum + (row[j] as number), 0) / rows.length,
  );
  const std = Array.from({ length: width }, (_, j) => {
    const variance =
      rows.reduce((sum, row) => sum + ((row[j] as number) - (mean[j] as number)) ** 2, 0) /
      rows.length;
    // A constant column would divide by zero; it carries no signal, so it is left unscaled.
    return Math.sqrt(variance) || 1;
  });
  const z = rows.map(row =>
    row.map((value, j) => (value - (mean[j] as number)) / (std[j] as number)),
  );
  const weights = new Array<number>(width).fill(0);
  let bias = 0;
  const iterations = options.iterations ?? 2000;
  const rate = options.learningRate ?? 0.5;
  const l2 = options.l2 ?? 1e-3;
  for (let step = 0; step < iterations; step += 1) {
    const gradient = new Array<number>(width).fill(0);
    let gradientBias = 0;
    z.forEach((row, i) => {
      let logit = bias;
      for (let j = 0; j < width; j += 1) logit += (weights[j] as number) * (row[j] as number);
      const error = sigmoid(logit) - (labels[i] as number);
      for (let j = 0; j < width; j += 1)
        gradient[j] = (gradient[j] as number) + error * (row[j] as number);
      gradientBias += error;
    });
    for (let j = 0; j < width; j += 1) {
      weights[j] =
        (weights[j] as number) -
        rate * ((gradient[j] as number) / rows.length + l2 * (weights[j] as number));
    }
    bias -= (rate * gradientBias) / rows.length;
  }
  return { kind: 'logistic-regression', features, mean, std, weights, bias, target };
}

/** The probability of the positive class for one row of raw (unstandardised) features. */
export function predictProbability(model: LogisticModel, row: ArrayLike<number>): number {
  let logit = model.bias;
  for (let j = 0; j < model.features.length; j += 1) {
    const standardised =
      ((row[j] as number) - (model.mean[j] as number)) / (model.std[j] as number);
    logit += (model.weights[j] as number) * standardised;
  }
  return sigmoid(logit);
}

/** ROC AUC by ranks (Mann-Whitney U), ties counted half. */
export function rocAuc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((score, index) => ({ score, label: labels[index] as number }));
  order.sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  let index = 0;
  while (index < order.length) {
    let end = index;
    while (end + 1 < order.length && order[end + 1]?.score === order[index]?.score) end += 1;
    const averageRank = (index + end) / 2 + 1;
    for (let k = index; k <= end; k += 1) {
      if (order[k]?.label === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    index = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Accuracy at a 0.5 threshold and ROC AUC of the model on labelled rows. */
export function evaluateModel(
  model: LogisticModel,
  rows: readonly number[][],
  labels: readonly number[],
): { accuracy: number; roc_auc: number; scores: number[] } {
  const scores = rows.map(row => predictProbability(model, row));
  const correct = scores.filter((score, i) => (score >= 0.5 ? 1 : 0) === labels[i]).length;
  return { accuracy: correct / rows.length, roc_auc: rocAuc(scores, labels), scores };
}

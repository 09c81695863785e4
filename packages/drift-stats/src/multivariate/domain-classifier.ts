import type { Matrix } from './feature-matrix';
import { seededGenerator } from '../random/seeded-generator';

/** Options of {@link domainClassifierAuc}. */
export interface DomainClassifierOptions {
  /** Cross-validation folds (default 5). */
  folds: number;
  /** Seed of the fold assignment. */
  seed: number;
  /** L2 penalty of the logistic regression (default 1). */
  l2: number;
}

/** Cross-validated ROC AUC of a reference-versus-current classifier, with its coefficients. */
export interface DomainClassifierFit {
  auc: number;
  /** Coefficients of the model fitted on all rows (standardised features: comparable in size). */
  coefficients: Float64Array;
}

/** Solves the symmetric positive definite system A·x = b (Cholesky), A row-major n × n. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k += 1) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * n + j] as number);
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    let sum = b[i] as number;
    for (let k = 0; k < i; k += 1) sum -= (l[i * n + k] as number) * (y[k] as number);
    y[i] = sum / (l[i * n + i] as number);
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i -= 1) {
    let sum = y[i] as number;
    for (let k = i + 1; k < n; k += 1) sum -= (l[k * n + i] as number) * (x[k] as number);
    x[i] = sum / (l[i * n + i] as number);
  }
  return x;
}

/**
 * One Newton step of the L2-penalised logistic regression, in place on `weights`
 * (`[intercept, ...features]`, the intercept not penalised), from the data's gradient and the
 * lower triangle of its Hessian (d × d, row-major): returns the largest weight change.
 */
export function newtonStep(
  weights: Float64Array,
  gradient: Float64Array,
  hessian: Float64Array,
  l2: number,
): number {
  const d = weights.length;
  for (let i = 1; i < d; i += 1) {
    gradient[i] = (gradient[i] as number) + l2 * (weights[i] as number);
    hessian[i * d + i] = (hessian[i * d + i] as number) + l2;
  }
  hessian[0] = (hessian[0] as number) + 1e-9;
  for (let i = 0; i < d; i += 1)
    for (let j = 0; j < i; j += 1) hessian[j * d + i] = hessian[i * d + j] as number;
  const step = solve(hessian, gradient, d);
  let change = 0;
  for (let i = 0; i < d; i += 1) {
    weights[i] = (weights[i] as number) - (step[i] as number);
    change = Math.max(change, Math.abs(step[i] as number));
  }
  return change;
}

/**
 * L2-penalised logistic regression by Newton's method (IRLS) on the rows in `train`; weights
 * `[intercept, ...features]`. A handful of iterations converge for standardised features.
 */
function fitLogistic(
  matrix: Matrix,
  labels: Uint8Array,
  train: readonly number[],
  l2: number,
): Float64Array {
  const d = matrix.columns + 1;
  const weights = new Float64Array(d);
  const x = new Float64Array(d);
  for (let iteration = 0; iteration < 25; iteration += 1) {
    const gradient = new Float64Array(d);
    const hessian = new Float64Array(d * d);
    for (const row of train) {
      x[0] = 1;
      x.set(matrix.data.subarray(row * matrix.columns, (row + 1) * matrix.columns), 1);
      let z = 0;
      for (let i = 0; i < d; i += 1) z += (weights[i] as number) * (x[i] as number);
      const p = 1 / (1 + Math.exp(-z));
      const residual = p - (labels[row] as number);
      const curvature = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < d; i += 1) {
        const xi = x[i] as number;
        gradient[i] = (gradient[i] as number) + residual * xi;
        for (let j = 0; j <= i; j += 1)
          hessian[i * d + j] = (hessian[i * d + j] as number) + curvature * xi * (x[j] as number);
      }
    }
    if (newtonStep(weights, gradient, hessian, l2) < 1e-8) break;
  }
  return weights;
}

/** ROC AUC of scores against 0/1 labels (Mann–Whitney, ties counted half). */
export function rocAuc(scores: Float64Array, labels: Uint8Array): number {
  const order = Array.from(scores.keys()).sort(
    (left, right) => (scores[left] as number) - (scores[right] as number),
  );
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (
      end + 1 < order.length &&
      scores[order[end + 1] as number] === scores[order[start] as number]
    )
      end += 1;
    const rank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index += 1) {
      if (labels[order[index] as number] === 1) {
        positives += 1;
        rankSum += rank;
      }
    }
    start = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return 0.5;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Stratified k-fold assignment (seeded): each label's rows shuffled, then dealt round the folds. */
export function foldAssignment(labels: Uint8Array, folds: number, seed: number): Int32Array {
  const random = seededGenerator(seed);
  const fold = new Int32Array(labels.length);
  for (const label of [0, 1]) {
    const rows = Array.from({ length: labels.length }, (_, row) => row).filter(
      row => labels[row] === label,
    );
    for (let index = rows.length - 1; index > 0; index -= 1) {
      const swap = Math.floor(random() * (index + 1));
      [rows[index], rows[swap]] = [rows[swap] as number, rows[index] as number];
    }
    rows.forEach((row, position) => {
      fold[row] = position % folds;
    });
  }
  return fold;
}

/**
 * Trains a logistic regression to tell current rows (label 1) from reference rows (label 0),
 * scores every row out of fold (stratified k-fold, seeded) and returns the ROC AUC of those
 * scores: 0.5 when the two are indistinguishable.
 */
export function domainClassifierAuc(
  matrix: Matrix,
  labels: Uint8Array,
  options: DomainClassifierOptions,
): DomainClassifierFit {
  const fold = foldAssignment(labels, options.folds, options.seed);
  const scores = new Float64Array(matrix.rows);
  for (let held = 0; held < options.folds; held += 1) {
    const train: number[] = [];
    for (let row = 0; row < matrix.rows; row += 1) if (fold[row] !== held) train.push(row);
    const weights = fitLogistic(matrix, labels, train, options.l2);
    for (let row = 0; row < matrix.rows; row += 1) {
      if (fold[row] !== held) continue;
      let z = weights[0] as number;
      for (let i = 0; i < matrix.columns; i += 1)
        z += (weights[i + 1] as number) * (matrix.data[row * matrix.columns + i] as number);
      scores[row] = z;
    }
  }
  const all = Array.from({ length: matrix.rows }, (_, row) => row);
  return {
    auc: rocAuc(scores, labels),
    coefficients: fitLogistic(matrix, labels, all, options.l2).subarray(1),
  };
}

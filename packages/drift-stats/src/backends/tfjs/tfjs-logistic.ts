import {
  type DomainClassifierFit,
  type DomainClassifierOptions,
  foldAssignment,
  newtonStep,
  rocAuc,
} from '../../multivariate/domain-classifier';
import type { TfTensor, Tfjs } from './tfjs-api';

/** Largest Newton step (in float32 arithmetic) taken as converged: below the float32 gradient's noise. */
const convergedStep = 1e-6;

/**
 * L2-penalised logistic regression by Newton's method (IRLS), as the cpu fits it, on the rows
 * whose `mask` is 1: the logits, gradient Xᵀ(p − y) and Hessian Xᵀ·diag(p(1 − p))·X (the O(n·d²)
 * part) are tfjs ops; the (d + 1)-square Newton system is solved in float64.
 */
async function fitLogistic(
  tf: Tfjs,
  design: TfTensor,
  labels: TfTensor,
  mask: TfTensor,
  l2: number,
): Promise<Float64Array> {
  const d = design.shape[1] as number;
  const weights = new Float64Array(d);
  for (let iteration = 0; iteration < 25; iteration += 1) {
    const packed: TfTensor = tf.tidy(() => {
      const p = tf.sigmoid(tf.matMul(design, tf.tensor2d(Float32Array.from(weights), [d, 1])));
      const residual = tf.mul(mask, tf.sub(p, labels));
      const curvature = tf.mul(mask, tf.maximum(tf.mul(p, tf.sub(1, p)), 1e-9));
      const gradient = tf.matMul(design, residual, true, false);
      const hessian = tf.matMul(tf.mul(design, curvature), design, true, false);
      return tf.concat([tf.reshape(gradient, [d]), tf.reshape(hessian, [d * d])]);
    });
    const values = (await packed.data()) as Float32Array;
    packed.dispose();
    const change = newtonStep(
      weights,
      Float64Array.from(values.subarray(0, d)),
      Float64Array.from(values.subarray(d)),
      l2,
    );
    if (change < convergedStep) break;
  }
  return weights;
}

/**
 * The cpu's `domainClassifierAuc` with tfjs ops: the same stratified seeded folds, a logistic
 * regression per fold trained and scored with tensors (`standardised` is n × d, float32),
 * ROC AUC of the out-of-fold logits, and the coefficients of the fit on all rows. Every tensor
 * it creates is disposed; `standardised` is left to the caller.
 */
export async function tfjsDomainClassifierAuc(
  tf: Tfjs,
  standardised: TfTensor,
  labels: Uint8Array,
  options: DomainClassifierOptions,
): Promise<DomainClassifierFit> {
  const rows = labels.length;
  const fold = foldAssignment(labels, options.folds, options.seed);
  const design: TfTensor = tf.tidy(() => tf.concat([tf.ones([rows, 1]), standardised], 1));
  const target = tf.tensor2d(Float32Array.from(labels), [rows, 1], 'float32');
  const scores = new Float64Array(rows);
  try {
    for (let held = 0; held < options.folds; held += 1) {
      const mask = tf.tensor2d(
        Float32Array.from(fold, value => (value === held ? 0 : 1)),
        [rows, 1],
        'float32',
      );
      let weights: Float64Array;
      try {
        weights = await fitLogistic(tf, design, target, mask, options.l2);
      } finally {
        mask.dispose();
      }
      const logits: TfTensor = tf.tidy(() =>
        tf.reshape(
          tf.matMul(design, tf.tensor2d(Float32Array.from(weights), [weights.length, 1])),
          [rows],
        ),
      );
      const values = (await logits.data()) as Float32Array;
      logits.dispose();
      for (let row = 0; row < rows; row += 1)
        if (fold[row] === held) scores[row] = values[row] as number;
    }
    const all = tf.ones([rows, 1]);
    try {
      const weights = await fitLogistic(tf, design, target, all, options.l2);
      return { auc: rocAuc(scores, labels), coefficients: weights.subarray(1) };
    } finally {
      all.dispose();
    }
  } finally {
    tf.dispose([design, target]);
  }
}

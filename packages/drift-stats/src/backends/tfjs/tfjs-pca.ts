import type { Standardisation, Matrix } from '../../multivariate/feature-matrix';
import type { Pca } from '../../multivariate/pca';
import type { TfTensor, Tfjs } from './tfjs-api';

/** The reference's standardisation and the covariance of its standardised features (d × d). */
export interface TfjsReferenceStatistics extends Standardisation {
  covariance: Float64Array;
}

/**
 * Rows per tile under `budgetBytes`. A reconstruction tile's float32 intermediates, alive until
 * its tidy ends, are the rows, centred, standardised, projected (k ≤ d), reconstructed, the
 * difference and its square (at most 7·d + 2 values per row, counted as 8·d + 2); the column
 * sums and cross products of the other passes need less.
 */
export function tileRowsFor(budgetBytes: number, columns: number): number {
  return Math.max(1, Math.floor(budgetBytes / (4 * (8 * Math.max(columns, 1) + 2))));
}

function uploadRows(tf: Tfjs, matrix: Matrix, start: number, end: number): TfTensor {
  return tf.tensor2d(
    Float32Array.from(matrix.data.subarray(start * matrix.columns, end * matrix.columns)),
    [end - start, matrix.columns],
    'float32',
  );
}

/** A standardised float32 tensor of a raw matrix: (x − mean) / deviation, on tfjs. */
export function standardisedTensor(tf: Tfjs, matrix: Matrix, scale: Standardisation): TfTensor {
  return tf.tidy(() =>
    tf.div(
      tf.sub(uploadRows(tf, matrix, 0, matrix.rows), tf.tensor1d(Float32Array.from(scale.means))),
      tf.tensor1d(Float32Array.from(scale.deviations)),
    ),
  );
}

/**
 * Means, standard deviations (n − 1) and the covariance of the standardised features of a raw
 * reference matrix, with tfjs ops, tile by tile: column sums, then cross products of the
 * centred tile (XᵀX, the O(n·d²) part). Each tile's figures are read back and summed in float64,
 * so only the tile's float32 arithmetic is approximate. Every tensor is disposed.
 */
export async function tfjsReferenceStatistics(
  tf: Tfjs,
  raw: Matrix,
  tileRows: number,
): Promise<TfjsReferenceStatistics> {
  const d = raw.columns;
  const means = new Float64Array(d);
  for (let start = 0; start < raw.rows; start += tileRows) {
    const end = Math.min(raw.rows, start + tileRows);
    const sums = tf.tidy(() => tf.sum(uploadRows(tf, raw, start, end), 0));
    const values = (await sums.data()) as Float32Array;
    sums.dispose();
    for (let i = 0; i < d; i += 1) means[i] = (means[i] as number) + (values[i] as number);
  }
  for (let i = 0; i < d; i += 1) means[i] = (means[i] as number) / Math.max(raw.rows, 1);
  const cross = new Float64Array(d * d);
  const meanTensor = tf.tensor1d(Float32Array.from(means));
  try {
    for (let start = 0; start < raw.rows; start += tileRows) {
      const end = Math.min(raw.rows, start + tileRows);
      const block = tf.tidy(() => {
        const centred = tf.sub(uploadRows(tf, raw, start, end), meanTensor);
        return tf.matMul(centred, centred, true, false);
      });
      const values = (await block.data()) as Float32Array;
      block.dispose();
      for (let index = 0; index < d * d; index += 1)
        cross[index] = (cross[index] as number) + (values[index] as number);
    }
  } finally {
    meanTensor.dispose();
  }
  const divisor = Math.max(raw.rows - 1, 1);
  const deviations = new Float64Array(d);
  for (let i = 0; i < d; i += 1) {
    const deviation = Math.sqrt((cross[i * d + i] as number) / divisor);
    deviations[i] = deviation > 0 ? deviation : 1;
  }
  const covariance = new Float64Array(d * d);
  for (let i = 0; i < d; i += 1)
    for (let j = 0; j < d; j += 1)
      covariance[i * d + j] =
        (cross[i * d + j] as number) /
        divisor /
        ((deviations[i] as number) * (deviations[j] as number));
  return { means, deviations, covariance };
}

/**
 * Each row's reconstruction error (Euclidean distance between the standardised row and its
 * projection mapped back through the kept components), with tfjs ops tile by tile; read back
 * as float64 so chunk means are summed exactly. Every tensor is disposed.
 */
export async function tfjsRowReconstructionErrors(
  tf: Tfjs,
  raw: Matrix,
  scale: Standardisation,
  pca: Pca,
  tileRows: number,
): Promise<Float64Array> {
  const errors = new Float64Array(raw.rows);
  const constants = [
    tf.tensor1d(Float32Array.from(scale.means)),
    tf.tensor1d(Float32Array.from(scale.deviations)),
    tf.tensor2d(Float32Array.from(pca.components), [pca.dimensions, pca.kept], 'float32'),
  ] as const;
  const [means, deviations, components] = constants;
  try {
    for (let start = 0; start < raw.rows; start += tileRows) {
      const end = Math.min(raw.rows, start + tileRows);
      const rowErrors = tf.tidy(() => {
        const standardised = tf.div(tf.sub(uploadRows(tf, raw, start, end), means), deviations);
        const reconstructed = tf.matMul(
          tf.matMul(standardised, components),
          components,
          false,
          true,
        );
        return tf.sqrt(tf.sum(tf.square(tf.sub(standardised, reconstructed)), 1));
      });
      errors.set((await rowErrors.data()) as Float32Array, start);
      rowErrors.dispose();
    }
  } finally {
    tf.dispose([...constants]);
  }
  return errors;
}

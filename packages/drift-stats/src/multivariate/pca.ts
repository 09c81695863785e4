import type { Matrix } from './feature-matrix';

/** Eigenvalues (descending) and unit eigenvectors (columns of `vectors`, row-major d × d). */
export interface Eigen {
  values: Float64Array;
  vectors: Float64Array;
}

/**
 * Eigen-decomposition of a symmetric d × d matrix (row-major) by cyclic Jacobi rotations:
 * robust and accurate for the few hundred features a drift check has (O(d³) per sweep).
 */
export function symmetricEigen(matrix: Float64Array, size: number): Eigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(size * size);
  for (let index = 0; index < size; index += 1) v[index * size + index] = 1;
  for (let sweep = 0; sweep < 100; sweep += 1) {
    let off = 0;
    let total = 0;
    for (let row = 0; row < size; row += 1) {
      for (let column = 0; column < size; column += 1) {
        const value = (a[row * size + column] as number) ** 2;
        total += value;
        if (row !== column) off += value;
      }
    }
    if (off <= 1e-30 * Math.max(total, 1e-300)) break;
    for (let p = 0; p < size - 1; p += 1) {
      for (let q = p + 1; q < size; q += 1) {
        const apq = a[p * size + q] as number;
        if (Math.abs(apq) < 1e-300) continue;
        const app = a[p * size + p] as number;
        const aqq = a[q * size + q] as number;
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k += 1) {
          const akp = a[k * size + p] as number;
          const akq = a[k * size + q] as number;
          a[k * size + p] = c * akp - s * akq;
          a[k * size + q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k += 1) {
          const apk = a[p * size + k] as number;
          const aqk = a[q * size + k] as number;
          a[p * size + k] = c * apk - s * aqk;
          a[q * size + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k += 1) {
          const vkp = v[k * size + p] as number;
          const vkq = v[k * size + q] as number;
          v[k * size + p] = c * vkp - s * vkq;
          v[k * size + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: size }, (_, index) => index).sort(
    (left, right) => (a[right * size + right] as number) - (a[left * size + left] as number),
  );
  const values = Float64Array.from(order, index => a[index * size + index] as number);
  const vectors = new Float64Array(size * size);
  order.forEach((from, to) => {
    for (let k = 0; k < size; k += 1) vectors[k * size + to] = v[k * size + from] as number;
  });
  return { values, vectors };
}

/** A fitted PCA: the kept components (d × k, row-major) and the variance share they explain. */
export interface Pca {
  components: Float64Array;
  dimensions: number;
  kept: number;
  explainedShare: number;
}

/**
 * PCA of a standardised (centred) matrix, keeping the fewest components whose eigenvalues
 * explain at least `varianceShare` of the total variance (sklearn's `n_components=0.65`).
 */
export function fitPca(matrix: Matrix, varianceShare: number): Pca {
  const { rows, columns: d, data } = matrix;
  const covariance = new Float64Array(d * d);
  for (let row = 0; row < rows; row += 1) {
    const offset = row * d;
    for (let i = 0; i < d; i += 1) {
      const xi = data[offset + i] as number;
      if (xi === 0) continue;
      for (let j = i; j < d; j += 1)
        covariance[i * d + j] =
          (covariance[i * d + j] as number) + xi * (data[offset + j] as number);
    }
  }
  for (let i = 0; i < d; i += 1) {
    for (let j = i; j < d; j += 1) {
      const value = (covariance[i * d + j] as number) / Math.max(rows - 1, 1);
      covariance[i * d + j] = value;
      covariance[j * d + i] = value;
    }
  }
  return pcaFromCovariance(covariance, d, varianceShare);
}

/**
 * The PCA of a d × d covariance matrix of standardised features (row-major): its
 * eigendecomposition, keeping the fewest components whose eigenvalues explain at least
 * `varianceShare` of the total variance. The tfjs backend computes the covariance (the O(n·d²)
 * part) with tensors and decomposes it here, in float64.
 */
export function pcaFromCovariance(covariance: Float64Array, d: number, varianceShare: number): Pca {
  const { values, vectors } = symmetricEigen(covariance, d);
  const total = values.reduce((sum, value) => sum + Math.max(value, 0), 0);
  let kept = 0;
  let explained = 0;
  while (kept < d && (total === 0 || explained / total < varianceShare)) {
    explained += Math.max(values[kept] as number, 0);
    kept += 1;
  }
  kept = Math.max(kept, 1);
  const components = new Float64Array(d * kept);
  for (let i = 0; i < d; i += 1)
    for (let k = 0; k < kept; k += 1) components[i * kept + k] = vectors[i * d + k] as number;
  return { components, dimensions: d, kept, explainedShare: total === 0 ? 1 : explained / total };
}

/**
 * Mean Euclidean distance between each row and its reconstruction from the kept components
 * (project, then map back): NannyML's reconstruction error of a chunk.
 */
export function meanReconstructionError(pca: Pca, matrix: Matrix): number {
  const { components, dimensions: d, kept } = pca;
  const projection = new Float64Array(kept);
  let total = 0;
  for (let row = 0; row < matrix.rows; row += 1) {
    const offset = row * d;
    projection.fill(0);
    for (let i = 0; i < d; i += 1) {
      const x = matrix.data[offset + i] as number;
      for (let k = 0; k < kept; k += 1)
        projection[k] = (projection[k] as number) + x * (components[i * kept + k] as number);
    }
    let squared = 0;
    for (let i = 0; i < d; i += 1) {
      let reconstructed = 0;
      for (let k = 0; k < kept; k += 1)
        reconstructed += (projection[k] as number) * (components[i * kept + k] as number);
      squared += ((matrix.data[offset + i] as number) - reconstructed) ** 2;
    }
    total += Math.sqrt(squared);
  }
  return total / Math.max(matrix.rows, 1);
}

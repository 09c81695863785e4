import { InvalidInputError } from '@ballast/contracts';
import { sturgesEdges } from '../../binning/sturges-edges';
import { kolmogorovSurvival } from '../../distributions/kolmogorov';
import type { TfjsKernel } from '../../methods/drift-method';
import { roundHalfEven } from '../../statistics/kolmogorov-smirnov';
import type { TfTensor, Tfjs } from './tfjs-api';
import {
  blockSum,
  histogramCountsTensor,
  pooledCdfDifference,
  relativeEntropy,
  smoothShares,
} from './tfjs-statistics';

/** Binning of the tfjs binned distances. */
export interface TfjsBinnedOptions {
  /** Ascending edges; default Sturges bins over the pooled sample (≤ 20 distinct reference values refused). */
  edges?: readonly number[];
}

async function scalarOf(tensor: TfTensor): Promise<number> {
  const values = await tensor.data();
  tensor.dispose();
  return values[0] as number;
}

async function binnedShares(
  tf: Tfjs,
  reference: TfTensor,
  current: TfTensor,
  options: TfjsBinnedOptions,
): Promise<{ referenceShares: TfTensor; currentShares: TfTensor }> {
  let edges = options.edges;
  if (edges === undefined) {
    const { values: distinct, indices } = tf.unique(reference);
    const distinctCount = distinct.size;
    tf.dispose([distinct, indices]);
    if (distinctCount <= 20) {
      // Evidently counts such columns per value; the tfjs path only bins, so say so rather than differ.
      throw new InvalidInputError({
        code: 'CATEGORICAL_BINNING_UNSUPPORTED',
        message: `The reference has ${distinctCount} distinct values; Evidently's binning treats columns with at most 20 as categories, which the tfjs backend does not. Pass explicit \`edges\` or use the cpu statistics.`,
        details: { path: 'edges', distinctValues: distinctCount },
      });
    }
    const minimum = await scalarOf(tf.tidy(() => tf.minimum(tf.min(reference), tf.min(current))));
    const maximum = await scalarOf(tf.tidy(() => tf.maximum(tf.max(reference), tf.max(current))));
    edges = [...sturgesEdges(minimum, maximum, reference.size + current.size)];
  }
  const edgeTensor = tf.tensor1d(Float32Array.from(edges));
  const shares: { referenceShares: TfTensor; currentShares: TfTensor } = tf.tidy(() => ({
    referenceShares: tf.div(histogramCountsTensor(tf, reference, edgeTensor), reference.size),
    currentShares: tf.div(histogramCountsTensor(tf, current, edgeTensor), current.size),
  }));
  edgeTensor.dispose();
  return shares;
}

/** Two-sample KS: D from tensor ops, p-value `kstwo.sf(D, round(n·m/(n+m)))` (scipy's asymptotic). */
export const tfjsKs: TfjsKernel = {
  options: [],
  async run(tf, first, second) {
    const statistic = await scalarOf(
      tf.tidy(() => {
        const { difference, lastOfTies } = pooledCdfDifference(tf, first, second);
        return tf.max(tf.mul(tf.abs(difference), lastOfTies));
      }),
    );
    const n = first.size;
    const m = second.size;
    return { statistic, pValue: kolmogorovSurvival(statistic, roundHalfEven((n * m) / (n + m))) };
  },
};

/** W1, divided by the reference population standard deviation (floored at 0.001) unless `normed: false`. */
export const tfjsWasserstein: TfjsKernel = {
  options: ['normed'],
  async run(tf, first, second, options) {
    const raw = await scalarOf(
      tf.tidy(() => {
        const { difference, gaps } = pooledCdfDifference(tf, first, second);
        const inner = tf.slice(tf.abs(difference), 0, gaps.size);
        return blockSum(tf, tf.mul(inner, gaps));
      }),
    );
    if (options.normed === false) return { statistic: raw };
    const deviation = await scalarOf(tf.tidy(() => tf.sqrt(tf.moments(first).variance)));
    return { statistic: raw / Math.max(deviation, 0.001) };
  },
};

/** PSI with Evidently's empty-bin smoothing (direct callers may pass `edges`). */
export const tfjsPsi: TfjsKernel = {
  options: [],
  async run(tf, first, second, options) {
    const { referenceShares, currentShares } = await binnedShares(tf, first, second, options);
    const statistic = await scalarOf(
      tf.tidy(() => {
        const r = smoothShares(tf, referenceShares);
        const c = smoothShares(tf, currentShares);
        return tf.sum(tf.mul(tf.sub(r, c), tf.log(tf.div(r, c))));
      }),
    );
    tf.dispose([referenceShares, currentShares]);
    return { statistic };
  },
};

/** Jensen–Shannon distance (base e by default) on unsmoothed bins (direct callers may pass `edges`). */
export const tfjsJensenShannon: TfjsKernel = {
  options: ['base'],
  async run(tf, first, second, options) {
    const { referenceShares, currentShares } = await binnedShares(tf, first, second, options);
    const base = options.base as number | undefined;
    const statistic = await scalarOf(
      tf.tidy(() => {
        const p = tf.div(referenceShares, tf.sum(referenceShares));
        const q = tf.div(currentShares, tf.sum(currentShares));
        const middle = tf.div(tf.add(p, q), 2);
        let divergence = tf.add(relativeEntropy(tf, p, middle), relativeEntropy(tf, q, middle));
        if (base !== undefined) divergence = tf.div(divergence, Math.log(base));
        return tf.sqrt(tf.div(divergence, 2));
      }),
    );
    tf.dispose([referenceShares, currentShares]);
    return { statistic };
  },
};

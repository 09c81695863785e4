import { InvalidInputError, type PeerModule } from '@ballast/contracts';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { sturgesEdges } from '../../binning/sturges-edges';
import { kolmogorovSurvival } from '../../distributions/kolmogorov';
import { type NumericInput, toNumericColumn } from '../../input/numeric-column';
import { roundHalfEven } from '../../statistics/kolmogorov-smirnov';
import type { StatisticResult } from '../../statistics/statistic-result';
import { loadTfjs, type Tfjs } from './load-tfjs';
import { type MmdOptions, type MmdResult, mmdPermutationTest } from './mmd';
import {
  blockSum,
  histogramCountsTensor,
  pooledCdfDifference,
  relativeEntropy,
  smoothShares,
} from './tfjs-statistics';

/** Options of {@link createTfjsBackend}. */
export interface TfjsBackendOptions {
  /** The tfjs module (or a loader); default: the first installed of tfjs-node-gpu, tfjs-node, tfjs. */
  tf?: PeerModule<Tfjs>;
}

/** Binning of the tfjs binned distances. */
export interface TfjsBinnedOptions {
  /**
   * Ascending edges; default Sturges equal-width bins over the pooled sample (Evidently's numeric
   * binning). Without edges, a reference with at most 20 distinct values is refused
   * (`CATEGORICAL_BINNING_UNSUPPORTED`): Evidently counts such columns per value.
   */
  edges?: readonly number[];
}

/** The drift statistics computed with tfjs ops, on whichever tfjs backend is active. */
export interface TfjsDriftBackend {
  /** `'tfjs:<backend>'`, e.g. `'tfjs:cpu'`, `'tfjs:wasm'`, `'tfjs:tensorflow'`: the report's `backend` field. */
  readonly name: string;
  /** The tfjs module in use. */
  readonly tf: Tfjs;
  /** Two-sample KS: D from tensor ops, p-value `kstwo.sf(D, round(n·m/(n+m)))` (scipy's asymptotic). */
  ks(reference: NumericInput, current: NumericInput): Promise<StatisticResult>;
  /** W1, divided by the reference population standard deviation (floored at 0.001) unless `normed: false`. */
  wasserstein(
    reference: NumericInput,
    current: NumericInput,
    options?: { normed?: boolean },
  ): Promise<StatisticResult>;
  /** PSI with Evidently's empty-bin smoothing. */
  psi(
    reference: NumericInput,
    current: NumericInput,
    options?: TfjsBinnedOptions,
  ): Promise<StatisticResult>;
  /** Jensen–Shannon distance (base e by default) on unsmoothed bins. */
  jensenShannon(
    reference: NumericInput,
    current: NumericInput,
    options?: TfjsBinnedOptions & { base?: number },
  ): Promise<StatisticResult>;
  /** Multivariate MMD² with an RBF kernel and a seeded permutation p-value. */
  mmd(
    reference: readonly (readonly number[])[],
    current: readonly (readonly number[])[],
    options?: MmdOptions,
  ): Promise<MmdResult>;
}

function finiteFloat32(tf: Tfjs, input: NumericInput, side: string): Tensor1D {
  const { values } = toNumericColumn(input, side);
  if (values.length === 0) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message: `${side} has no non-missing values; the statistic needs at least one.`,
      details: { path: side, received: 0, expected: 1 },
    });
  }
  return tf.tensor1d(Float32Array.from(values), 'float32');
}

async function scalarOf(tensor: {
  data(): Promise<ArrayLike<number>>;
  dispose(): void;
}): Promise<number> {
  const values = await tensor.data();
  tensor.dispose();
  return values[0] as number;
}

async function binnedShares(
  tf: Tfjs,
  reference: Tensor1D,
  current: Tensor1D,
  options: TfjsBinnedOptions,
): Promise<{ referenceShares: Tensor1D; currentShares: Tensor1D }> {
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
  const shares = tf.tidy(() => ({
    referenceShares: tf.div(
      histogramCountsTensor(tf, reference, edgeTensor),
      reference.size,
    ) as Tensor1D,
    currentShares: tf.div(histogramCountsTensor(tf, current, edgeTensor), current.size) as Tensor1D,
  }));
  edgeTensor.dispose();
  return shares;
}

/**
 * Creates the tfjs backend: KS, Wasserstein, PSI, Jensen–Shannon and multivariate MMD as tfjs
 * ops, run on the active tfjs backend (`tf.getBackend()`: tensorflow/GPU with tfjs-node(-gpu),
 * cpu or wasm with @tensorflow/tfjs). Values are float32 on tfjs: results agree with the cpu
 * statistics to about 1e-6 relative on float32-representable data (see the package docs for
 * the measured tolerances). P-values are computed from the statistic on the JavaScript side.
 *
 * @example
 * ```ts
 * const backend = await createTfjsBackend({ tf: await import('@tensorflow/tfjs') });
 * const { statistic, pValue } = await backend.ks(reference, current);
 * ```
 */
export async function createTfjsBackend(
  options: TfjsBackendOptions = {},
): Promise<TfjsDriftBackend> {
  const tf = await loadTfjs(options.tf);
  await tf.ready();
  const withInputs = async <Result>(
    reference: NumericInput,
    current: NumericInput,
    compute: (first: Tensor1D, second: Tensor1D) => Promise<Result>,
  ): Promise<Result> => {
    const first = finiteFloat32(tf, reference, 'reference');
    const second = finiteFloat32(tf, current, 'current');
    try {
      return await compute(first, second);
    } finally {
      first.dispose();
      second.dispose();
    }
  };

  return {
    get name() {
      return `tfjs:${tf.getBackend()}`;
    },
    tf,
    ks: (reference, current) =>
      withInputs(reference, current, async (first, second) => {
        const statistic = await scalarOf(
          tf.tidy(() => {
            const { difference, lastOfTies } = pooledCdfDifference(tf, first, second);
            return tf.max(tf.mul(tf.abs(difference), lastOfTies));
          }),
        );
        const n = first.size;
        const m = second.size;
        return {
          statistic,
          pValue: kolmogorovSurvival(statistic, roundHalfEven((n * m) / (n + m))),
        };
      }),
    wasserstein: (reference, current, wassersteinOptions = {}) =>
      withInputs(reference, current, async (first, second) => {
        const raw = await scalarOf(
          tf.tidy(() => {
            const { difference, gaps } = pooledCdfDifference(tf, first, second);
            const inner = tf.slice(tf.abs(difference), 0, gaps.size);
            return blockSum(tf, tf.mul(inner, gaps));
          }),
        );
        if (wassersteinOptions.normed === false) return { statistic: raw };
        const deviation = await scalarOf(tf.tidy(() => tf.sqrt(tf.moments(first).variance)));
        return { statistic: raw / Math.max(deviation, 0.001) };
      }),
    psi: (reference, current, binned = {}) =>
      withInputs(reference, current, async (first, second) => {
        const { referenceShares, currentShares } = await binnedShares(tf, first, second, binned);
        const statistic = await scalarOf(
          tf.tidy(() => {
            const r = smoothShares(tf, referenceShares);
            const c = smoothShares(tf, currentShares);
            return tf.sum(tf.mul(tf.sub(r, c), tf.log(tf.div(r, c))));
          }),
        );
        tf.dispose([referenceShares, currentShares]);
        return { statistic };
      }),
    jensenShannon: (reference, current, binned = {}) =>
      withInputs(reference, current, async (first, second) => {
        const { referenceShares, currentShares } = await binnedShares(tf, first, second, binned);
        const statistic = await scalarOf(
          tf.tidy(() => {
            const p = tf.div(referenceShares, tf.sum(referenceShares)) as Tensor1D;
            const q = tf.div(currentShares, tf.sum(currentShares)) as Tensor1D;
            const middle = tf.div(tf.add(p, q), 2) as Tensor1D;
            let divergence = tf.add(relativeEntropy(tf, p, middle), relativeEntropy(tf, q, middle));
            if (binned.base !== undefined) divergence = tf.div(divergence, Math.log(binned.base));
            return tf.sqrt(tf.div(divergence, 2));
          }),
        );
        tf.dispose([referenceShares, currentShares]);
        return { statistic };
      }),
    mmd: async (reference, current, mmdOptions = {}) => {
      const first = toMatrix(tf, reference, 'reference');
      const second = toMatrix(tf, current, 'current');
      if (first.shape[1] !== second.shape[1]) {
        tf.dispose([first, second]);
        throw new InvalidInputError({
          code: 'DIMENSION_MISMATCH',
          message: `reference rows have ${first.shape[1]} features but current rows have ${second.shape[1]}; both need the same.`,
          details: { path: 'current', expected: first.shape[1], received: second.shape[1] },
        });
      }
      try {
        return await mmdPermutationTest(tf, first, second, mmdOptions);
      } finally {
        tf.dispose([first, second]);
      }
    },
  };
}

function toMatrix(tf: Tfjs, rows: readonly (readonly number[])[], side: string): Tensor2D {
  const width = rows[0]?.length ?? 0;
  if (
    rows.length < 2 ||
    width === 0 ||
    rows.some(row => row.length !== width || row.some(value => !Number.isFinite(value)))
  ) {
    throw new InvalidInputError({
      code: 'INVALID_MATRIX',
      message: `${side} must hold at least two rows of the same, non-zero number of finite features.`,
      details: { path: side },
    });
  }
  return tf.tensor2d(rows as number[][], [rows.length, width], 'float32');
}

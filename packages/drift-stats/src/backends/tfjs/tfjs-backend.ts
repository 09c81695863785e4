import { InvalidInputError } from '@ballast/contracts';
import type { PeerModule } from '@ballast/kit';
import type { BackendKernel, DriftBackend } from '../../detect/detect-drift-options';
import { type NumericInput, toNumericColumn } from '../../input/numeric-column';
import type { DriftMethod, TfjsKernel } from '../../methods/drift-method';
import {
  type AsyncFittedMultivariateDrift,
  fitMultivariateDrift,
  type MultivariateDrift,
  type MultivariateDriftOptions,
  tableRowCount,
} from '../../multivariate/detect-multivariate-drift';
import type { StatisticResult } from '../../statistics/statistic-result';
import type { TableInput } from '../../table/read-table';
import { loadTfjs, tfjsPackageOf } from './load-tfjs';
import { type MmdOptions, type MmdResult, mmdPermutationTest } from './mmd';
import type { TfTensor, Tfjs } from './tfjs-api';
import { fitMultivariateDriftOnTfjs } from './tfjs-multivariate';
import {
  type TfjsBinnedOptions,
  tfjsJensenShannon,
  tfjsKs,
  tfjsPsi,
  tfjsWasserstein,
} from './tfjs-kernels';

/** Options of {@link createTfjsBackend}. */
export interface TfjsBackendOptions {
  /** The tfjs module (or a loader); default: the first installed of tfjs-node-gpu, tfjs-node, tfjs. */
  tf?: PeerModule<Tfjs>;
}

/** The drift statistics computed with tfjs ops, on whichever tfjs backend is active. */
export interface TfjsDriftBackend extends DriftBackend {
  /**
   * `'tfjs:<backend>'`, e.g. `'tfjs:cpu'`, `'tfjs:wasm'`, `'tfjs:tensorflow'` (tfjs-node), or
   * `'tfjs:tensorflow:gpu'` when loaded from `@tensorflow/tfjs-node-gpu`: the report's `backend` field.
   */
  readonly name: string;
  /** The package the module was loaded from; undefined when `tf` was injected. */
  readonly packageName: string | undefined;
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
  /**
   * Multivariate drift between two tables with tfjs ops (`data_reconstruction`,
   * `domain_classifier` or `mmd`; see `detectMultivariateDrift`), for `dataset.multivariate`;
   * `details.backend` names the tfjs backend. `backend: 'cpu'` in the options runs the cpu path.
   */
  multivariate(
    reference: TableInput,
    current: TableInput,
    options: MultivariateDriftOptions,
  ): Promise<MultivariateDrift>;
  /** Fits a multivariate check on the reference once, to evaluate several current chunks. */
  fitMultivariate(
    reference: TableInput,
    options: MultivariateDriftOptions,
    currentRows?: number,
  ): Promise<AsyncFittedMultivariateDrift>;
}

function finiteFloat32(tf: Tfjs, input: NumericInput, side: string): TfTensor {
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

/**
 * Creates the tfjs backend: KS, Wasserstein, PSI, Jensen–Shannon, multivariate MMD, data
 * reconstruction and domain-classifier drift as tfjs ops, run on the active tfjs backend (`tf.getBackend()`: tensorflow/GPU with tfjs-node(-gpu),
 * cpu or wasm with @tensorflow/tfjs). Pass it to `detectDrift` as `backend`, or call its
 * statistics directly. Values are float32 on tfjs: results agree with the cpu statistics to
 * about 1e-6 relative on float32-representable data (see the package docs for the measured
 * tolerances). P-values are computed from the statistic on the JavaScript side.
 *
 * @example
 * ```ts
 * const backend = await createTfjsBackend({ tf: await import('@tensorflow/tfjs') });
 * const { statistic, pValue } = await backend.ks(reference, current);
 * const report = await detectDrift(referenceTable, currentTable, { backend });
 * ```
 */
export async function createTfjsBackend(
  options: TfjsBackendOptions = {},
): Promise<TfjsDriftBackend> {
  const tf = await loadTfjs(options.tf);
  const packageName = tfjsPackageOf(tf);
  await tf.ready();
  const run = async (
    kernel: TfjsKernel,
    reference: NumericInput,
    current: NumericInput,
    kernelOptions: Readonly<Record<string, unknown>>,
  ): Promise<StatisticResult> => {
    const first = finiteFloat32(tf, reference, 'reference');
    const second = finiteFloat32(tf, current, 'current');
    try {
      return await kernel.run(tf, first, second, kernelOptions);
    } finally {
      first.dispose();
      second.dispose();
    }
  };

  const name = () => {
    const backendName = tf.getBackend();
    const onGpu = packageName === '@tensorflow/tfjs-node-gpu' && backendName === 'tensorflow';
    return `tfjs:${backendName}${onGpu ? ':gpu' : ''}`;
  };
  const fitMultivariate = async (
    reference: TableInput,
    multivariateOptions: MultivariateDriftOptions,
    currentRows?: number,
  ): Promise<AsyncFittedMultivariateDrift> => {
    if (multivariateOptions.backend === 'cpu') {
      const fitted = fitMultivariateDrift(reference, multivariateOptions, currentRows);
      return { evaluate: async current => fitted.evaluate(current) };
    }
    return fitMultivariateDriftOnTfjs(tf, name, reference, multivariateOptions, currentRows);
  };

  return {
    get name() {
      return name();
    },
    packageName,
    tf,
    kernel(method: DriftMethod): BackendKernel | undefined {
      const kernel = method.kernels?.tfjs;
      if (!kernel) return undefined;
      return {
        options: kernel.options,
        run: (reference, current, kernelOptions) => run(kernel, reference, current, kernelOptions),
      };
    },
    ks: (reference, current) => run(tfjsKs, reference, current, {}),
    wasserstein: (reference, current, wassersteinOptions = {}) =>
      run(tfjsWasserstein, reference, current, wassersteinOptions),
    psi: (reference, current, binned = {}) => run(tfjsPsi, reference, current, { ...binned }),
    jensenShannon: (reference, current, binned = {}) =>
      run(tfjsJensenShannon, reference, current, { ...binned }),
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
    fitMultivariate,
    multivariate: async (reference, current, multivariateOptions) =>
      (await fitMultivariate(reference, multivariateOptions, tableRowCount(current))).evaluate(
        current,
      ),
  };
}

function toMatrix(tf: Tfjs, rows: readonly (readonly number[])[], side: string): TfTensor {
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

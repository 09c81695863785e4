import { InvalidInputError } from '@ballast/contracts';
import {
  type AsyncFittedMultivariateDrift,
  classifierDrift,
  type MultivariateDrift,
  type MultivariateDriftOptions,
  type ParsedMultivariateOptions,
  parseMultivariateOptions,
  pooledWithLabels,
  reconstructionBounds,
  reconstructionChunkSize,
  reconstructionDrift,
  sampleSides,
  unitRoundoff,
} from '../../multivariate/detect-multivariate-drift';
import {
  type ColumnsEncoding,
  encodeRaw,
  fitColumnsEncoding,
  type Matrix,
} from '../../multivariate/feature-matrix';
import { pcaFromCovariance } from '../../multivariate/pca';
import type { TableInput } from '../../table/read-table';
import { mmdPermutationTest } from './mmd';
import type { Tfjs } from './tfjs-api';
import { tfjsDomainClassifierAuc } from './tfjs-logistic';
import {
  standardisedTensor,
  type TfjsReferenceStatistics,
  tfjsReferenceStatistics,
  tfjsRowReconstructionErrors,
  tileRowsFor,
} from './tfjs-pca';

const defaultBudget = 64 * 2 ** 20;

function mean(values: Float64Array, start: number, end: number): number {
  let total = 0;
  for (let index = start; index < end; index += 1) total += values[index] as number;
  return total / Math.max(end - start, 1);
}

interface Fitted {
  encoding: ColumnsEncoding;
  raw: Matrix;
  statistics: TfjsReferenceStatistics;
  tileRows: number;
}

async function reconstruction(
  tf: Tfjs,
  backendName: () => string,
  fitted: Fitted,
  options: ParsedMultivariateOptions,
  currentRows: number | undefined,
): Promise<AsyncFittedMultivariateDrift> {
  const { encoding, raw, statistics, tileRows } = fitted;
  const pca = pcaFromCovariance(statistics.covariance, raw.columns, options.varianceShare ?? 0.65);
  const chunkSize = reconstructionChunkSize(options, raw.rows, currentRows);
  const rowErrors = await tfjsRowReconstructionErrors(tf, raw, statistics, pca, tileRows);
  const chunkErrors: number[] = [];
  for (let start = 0; start + chunkSize <= raw.rows; start += chunkSize)
    chunkErrors.push(mean(rowErrors, start, start + chunkSize));
  const bounds = reconstructionBounds(chunkErrors, chunkSize, raw.rows, options);
  return {
    async evaluate(current) {
      const matrix = encodeRaw(encoding, current, 'current');
      const errors = await tfjsRowReconstructionErrors(tf, matrix, statistics, pca, tileRows);
      return reconstructionDrift(mean(errors, 0, errors.length), bounds, {
        pca,
        features: encoding.features.length,
        chunkSize,
        backend: backendName(),
        roundoff: unitRoundoff.float32,
      });
    },
  };
}

/** A per-table evaluation on tfjs: the fitted reference and the options, applied to `current`. */
type Evaluation = (
  tf: Tfjs,
  backendName: () => string,
  fitted: Fitted,
  options: ParsedMultivariateOptions,
  current: TableInput,
) => Promise<MultivariateDrift>;

/** The seeded samples of both sides (raw: standardised later, on tfjs). */
function sides(
  fitted: Fitted,
  options: ParsedMultivariateOptions,
  current: TableInput,
  minimum: number,
) {
  return sampleSides(fitted.raw, encodeRaw(fitted.encoding, current, 'current'), options, minimum);
}

const classifier: Evaluation = async (tf, backendName, fitted, options, current) => {
  const folds = options.folds ?? 5;
  const { first, second } = sides(fitted, options, current, folds);
  const { matrix, labels } = pooledWithLabels(first, second);
  const standardised = standardisedTensor(tf, matrix, fitted.statistics);
  try {
    const fit = await tfjsDomainClassifierAuc(tf, standardised, labels, {
      folds,
      seed: options.seed ?? 0,
      l2: 1,
    });
    return classifierDrift(
      fit,
      fitted.encoding.features,
      options,
      { reference: first.rows, current: second.rows },
      backendName(),
    );
  } finally {
    standardised.dispose();
  }
};

const mmd: Evaluation = async (tf, backendName, fitted, options, current) => {
  const { first, second } = sides(fitted, options, current, 2);
  if (first.rows < 2) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message: `MMD needs at least 2 reference rows; received ${first.rows}.`,
      details: { path: 'reference', received: first.rows },
    });
  }
  const reference = standardisedTensor(tf, first, fitted.statistics);
  const currentTensor = standardisedTensor(tf, second, fitted.statistics);
  try {
    const alpha = options.alpha ?? 0.05;
    const result = await mmdPermutationTest(tf, reference, currentTensor, {
      permutations: options.permutations ?? 100,
      seed: options.seed ?? 0,
      ...(options.sigma === undefined ? {} : { sigma: options.sigma }),
      memoryBudgetBytes: options.memoryBudgetBytes ?? defaultBudget,
    });
    return {
      method: 'mmd',
      statistic: result.statistic,
      pValue: result.pValue,
      threshold: alpha,
      drifted: result.pValue < alpha,
      details: {
        sigma: result.sigma,
        permutations: result.permutations,
        referenceRows: first.rows,
        currentRows: second.rows,
        features: fitted.encoding.features.length,
        tileRows: result.tileRows,
        tiles: result.tiles,
        backend: backendName(),
      },
    };
  } finally {
    tf.dispose([reference, currentTensor]);
  }
};

/**
 * Fits a multivariate check on the reference with tfjs ops (float32): the encoding (imputation,
 * one-hot flags) is read on the cpu; standardisation, the covariance for the PCA, reconstruction
 * errors, the domain classifier's training and scoring and MMD's kernels are tensors, tile by
 * tile under `memoryBudgetBytes`. The d × d eigendecomposition and the Newton systems are solved
 * in float64. Results equal the cpu path's within float32 rounding (see the package docs);
 * every tensor is disposed.
 */
export async function fitMultivariateDriftOnTfjs(
  tf: Tfjs,
  backendName: () => string,
  reference: TableInput,
  options: MultivariateDriftOptions,
  currentRows?: number,
): Promise<AsyncFittedMultivariateDrift> {
  const parsed = parseMultivariateOptions(options);
  const encoding = fitColumnsEncoding(reference, parsed.columns, parsed.maxCategories ?? 10);
  const raw = encodeRaw(encoding, reference, 'reference');
  const tileRows = tileRowsFor(parsed.memoryBudgetBytes ?? defaultBudget, raw.columns);
  const fitted: Fitted = {
    encoding,
    raw,
    statistics: await tfjsReferenceStatistics(tf, raw, tileRows),
    tileRows,
  };
  if (parsed.method === 'data_reconstruction')
    return reconstruction(tf, backendName, fitted, parsed, currentRows);
  const evaluate = parsed.method === 'mmd' ? mmd : classifier;
  return { evaluate: current => evaluate(tf, backendName, fitted, parsed, current) };
}

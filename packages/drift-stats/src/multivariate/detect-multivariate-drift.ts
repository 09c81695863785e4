import { type DriftReport, InvalidInputError } from '@ballast/contracts';
import type { PeerModule } from '@ballast/kit';
import { z } from 'zod';
import type { Tfjs } from '../backends/tfjs/tfjs-api';
import { dataDrivenBounds, type ThresholdBounds } from '../chunked/data-driven-threshold';
import { seededGenerator } from '../random/seeded-generator';
import type { TableInput } from '../table/read-table';
import { type DomainClassifierFit, domainClassifierAuc } from './domain-classifier';
import { encodeFeatures, fitFeatureEncoding, type Matrix, sliceRows } from './feature-matrix';
import { fitPca, meanReconstructionError, type Pca } from './pca';

/** Options of {@link detectMultivariateDrift} (and of `detectDrift`'s `multivariate`). */
export interface MultivariateDriftOptions {
  /**
   * `'data_reconstruction'` (NannyML's PCA reconstruction error), `'domain_classifier'`
   * (cross-validated ROC AUC of a reference-versus-current classifier) or `'mmd'` (kernel
   * maximum mean discrepancy with a permutation p-value; runs on tfjs only).
   */
  method: 'data_reconstruction' | 'domain_classifier' | 'mmd';
  /**
   * Where the linear algebra runs: `'cpu'` (float64) or `'tfjs'` (float32 tensors on the tfjs
   * backend: standardisation, covariance, reconstruction, classifier training and scoring, MMD
   * kernels). Default in `detectDrift`: `'tfjs'` for `mmd` or when `detectDrift`'s backend is
   * tfjs, else `'cpu'`.
   */
  backend?: 'cpu' | 'tfjs';
  /** The tfjs module (or a loader) for the tfjs backend; default `detectDrift`'s `tf`, else the first installed. */
  tf?: PeerModule<Tfjs>;
  /** Columns used (default: every reference column with values). */
  columns?: readonly string[];
  /** One-hot flags kept per categorical column, the most frequent reference categories (default 10). */
  maxCategories?: number;
  /** data_reconstruction: variance share the kept components explain (default 0.65). */
  varianceShare?: number;
  /** data_reconstruction: rows per reference chunk for the thresholds (default: the current rows, at most a tenth of the reference). */
  chunkSize?: number;
  /** data_reconstruction: thresholds at mean ± this many standard deviations of the reference chunks' errors (default 3). */
  multiplier?: number;
  /** domain_classifier: drift when the cross-validated ROC AUC exceeds this (default 0.55). */
  aucThreshold?: number;
  /** domain_classifier: cross-validation folds (default 5). */
  folds?: number;
  /** domain_classifier and mmd: rows sampled per side, seeded (default 5000 for the classifier, 1000 for mmd). */
  maxRowsPerSide?: number;
  /** domain_classifier: features listed in the report, the most discriminating first (default 5). */
  topFeatures?: number;
  /** mmd: drift when the permutation p-value is below this (default 0.05). */
  alpha?: number;
  /** mmd: permutations of the p-value (default 100). */
  permutations?: number;
  /** mmd: RBF bandwidth on the standardised features (default: the median heuristic). */
  sigma?: number;
  /** tfjs: bytes of tensors alive at once; rows are processed tile by tile under it (default 64 MiB). */
  memoryBudgetBytes?: number;
  /** Seed of sampling, folds and permutations (default 0). */
  seed?: number;
}

/** The `dataset.multivariate` section of a `DriftReport`, with the method's details. */
export type MultivariateDrift = NonNullable<DriftReport['dataset']['multivariate']> & {
  details: Record<string, unknown>;
};

const optionsSchema = z.object({
  method: z.enum(['data_reconstruction', 'domain_classifier', 'mmd']),
  backend: z.enum(['cpu', 'tfjs']).optional(),
  tf: z.any().optional(),
  columns: z.array(z.string()).optional(),
  maxCategories: z.number().int().min(1).optional(),
  varianceShare: z.number().gt(0).max(1).optional(),
  chunkSize: z.number().int().min(2).optional(),
  multiplier: z.number().positive().optional(),
  aucThreshold: z.number().min(0).max(1).optional(),
  folds: z.number().int().min(2).max(20).optional(),
  maxRowsPerSide: z.number().int().min(10).optional(),
  topFeatures: z.number().int().min(0).optional(),
  alpha: z.number().gt(0).lt(1).optional(),
  permutations: z.number().int().min(1).max(100_000).optional(),
  sigma: z.number().positive().optional(),
  memoryBudgetBytes: z.number().positive().optional(),
  seed: z.number().int().optional(),
});

/** Parsed multivariate options. */
export type ParsedMultivariateOptions = z.output<typeof optionsSchema>;

/** A multivariate check fitted on the reference, applied to one or more current chunks. */
export interface FittedMultivariateDrift {
  /** The check on one current table (or chunk). */
  evaluate(current: TableInput): MultivariateDrift;
}

/** A multivariate check fitted on the reference whose evaluation is asynchronous (tfjs). */
export interface AsyncFittedMultivariateDrift {
  /** The check on one current table (or chunk). */
  evaluate(current: TableInput): Promise<MultivariateDrift>;
}

/** Validates multivariate options; an `InvalidInputError` (`INVALID_OPTIONS`) names the bad one. */
export function parseMultivariateOptions(
  options: MultivariateDriftOptions,
): ParsedMultivariateOptions {
  const result = optionsSchema.safeParse(options);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InvalidInputError({
      code: 'INVALID_OPTIONS',
      message: `Invalid multivariate option at multivariate.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}.`,
      details: { path: `multivariate.${issue?.path.join('.') ?? ''}` },
    });
  }
  return result.data;
}

/** At most `limit` rows of a matrix, a seeded sample without replacement (in row order). */
export function sampleRows(matrix: Matrix, limit: number, random: () => number): Matrix {
  if (matrix.rows <= limit) return matrix;
  const picked: number[] = [];
  // Selection sampling (Knuth's algorithm S): each row kept with the remaining-needed odds.
  for (let row = 0; row < matrix.rows && picked.length < limit; row += 1)
    if (random() * (matrix.rows - row) < limit - picked.length) picked.push(row);
  const data = new Float64Array(limit * matrix.columns);
  picked.forEach((row, index) => {
    data.set(
      matrix.data.subarray(row * matrix.columns, (row + 1) * matrix.columns),
      index * matrix.columns,
    );
  });
  return { rows: limit, columns: matrix.columns, data };
}

/** Rows per reference chunk of data reconstruction: the option, else the current rows, at most a tenth of the reference. */
export function reconstructionChunkSize(
  options: ParsedMultivariateOptions,
  referenceRows: number,
  currentRows: number | undefined,
): number {
  return (
    options.chunkSize ??
    Math.max(2, Math.min(currentRows ?? referenceRows, Math.floor(referenceRows / 10)))
  );
}

/** The mean ± m·σ bounds of the reference chunks' reconstruction errors (at least two chunks). */
export function reconstructionBounds(
  chunkErrors: readonly number[],
  chunkSize: number,
  referenceRows: number,
  options: ParsedMultivariateOptions,
): ThresholdBounds {
  if (chunkErrors.length < 2) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message: `Data reconstruction drift needs at least two reference chunks of ${chunkSize} rows; the reference has ${referenceRows}. Lower multivariate.chunkSize.`,
      details: { path: 'multivariate.chunkSize', received: chunkSize },
    });
  }
  return dataDrivenBounds(chunkErrors, { kind: 'std', multiplier: options.multiplier ?? 3 });
}

/** Unit roundoff of float64 (the cpu path) and float32 (tfjs tensors). */
export const unitRoundoff = { float64: 2 ** -53, float32: 2 ** -24 } as const;

/**
 * The report section of data reconstruction drift. A statistic is judged outside the bounds
 * only beyond a rounding margin (16·d·u·max(1, upper), u the arithmetic's unit roundoff): when
 * the kept components explain every feature, reconstruction errors are pure rounding noise
 * (1e-16 on the cpu, 1e-8 in float32) and their chunk-to-chunk scatter is no evidence of drift.
 */
export function reconstructionDrift(
  statistic: number,
  bounds: ThresholdBounds,
  figures: { pca: Pca; features: number; chunkSize: number; backend: string; roundoff: number },
): MultivariateDrift {
  const margin = 16 * figures.features * figures.roundoff * Math.max(1, bounds.upper);
  return {
    method: 'data_reconstruction',
    statistic,
    threshold: bounds.upper,
    drifted: statistic > bounds.upper + margin || statistic < (bounds.lower as number) - margin,
    details: {
      lowerThreshold: bounds.lower,
      upperThreshold: bounds.upper,
      roundingMargin: margin,
      components: figures.pca.kept,
      features: figures.features,
      explainedVarianceShare: figures.pca.explainedShare,
      referenceChunks: bounds.referenceChunks,
      chunkSize: figures.chunkSize,
      backend: figures.backend,
    },
  };
}

/** Rows sampled per side (seeded) for the domain classifier or MMD, the current side checked. */
export function sampleSides(
  reference: Matrix,
  current: Matrix,
  options: ParsedMultivariateOptions,
  minimumCurrent: number,
): { first: Matrix; second: Matrix } {
  const limit = options.maxRowsPerSide ?? (options.method === 'mmd' ? 1_000 : 5_000);
  const random = seededGenerator(options.seed ?? 0);
  const first = sampleRows(reference, limit, random);
  const second = sampleRows(current, limit, random);
  if (second.rows < minimumCurrent) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message:
        options.method === 'mmd'
          ? `MMD needs at least ${minimumCurrent} current rows; received ${second.rows}.`
          : `The domain classifier needs at least ${minimumCurrent} current rows (one per fold); received ${second.rows}.`,
      details: { path: 'current', received: second.rows },
    });
  }
  return { first, second };
}

/** The report section of domain-classifier drift. */
export function classifierDrift(
  fit: DomainClassifierFit,
  features: readonly string[],
  options: ParsedMultivariateOptions,
  rows: { reference: number; current: number },
  backend: string,
): MultivariateDrift {
  const threshold = options.aucThreshold ?? 0.55;
  const ranked = features
    .map((feature, index) => ({ feature, coefficient: fit.coefficients[index] as number }))
    .sort((left, right) => Math.abs(right.coefficient) - Math.abs(left.coefficient))
    .slice(0, options.topFeatures ?? 5);
  return {
    method: 'domain_classifier',
    statistic: fit.auc,
    threshold,
    drifted: fit.auc > threshold,
    details: {
      auc: fit.auc,
      folds: options.folds ?? 5,
      referenceRows: rows.reference,
      currentRows: rows.current,
      classifier: 'logistic regression (L2, standardised features)',
      topFeatures: ranked,
      backend,
    },
  };
}

/** The classifier's pooled matrix (reference rows first) and labels (current = 1). */
export function pooledWithLabels(
  first: Matrix,
  second: Matrix,
): { matrix: Matrix; labels: Uint8Array } {
  const data = new Float64Array((first.rows + second.rows) * first.columns);
  data.set(first.data);
  data.set(second.data, first.data.length);
  return {
    matrix: { rows: first.rows + second.rows, columns: first.columns, data },
    labels: new Uint8Array(first.rows + second.rows).fill(1, first.rows),
  };
}

/** The error for MMD or a tfjs backend asked of the synchronous, cpu-only path. */
export function asyncRequired(options: ParsedMultivariateOptions): InvalidInputError | undefined {
  if (options.method !== 'mmd' && options.backend !== 'tfjs') return undefined;
  return new InvalidInputError({
    code: 'ASYNC_REQUIRED',
    message:
      options.method === 'mmd'
        ? 'multivariate method "mmd" runs on tfjs: use the async detectDrift (or the tfjs backend\'s multivariate()).'
        : 'multivariate.backend "tfjs" needs the async detectDrift (or the tfjs backend\'s multivariate()).',
    details: { path: options.method === 'mmd' ? 'multivariate.method' : 'multivariate.backend' },
  });
}

function reconstruction(
  reference: TableInput,
  options: ParsedMultivariateOptions,
  currentRows: number | undefined,
): FittedMultivariateDrift {
  const encoding = fitFeatureEncoding(reference, options.columns, options.maxCategories ?? 10);
  const referenceMatrix = encodeFeatures(encoding, reference, 'reference');
  const pca: Pca = fitPca(referenceMatrix, options.varianceShare ?? 0.65);
  const chunkSize = reconstructionChunkSize(options, referenceMatrix.rows, currentRows);
  const errors: number[] = [];
  for (let start = 0; start + chunkSize <= referenceMatrix.rows; start += chunkSize)
    errors.push(meanReconstructionError(pca, sliceRows(referenceMatrix, start, start + chunkSize)));
  const bounds = reconstructionBounds(errors, chunkSize, referenceMatrix.rows, options);
  return {
    evaluate(current) {
      const statistic = meanReconstructionError(pca, encodeFeatures(encoding, current, 'current'));
      return reconstructionDrift(statistic, bounds, {
        pca,
        features: encoding.features.length,
        chunkSize,
        backend: 'cpu',
        roundoff: unitRoundoff.float64,
      });
    },
  };
}

function domainClassifier(
  reference: TableInput,
  options: ParsedMultivariateOptions,
): FittedMultivariateDrift {
  const encoding = fitFeatureEncoding(reference, options.columns, options.maxCategories ?? 10);
  const referenceMatrix = encodeFeatures(encoding, reference, 'reference');
  const folds = options.folds ?? 5;
  return {
    evaluate(current) {
      const { first, second } = sampleSides(
        referenceMatrix,
        encodeFeatures(encoding, current, 'current'),
        options,
        folds,
      );
      const { matrix, labels } = pooledWithLabels(first, second);
      const fit = domainClassifierAuc(matrix, labels, { folds, seed: options.seed ?? 0, l2: 1 });
      return classifierDrift(
        fit,
        encoding.features,
        options,
        { reference: first.rows, current: second.rows },
        'cpu',
      );
    },
  };
}

/**
 * Fits a multivariate check on the reference once, on the cpu (encoding, and for data
 * reconstruction the PCA and the thresholds from reference chunks), to evaluate one or more
 * current chunks. `mmd` and `backend: 'tfjs'` are an `InvalidInputError` (`ASYNC_REQUIRED`).
 */
export function fitMultivariateDrift(
  reference: TableInput,
  options: MultivariateDriftOptions,
  currentRows?: number,
): FittedMultivariateDrift {
  const parsed = parseMultivariateOptions(options);
  const refused = asyncRequired(parsed);
  if (refused) throw refused;
  return parsed.method === 'data_reconstruction'
    ? reconstruction(reference, parsed, currentRows)
    : domainClassifier(reference, parsed);
}

/**
 * Multivariate drift between two tables, for the report's `dataset.multivariate`.
 *
 * `data_reconstruction` (NannyML's method): missing values imputed (reference mean, most
 * frequent category), categories one-hot encoded, features standardised on the reference, a
 * PCA keeping 65% of the variance fitted on the reference; the statistic is the current data's
 * mean reconstruction error, drifting outside mean ± 3σ of the errors of reference chunks
 * (as many rows as the current data, at most a tenth of the reference). It sees changes in the
 * relations between columns that no single column shows.
 *
 * `domain_classifier`: a logistic regression is trained to tell current rows from reference
 * rows (at most 5000 each, seeded); the statistic is its 5-fold cross-validated ROC AUC,
 * drifting above 0.55, with the most discriminating features (largest standardised
 * coefficients) in `details.topFeatures`.
 *
 * This function runs on the cpu, in float64, on the calling thread. `mmd` (kernel MMD with a
 * permutation p-value) and the tfjs versions of the two checks run on tfjs: pass
 * `multivariate` to the async `detectDrift`, or call the tfjs backend's `multivariate()`; asked
 * of this function they are an `InvalidInputError` (`ASYNC_REQUIRED`).
 *
 * @example
 * ```ts
 * const multivariate = detectMultivariateDrift(reference, current, { method: 'data_reconstruction' });
 * if (multivariate.drifted) console.log(multivariate.statistic, multivariate.threshold);
 * ```
 */
export function detectMultivariateDrift(
  reference: TableInput,
  current: TableInput,
  options: MultivariateDriftOptions,
): MultivariateDrift {
  return fitMultivariateDrift(reference, options, tableRowCount(current)).evaluate(current);
}

/** Rows of a table input (Arrow `numRows`, records, or the first named column's length). */
export function tableRowCount(input: TableInput): number {
  const rows = (input as { numRows?: number }).numRows;
  if (typeof rows === 'number') return rows;
  if (Array.isArray(input)) return input.length;
  const first = Object.values(input as Record<string, { length: number }>)[0];
  return first?.length ?? 0;
}

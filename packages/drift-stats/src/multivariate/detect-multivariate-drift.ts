import { type DriftReport, InvalidInputError } from '@ballast/contracts';
import { z } from 'zod';
import type { TableInput } from '../table/read-table';
import { dataDrivenBounds } from '../chunked/data-driven-threshold';
import { domainClassifierAuc } from './domain-classifier';
import {
  encodeFeatures,
  type FeatureEncoding,
  fitFeatureEncoding,
  type Matrix,
  sliceRows,
} from './feature-matrix';
import { fitPca, meanReconstructionError, type Pca } from './pca';
import { seededGenerator } from '../random/seeded-generator';

/** Options of {@link detectMultivariateDrift} (and of `detectDrift`'s `multivariate`). */
export interface MultivariateDriftOptions {
  /** `'data_reconstruction'` (NannyML's PCA reconstruction error) or `'domain_classifier'`. */
  method: 'data_reconstruction' | 'domain_classifier';
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
  /** domain_classifier: rows sampled per side, seeded (default 5000). */
  maxRowsPerSide?: number;
  /** domain_classifier: features listed in the report, the most discriminating first (default 5). */
  topFeatures?: number;
  /** Seed of sampling and folds (default 0). */
  seed?: number;
}

/** The `dataset.multivariate` section of a `DriftReport`, with the method's details. */
export type MultivariateDrift = NonNullable<DriftReport['dataset']['multivariate']> & {
  details: Record<string, unknown>;
};

const optionsSchema = z.object({
  method: z.enum(['data_reconstruction', 'domain_classifier']),
  columns: z.array(z.string()).optional(),
  maxCategories: z.number().int().min(1).optional(),
  varianceShare: z.number().gt(0).max(1).optional(),
  chunkSize: z.number().int().min(2).optional(),
  multiplier: z.number().positive().optional(),
  aucThreshold: z.number().min(0).max(1).optional(),
  folds: z.number().int().min(2).max(20).optional(),
  maxRowsPerSide: z.number().int().min(10).optional(),
  topFeatures: z.number().int().min(0).optional(),
  seed: z.number().int().optional(),
});

/** A multivariate check fitted on the reference, applied to one or more current chunks. */
export interface FittedMultivariateDrift {
  evaluate(current: TableInput): MultivariateDrift;
}

function parse(options: MultivariateDriftOptions) {
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
function sampleRows(matrix: Matrix, limit: number, random: () => number): Matrix {
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

function reconstruction(
  encoding: FeatureEncoding,
  referenceMatrix: Matrix,
  options: z.output<typeof optionsSchema>,
  currentRows: number | undefined,
): FittedMultivariateDrift {
  const varianceShare = options.varianceShare ?? 0.65;
  const pca: Pca = fitPca(referenceMatrix, varianceShare);
  const chunkSize =
    options.chunkSize ??
    Math.max(
      2,
      Math.min(currentRows ?? referenceMatrix.rows, Math.floor(referenceMatrix.rows / 10)),
    );
  const errors: number[] = [];
  for (let start = 0; start + chunkSize <= referenceMatrix.rows; start += chunkSize)
    errors.push(meanReconstructionError(pca, sliceRows(referenceMatrix, start, start + chunkSize)));
  if (errors.length < 2) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message: `Data reconstruction drift needs at least two reference chunks of ${chunkSize} rows; the reference has ${referenceMatrix.rows}. Lower multivariate.chunkSize.`,
      details: { path: 'multivariate.chunkSize', received: chunkSize },
    });
  }
  const bounds = dataDrivenBounds(errors, { kind: 'std', multiplier: options.multiplier ?? 3 });
  return {
    evaluate(current) {
      const matrix = encodeFeatures(encoding, current, 'current');
      const statistic = meanReconstructionError(pca, matrix);
      return {
        method: 'data_reconstruction',
        statistic,
        threshold: bounds.upper,
        drifted: statistic > bounds.upper || statistic < (bounds.lower as number),
        details: {
          lowerThreshold: bounds.lower,
          upperThreshold: bounds.upper,
          components: pca.kept,
          features: encoding.features.length,
          explainedVarianceShare: pca.explainedShare,
          referenceChunks: bounds.referenceChunks,
          chunkSize,
        },
      };
    },
  };
}

function domainClassifier(
  encoding: FeatureEncoding,
  referenceMatrix: Matrix,
  options: z.output<typeof optionsSchema>,
): FittedMultivariateDrift {
  const limit = options.maxRowsPerSide ?? 5_000;
  const threshold = options.aucThreshold ?? 0.55;
  return {
    evaluate(current) {
      const random = seededGenerator(options.seed ?? 0);
      const first = sampleRows(referenceMatrix, limit, random);
      const second = sampleRows(encodeFeatures(encoding, current, 'current'), limit, random);
      if (second.rows < (options.folds ?? 5)) {
        throw new InvalidInputError({
          code: 'INSUFFICIENT_DATA',
          message: `The domain classifier needs at least ${options.folds ?? 5} current rows (one per fold); received ${second.rows}.`,
          details: { path: 'current', received: second.rows },
        });
      }
      const data = new Float64Array((first.rows + second.rows) * first.columns);
      data.set(first.data);
      data.set(second.data, first.data.length);
      const labels = new Uint8Array(first.rows + second.rows).fill(1, first.rows);
      const fit = domainClassifierAuc(
        { rows: first.rows + second.rows, columns: first.columns, data },
        labels,
        { folds: options.folds ?? 5, seed: options.seed ?? 0, l2: 1 },
      );
      const ranked = encoding.features
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
          referenceRows: first.rows,
          currentRows: second.rows,
          classifier: 'logistic regression (L2, standardised features)',
          topFeatures: ranked,
        },
      };
    },
  };
}

/**
 * Fits a multivariate drift check on the reference once (encoding, and for data reconstruction
 * the PCA and the thresholds from reference chunks), to evaluate one or more current chunks.
 */
export function fitMultivariateDrift(
  reference: TableInput,
  options: MultivariateDriftOptions,
  currentRows?: number,
): FittedMultivariateDrift {
  const parsed = parse(options);
  const encoding = fitFeatureEncoding(reference, parsed.columns, parsed.maxCategories ?? 10);
  const referenceMatrix = encodeFeatures(encoding, reference, 'reference');
  return parsed.method === 'data_reconstruction'
    ? reconstruction(encoding, referenceMatrix, parsed, currentRows)
    : domainClassifier(encoding, referenceMatrix, parsed);
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
  const rows = (current as { numRows?: number }).numRows;
  return fitMultivariateDrift(reference, options, rows ?? rowCount(current)).evaluate(current);
}

function rowCount(input: TableInput): number {
  if (Array.isArray(input)) return input.length;
  const first = Object.values(input as Record<string, { length: number }>)[0];
  return first?.length ?? 0;
}

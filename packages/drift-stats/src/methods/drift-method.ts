import type { ColumnProfile } from '@ballast/contracts';
import type { TfTensor, Tfjs } from '../backends/tfjs/tfjs-api';
import type { CategoricalColumn } from '../input/categorical-column';
import type { KllSketch } from '../sketch/kll-sketch';
import type { StatisticResult } from '../statistics/statistic-result';

/** A statistic computed from a reference profile, with its approximation bound when it has one. */
export interface ProfileStatistic extends StatisticResult {
  /** |statistic − exact| ≤ errorBound with 99% confidence (sketch-based methods). */
  errorBound?: number;
}

/**
 * How a method runs when the reference is a `DatasetProfile` (no raw reference values):
 * `'sketch'` reads the reference's quantile sketch (numeric columns), `'counts'` compares bin
 * or category counts (histogram bins for numeric columns, category counts otherwise),
 * `'categories'` needs category counts.
 */
export type ProfileForm =
  | {
      readonly kind: 'sketch';
      compare(
        sketch: KllSketch,
        currentSorted: Float64Array,
        column: ColumnProfile,
      ): ProfileStatistic;
    }
  | {
      readonly kind: 'counts';
      compare(
        referenceCounts: Float64Array,
        currentCounts: Float64Array,
        options: Readonly<Record<string, unknown>>,
      ): number;
    }
  | {
      readonly kind: 'categories';
      compare(reference: CategoricalColumn, current: CategoricalColumn): ProfileStatistic;
    };

/** A method's kernel on the tfjs backend: float32 tensors of the finite values of each side. */
export interface TfjsKernel {
  /** Statistic option keys the kernel honours; a column with any other option runs on the cpu. */
  readonly options: readonly string[];
  /** Computes the statistic with `tf`'s ops; the caller creates and disposes the inputs. */
  run(
    tf: Tfjs,
    reference: TfTensor,
    current: TfTensor,
    options: Readonly<Record<string, unknown>>,
  ): Promise<StatisticResult>;
}

/**
 * A univariate drift method, described once: everything `detectDrift` needs to choose, run and
 * judge it, on tables, profiles and backends. Adding a method is one such file plus one line in
 * `methods/index.ts`.
 */
export interface DriftMethod<Id extends string = string> {
  /** Evidently's id (the report's `method`). */
  readonly id: Id;
  /** Other accepted spellings, resolved to `id`. */
  readonly aliases?: readonly string[];
  /** Column types the method takes (categorical methods also take numeric columns, counted per value). */
  readonly featureTypes: readonly ('numeric' | 'categorical')[];
  /** True for Evidently's binned distances: numeric columns are binned, categorical ones counted. */
  readonly binned: boolean;
  /** Whether the threshold applies to the p-value (corrected across columns) or to the statistic. */
  readonly thresholdKind: 'p_value' | 'distance';
  /** Evidently's default threshold. */
  readonly defaultThreshold: number;
  /** Evidently's comparison: strict (`p < t`, `d > t`) or not (`p <= t`, `d >= t`). */
  readonly strict: boolean;
  /** The cpu statistic (sorted samples for numeric methods, counted categories otherwise). */
  readonly statistic: (reference: any, current: any, options?: any) => StatisticResult;
  /** How the method runs against a reference profile; absent when it needs raw reference values. */
  readonly profile?: ProfileForm;
  /** Kernels on other backends, by backend kind. */
  readonly kernels?: { readonly tfjs?: TfjsKernel };
}

/**
 * Declares a drift method, keeping its literal id in the type.
 */
export function defineDriftMethod<const Id extends string>(
  method: DriftMethod<Id>,
): DriftMethod<Id> {
  return method;
}

/**
 * Applies a method's drift rule to the decisive value: the (possibly adjusted) p-value of a
 * test, or the statistic of a distance.
 */
export function isDrifted(method: DriftMethod, value: number, threshold: number): boolean {
  if (method.thresholdKind === 'p_value')
    return method.strict ? value < threshold : value <= threshold;
  return method.strict ? value > threshold : value >= threshold;
}

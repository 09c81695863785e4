import { InvalidInputError } from '@ballast/contracts';
import { fillEmptyShares } from './fill-empty-shares';

/** Distances computable from two histograms over the same bins. */
export type BinnedDistanceMethod =
  | 'psi'
  | 'kl_div'
  | 'jensenshannon'
  | 'hellinger'
  | 'linf'
  | 'tvd';

/** Options of {@link distanceFromCounts} and {@link distanceFromShares}. */
export interface BinnedDistanceOptions {
  /** Evidently's empty-bin smoothing; default on for `psi` and `kl_div` only, as Evidently. */
  smoothing?: boolean;
  /** Logarithm base of `jensenshannon`. Default `Math.E` (Evidently); pass `2` for a distance in [0, 1]. */
  base?: number;
  /** Divisor of the reference counts; default their sum. Evidently divides by the non-missing count. */
  referenceTotal?: number;
  /** Divisor of the current counts; default their sum. */
  currentTotal?: number;
}

function relativeEntropyTerm(p: number, q: number): number {
  if (p > 0 && q > 0) return p * Math.log(p / q);
  if (p === 0 && q >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

function normalised(shares: Float64Array): Float64Array {
  let total = 0;
  for (const share of shares) total += share;
  return shares.map(share => share / total);
}

/**
 * A binned distance from shares that already sum to (about) one per side. The formulas are
 * scipy's where Evidently calls scipy: `kl_div` is `scipy.stats.entropy(ref, cur)` (which
 * renormalises), `jensenshannon` is `scipy.spatial.distance.jensenshannon` (a distance,
 * renormalised); `psi` is `Σ (r − c) ln(r / c)`, `hellinger` `sqrt(1 − clip(Σ sqrt(r c), 0, 1))`,
 * `linf` `max |r − c|`, `tvd` `½ Σ |r − c|`.
 *
 * @example
 * ```ts
 * distanceFromShares('psi', new Float64Array([0.5, 0.5]), new Float64Array([0.4, 0.6]));
 * ```
 */
export function distanceFromShares(
  method: BinnedDistanceMethod,
  referenceShares: Float64Array,
  currentShares: Float64Array,
  options: Pick<BinnedDistanceOptions, 'base'> = {},
): number {
  const bins = referenceShares.length;
  switch (method) {
    case 'psi': {
      let total = 0;
      for (let bin = 0; bin < bins; bin++) {
        const r = referenceShares[bin] as number;
        const c = currentShares[bin] as number;
        total += (r - c) * Math.log(r / c);
      }
      return total;
    }
    case 'kl_div': {
      const p = normalised(referenceShares);
      const q = normalised(currentShares);
      let total = 0;
      for (let bin = 0; bin < bins; bin++)
        total += relativeEntropyTerm(p[bin] as number, q[bin] as number);
      return total;
    }
    case 'jensenshannon': {
      const p = normalised(referenceShares);
      const q = normalised(currentShares);
      let left = 0;
      let right = 0;
      for (let bin = 0; bin < bins; bin++) {
        const middle = ((p[bin] as number) + (q[bin] as number)) / 2;
        left += relativeEntropyTerm(p[bin] as number, middle);
        right += relativeEntropyTerm(q[bin] as number, middle);
      }
      let divergence = left + right;
      if (options.base !== undefined) divergence /= Math.log(options.base);
      return Math.sqrt(divergence / 2);
    }
    case 'hellinger': {
      let affinity = 0;
      for (let bin = 0; bin < bins; bin++) {
        affinity += Math.sqrt((referenceShares[bin] as number) * (currentShares[bin] as number));
      }
      return Math.sqrt(1 - Math.min(Math.max(affinity, 0), 1));
    }
    case 'linf':
    case 'tvd': {
      let maximum = 0;
      let sum = 0;
      for (let bin = 0; bin < bins; bin++) {
        const difference = Math.abs(
          (referenceShares[bin] as number) - (currentShares[bin] as number),
        );
        sum += difference;
        if (difference > maximum) maximum = difference;
      }
      return method === 'linf' ? maximum : sum / 2;
    }
  }
}

/**
 * Whether `method` applies Evidently's empty-bin smoothing by default (`psi`, `kl_div`).
 */
export function smoothsByDefault(method: BinnedDistanceMethod): boolean {
  return method === 'psi' || method === 'kl_div';
}

function toShares(
  counts: ArrayLike<number>,
  total: number | undefined,
  side: string,
): Float64Array {
  let sum = 0;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index] as number;
    if (!(count >= 0)) {
      throw new InvalidInputError({
        code: 'INVALID_COUNTS',
        message: `${side}Counts[${index}] must be a non-negative number; received ${String(count)}.`,
        details: { path: `${side}Counts[${index}]` },
      });
    }
    sum += count;
  }
  const divisor = total ?? sum;
  if (!(divisor > 0)) {
    throw new InvalidInputError({
      code: 'EMPTY_SAMPLE',
      message: `${side}Counts sum to zero; a binned distance needs at least one value on each side.`,
      details: { path: `${side}Counts` },
    });
  }
  return Float64Array.from(counts, count => count / divisor);
}

/**
 * A binned distance from two histograms over the same bins (for example a stored reference
 * profile and the current batch). Counts become shares (divided by `referenceTotal` /
 * `currentTotal`, default their sums), are smoothed as Evidently does for `psi` and `kl_div`,
 * then passed to {@link distanceFromShares}.
 *
 * @example
 * ```ts
 * distanceFromCounts('jensenshannon', [500, 300, 200, 0], [400, 300, 250, 50]); // 0.14664...
 * ```
 */
export function distanceFromCounts(
  method: BinnedDistanceMethod,
  referenceCounts: ArrayLike<number>,
  currentCounts: ArrayLike<number>,
  options: BinnedDistanceOptions = {},
): number {
  if (referenceCounts.length !== currentCounts.length || referenceCounts.length === 0) {
    throw new InvalidInputError({
      code: 'BIN_COUNT_MISMATCH',
      message: `referenceCounts and currentCounts must be non-empty and cover the same bins; received ${referenceCounts.length} and ${currentCounts.length} bins.`,
      details: {
        path: 'currentCounts',
        expected: referenceCounts.length,
        received: currentCounts.length,
      },
    });
  }
  let referenceShares = toShares(referenceCounts, options.referenceTotal, 'reference');
  let currentShares = toShares(currentCounts, options.currentTotal, 'current');
  if (options.smoothing ?? smoothsByDefault(method)) {
    referenceShares = fillEmptyShares(referenceShares);
    currentShares = fillEmptyShares(currentShares);
  }
  return distanceFromShares(method, referenceShares, currentShares, options);
}

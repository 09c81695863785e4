import { distanceFromShares } from '../binning/distance-from-counts';
import {
  permutationPValue,
  type RandomSource,
  seededGenerator,
  shuffleFront,
} from '../random/seeded-generator';
import { type CategoricalSampleInput, countedCategories, sumOf } from './category-counts';
import type { StatisticResult } from './statistic-result';

/** Options of {@link totalVariation}. */
export interface TotalVariationOptions {
  /** Permutations for the p-value. Default 1000 (as Evidently). */
  permutations?: number;
  /** Seed of the default generator. Default 0. */
  seed?: number;
  /** A custom uniform source instead of the seeded one. */
  random?: RandomSource;
}

function sharesOf(counts: Float64Array): Float64Array {
  const total = sumOf(counts);
  return counts.map(count => count / total);
}

/**
 * Total variation distance `½ Σ |p − q|` between category frequencies, with a permutation
 * p-value: labels are reshuffled between reference and current `permutations` times and
 * p = (b + 1) / (m + 1), b counting permuted distances at least the observed one. Cost is
 * O(permutations · min(n_ref, n_cur)). Evidently id `'tvd'` (p-value, threshold 0.1).
 *
 * @example
 * ```ts
 * totalVariation(reference, current, { permutations: 999, seed: 7 });
 * ```
 */
export function totalVariation(
  reference: CategoricalSampleInput,
  current: CategoricalSampleInput,
  options: TotalVariationOptions = {},
): StatisticResult {
  const { referenceCounts, currentCounts } = countedCategories(reference, current);
  const statistic = distanceFromShares('tvd', sharesOf(referenceCounts), sharesOf(currentCounts));
  const permutations = options.permutations ?? 1000;
  const random = options.random ?? seededGenerator(options.seed ?? 0);
  const referenceTotal = sumOf(referenceCounts);
  const currentTotal = sumOf(currentCounts);
  const categories = referenceCounts.length;
  const pooledCounts = referenceCounts.map(
    (count, index) => count + (currentCounts[index] as number),
  );
  const labels = new Int32Array(referenceTotal + currentTotal);
  let position = 0;
  pooledCounts.forEach((count, category) => {
    labels.fill(category, position, position + count);
    position += count;
  });
  const drawn = Math.min(referenceTotal, currentTotal);
  const drawnIsReference = referenceTotal <= currentTotal;
  const drawnCounts = new Float64Array(categories);
  let atLeast = 0;
  for (let permutation = 0; permutation < permutations; permutation++) {
    shuffleFront(labels, drawn, random);
    drawnCounts.fill(0);
    for (let index = 0; index < drawn; index++) {
      const label = labels[index] as number;
      drawnCounts[label] = (drawnCounts[label] as number) + 1;
    }
    let sum = 0;
    for (let category = 0; category < categories; category++) {
      const drawnShare = (drawnCounts[category] as number) / drawn;
      const restShare =
        ((pooledCounts[category] as number) - (drawnCounts[category] as number)) /
        (labels.length - drawn);
      sum += Math.abs(drawnIsReference ? drawnShare - restShare : restShare - drawnShare);
    }
    if (sum / 2 >= statistic) atLeast++;
  }
  return { statistic, pValue: permutationPValue(atLeast, permutations) };
}

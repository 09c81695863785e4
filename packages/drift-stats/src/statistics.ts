// @ballast/drift-stats/statistics: the individual statistics behind the drift methods, for
// callers who want one number rather than a report. Each matches scipy/Evidently (see the docs).
export { andersonDarling } from './statistics/anderson-darling';
export type { BinnedInput, BinnedStatisticOptions } from './statistics/binned-distance';
export type { CategoricalSampleInput } from './statistics/category-counts';
export { type ChiSquareOptions, chiSquare, contingencyChiSquare } from './statistics/chi-square';
export { type CramerVonMisesOptions, cramerVonMises } from './statistics/cramer-von-mises';
export { type EmpiricalMmdOptions, empiricalMmd } from './statistics/empirical-mmd';
export { energyDistance } from './statistics/energy-distance';
export { type EppsSingletonOptions, eppsSingleton } from './statistics/epps-singleton';
export { fisherExact, fisherExactTable } from './statistics/fisher-exact';
export { type GTestOptions, gTest } from './statistics/g-test';
export { hellinger } from './statistics/hellinger';
export { type JensenShannonOptions, jensenShannon } from './statistics/jensen-shannon';
export { klDivergence } from './statistics/kl-divergence';
export { type KolmogorovSmirnovOptions, ks } from './statistics/kolmogorov-smirnov';
export { lInfinity } from './statistics/l-infinity';
export { type MannWhitneyUOptions, mannWhitneyU } from './statistics/mann-whitney-u';
export { psi } from './statistics/psi';
export { type DriftStatistic, getStatistic } from './statistics/registry';
export type { StatisticResult } from './statistics/statistic-result';
export { type TTestOptions, tTest } from './statistics/t-test';
export { type TotalVariationOptions, totalVariation } from './statistics/total-variation';
export { type WassersteinOptions, wasserstein } from './statistics/wasserstein';
export { zTest } from './statistics/z-test';
export {
  isSortedSample,
  type NumericSampleInput,
  prepareSample,
  type SortedSample,
} from './input/sorted-sample';
export type {
  CategoricalColumn,
  CategoricalInput,
  CategoricalValue,
} from './input/categorical-column';
export type { NumericColumn, NumericInput, NumericTypedArray } from './input/numeric-column';
export { type RandomSource, seededGenerator } from './random/seeded-generator';
export {
  type BinnedShares,
  type BinnedSharesOptions,
  type BinningStrategy,
  binnedShares,
} from './binning/binned-shares';
export { distanceFromShares } from './binning/distance-from-counts';

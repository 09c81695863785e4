export {
  type BinnedShares,
  type BinnedSharesOptions,
  type BinningStrategy,
  binnedShares,
  categoryCountsOverUnion,
} from './binning/binned-shares';
export {
  type BinnedDistanceMethod,
  type BinnedDistanceOptions,
  distanceFromCounts,
  distanceFromShares,
} from './binning/distance-from-counts';
export { fillEmptyShares } from './binning/fill-empty-shares';
export { histogramCounts } from './binning/histogram-counts';
export { quantileEdges, quantileOfSorted } from './binning/quantile-edges';
export { linspaceEdges, sturgesEdges } from './binning/sturges-edges';
export type { DetectDriftOptions } from './column-drift/detect-drift-options';
export { detectDrift } from './detect-drift';
export { detectDriftInParallel } from './detect-drift-in-parallel';
export {
  type AsyncDriftBackend,
  type DetectDriftAsyncOptions,
  detectDriftAsync,
} from './detect-drift-async';
export { chiSquareSurvival } from './distributions/incomplete-gamma';
export { studentTTwoSided } from './distributions/incomplete-beta';
export { kolmogorovSurvival } from './distributions/kolmogorov';
export { normalCdf } from './distributions/normal';
export {
  type CategoricalColumn,
  type CategoricalInput,
  type CategoricalValue,
  categoryKey,
  toCategoricalColumn,
} from './input/categorical-column';
export { inferFeatureType } from './input/infer-feature-type';
export {
  type NumericColumn,
  type NumericInput,
  type NumericTypedArray,
  toNumericColumn,
} from './input/numeric-column';
export {
  isSortedSample,
  type NumericSampleInput,
  prepareSample,
  type SortedSample,
} from './input/sorted-sample';
export { permutationPValue, type RandomSource, seededGenerator } from './random/seeded-generator';
export { adjustPValues, type Correction } from './report/adjust-p-values';
export {
  type AssembleDriftReportOptions,
  assembleDriftReport,
} from './report/assemble-drift-report';
export {
  type DefaultMethodInput,
  type DriftFeatureType,
  type DriftMethodId,
  type DriftMethodRule,
  type DriftRule,
  defaultMethod,
  driftMethodIds,
  driftMethodRules,
  isDriftMethodId,
  isDrifted,
} from './report/default-method';
export { sortFloat64, sortFloat64InPlace } from './sorting/sort-float64';
export { andersonDarling } from './statistics/anderson-darling';
export type { BinnedInput, BinnedStatisticOptions } from './statistics/binned-distance';
export type { CategoricalSampleInput } from './statistics/category-counts';
export { type ChiSquareOptions, chiSquare, contingencyChiSquare } from './statistics/chi-square';
export { type CramerVonMisesOptions, cramerVonMises } from './statistics/cramer-von-mises';
export { type EmpiricalMmdOptions, empiricalMmd } from './statistics/empirical-mmd';
export { energyDistance } from './statistics/energy-distance';
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
  type ColumnFeatureType,
  type ColumnInput,
  isArrowTable,
  type ReadTable,
  readTable,
  type TableColumn,
  type TableInput,
} from './table/read-table';
export {
  type MmdOptions,
  type MmdResult,
  mmdPermutationTest,
} from './backends/tfjs/mmd';
export { loadTfjs, type Tfjs, tfjsPackages } from './backends/tfjs/load-tfjs';
export {
  createTfjsBackend,
  type TfjsBackendOptions,
  type TfjsBinnedOptions,
  type TfjsDriftBackend,
} from './backends/tfjs/tfjs-backend';
export { detectDriftFromProfileInParallel } from './parallel/detect-drift-from-profile-in-parallel';
export type { ParallelOptions } from './parallel/parallel-options';
export { profileInParallel } from './parallel/profile-in-parallel';
export {
  type DetectDriftFromProfileOptions,
  detectDriftFromProfile,
  type ProfileDriftMethod,
  profileDriftMethods,
} from './profile/detect-drift-from-profile';
export type { ProfileBinning } from './profile/histogram-edges';
export { mergeProfiles } from './profile/merge-profiles';
export { type ProfileOptions, profile } from './profile/profile';
export type { ProfileInput } from './profile/profile-input';
export {
  DEFAULT_KLL_K,
  KLL_ALGORITHM,
  KllSketch,
  type KllSketchOptions,
  type SerializedKllSketch,
} from './sketch/kll-sketch';
export { kllNormalizedRankError } from './sketch/normalized-rank-error';

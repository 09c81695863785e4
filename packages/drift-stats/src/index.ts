// @ballast/drift-stats: what users call. Individual statistics are on
// `@ballast/drift-stats/statistics`, the tfjs backend on `@ballast/drift-stats/tfjs`, kernels
// and helpers on `@ballast/drift-stats/internals`.

// Detecting drift
export { detectDrift } from './detect/detect-drift';
export { detectDriftSync } from './detect/detect-drift-sync';
export type {
  BackendKernel,
  DetectDriftOptions,
  DetectDriftSyncOptions,
  DriftBackend,
} from './detect/detect-drift-options';
export type { ComparisonOptions } from './column-drift/detect-drift-options';
export { isDatasetProfile } from './detect/is-dataset-profile';
export type { ParallelOptions } from './parallel/parallel-options';
export type { ArrowTableLike, ColumnInput, TableInput } from './table/read-table';
export type { Correction } from './report/adjust-p-values';

// Drift methods, one descriptor each
export {
  type DriftMethodId,
  driftMethods,
  findDriftMethod,
  getDriftMethod,
  isDriftMethodId,
} from './methods';
export {
  type DriftMethod,
  isDrifted,
  type ProfileForm,
  type ProfileStatistic,
  type TfjsKernel,
} from './methods/drift-method';
export {
  type DefaultMethodInput,
  type DriftFeatureType,
  defaultMethod,
} from './report/default-method';
export type { StatisticResult } from './statistics/statistic-result';
export type { TfTensor, Tfjs } from './backends/tfjs/tfjs-api';

// Drift over time: chunks of the current data, thresholds learned on reference chunks
export {
  type ChunkColumnDrift,
  type ChunkDrift,
  type ChunkReport,
  type ChunkThreshold,
  type DetectDriftOverTimeOptions,
  detectDriftOverTime,
} from './chunked/detect-drift-over-time';
export type { ChunkPeriod, ChunkSpec, TableChunk } from './chunked/split-chunks';
export type { DataDrivenThreshold, ThresholdBounds } from './chunked/data-driven-threshold';

// Multivariate drift (dataset.multivariate)
export {
  type AsyncFittedMultivariateDrift,
  detectMultivariateDrift,
  type MultivariateDrift,
  type MultivariateDriftOptions,
} from './multivariate/detect-multivariate-drift';

// Profiles: the reference without its raw values
export {
  DEFAULT_EXACT_LIMIT,
  DEFAULT_EXACT_TAIL,
  type ProfileOptions,
  profile,
} from './profile/profile';
export type { ProfileApproximation } from './profile/sketch-distances';
export { profileInParallel } from './parallel/profile-in-parallel';
export { ProfileBuilder } from './profile/profile-builder';
export { mergeProfiles } from './profile/merge-profiles';
// Profiles computed by a SQL engine: `profile(sqlTable(engine, ...))`, partitions
export { profileSqlPartitions, type SqlPartitionProfile } from './pushdown/profile-sql-table';
export type { SqlPartitionBy, SqlProfileOptions } from './pushdown/sql-profile-options';
export type { ProfileBinning } from './profile/histogram-edges';
export type { ProfileInput } from './profile/profile-input';
export {
  DEFAULT_KLL_K,
  KLL_ALGORITHM,
  KllSketch,
  type KllSketchOptions,
  type SerializedKllSketch,
} from './sketch/kll-sketch';
export { kllNormalizedRankError } from './sketch/normalized-rank-error';

// Training/serving skew
export {
  type DetectSkewOptions,
  detectSkew,
  type SkewAnomaly,
  type SkewReport,
  skewCodes,
} from './skew/detect-skew';

// Reports and binned distances from counts
export { adjustPValues } from './report/adjust-p-values';
export {
  type AssembleDriftReportOptions,
  assembleDriftReport,
} from './report/assemble-drift-report';
export {
  type BinnedDistanceMethod,
  type BinnedDistanceOptions,
  distanceFromCounts,
} from './binning/distance-from-counts';

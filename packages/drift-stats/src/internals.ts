// @ballast/drift-stats/internals: kernels and helpers the statistics are built from. Public so
// tools can reuse them, but not part of the stable API: they may change in a minor release.
export { categoryCountsOverUnion } from './binning/binned-shares';
export { fillEmptyShares } from './binning/fill-empty-shares';
export { histogramCounts } from './binning/histogram-counts';
export { quantileEdges, quantileOfSorted } from './binning/quantile-edges';
export { linspaceEdges, sturgesEdges } from './binning/sturges-edges';
export { chiSquareSurvival } from './distributions/incomplete-gamma';
export { studentTTwoSided } from './distributions/incomplete-beta';
export { kolmogorovSurvival } from './distributions/kolmogorov';
export { normalCdf } from './distributions/normal';
export { categoryKey, toCategoricalColumn } from './input/categorical-column';
export { inferFeatureType } from './input/infer-feature-type';
export { toNumericColumn } from './input/numeric-column';
export { defineDriftMethod } from './methods/drift-method';
export { permutationPValue } from './random/seeded-generator';
export { sortFloat64, sortFloat64InPlace } from './sorting/sort-float64';
export {
  type ColumnFeatureType,
  isArrowTable,
  type ReadTable,
  readTable,
  type TableColumn,
} from './table/read-table';

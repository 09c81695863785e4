// Entry `@ballast/registry-client/internals`: the search-language kernels both backends share
// (MLflow filter parsing and matching, order_by parsing). For tools that build their own
// backend or validate filters ahead of time; not needed to use a registry. Semver covers
// them less strictly than the root entry: they follow MLflow's grammar as it evolves.
export {
  type FilterClause,
  type FilterComparator,
  type FilterSubject,
  matchesFilter,
  parseSearchFilter,
  type SearchEntity,
} from './search/search-filter';
export { type OrderByKey, parseOrderBy } from './search/order-by';

// Entry `@ballast/warehouse/conformance`: the suite every `SqlEngine` passes. Kept off the root
// entry so applications never load test code.
export {
  describeSqlEngineConformance,
  type EngineConformanceAssertion,
  type EngineConformanceTestApi,
  type SqlEngineConformanceOptions,
  type SqlEngineFactory,
} from './conformance/sql-engine-conformance';

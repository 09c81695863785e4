// Entry `@ballast/registry-client/conformance`: the suite every `Registry` implementation
// passes. Kept off the root entry so applications never load test code.
export {
  type ConformanceAssertion,
  type ConformanceTestApi,
  describeRegistryConformance,
  type RegistryFactory,
} from './conformance/registry-conformance';

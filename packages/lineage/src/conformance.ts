/**
 * `@ballast/lineage/conformance`: the behaviour every `LineageEmitter` must show, as a suite
 * next to the interface's transports. The test framework is passed in
 * (`describeLineageEmitterConformance(name, options, vitest)`), so this entry loads none itself.
 *
 * @packageDocumentation
 */
export {
  conformanceEvents,
  describeLineageEmitterConformance,
  type LineageConformanceAssertion,
  type LineageConformanceTestApi,
  type LineageEmitterConformanceOptions,
  type LineageEmitterConformanceSubject,
} from './conformance/lineage-emitter-conformance';

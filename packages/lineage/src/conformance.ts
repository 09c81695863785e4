/**
 * `@ballast/lineage/conformance`: the behaviour every `LineageEmitter` must show, as a vitest
 * suite next to the interface's transports. Needs `vitest` (an optional peer of this subpath
 * only); the root entry never loads it.
 *
 * @packageDocumentation
 */
export {
  conformanceEvents,
  describeLineageEmitterConformance,
  type LineageEmitterConformanceOptions,
  type LineageEmitterConformanceSubject,
} from './conformance/lineage-emitter-conformance';

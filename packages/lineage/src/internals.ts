/**
 * `@ballast/lineage/internals`: the pieces the transports and store are built from, for tools
 * that extend them. Not needed to emit or read lineage; may change in a minor release.
 *
 * @packageDocumentation
 */
export {
  eventSchemaURL,
  OPENLINEAGE_CORE_SCHEMA_ID,
} from './events/openlineage-spec';
export {
  datasetEventSchema,
  eventKind,
  inputDatasetSchema,
  jobEventSchema,
  jobSchema,
  openLineageFacetSchema,
  outputDatasetSchema,
  runEventSchema,
  runEventTypeSchema,
  runSchema,
  staticDatasetSchema,
} from './events/event-schemas';
export { uuidV7Timestamp } from './events/uuid-v7';
export { emitterClosedError, eventKey } from './transports/lineage-transport';
export { type ResolvedRetryOptions, resolveRetryOptions } from './transports/retry-policy';
export { DEFAULT_LINEAGE_FILE } from './transports/file-transport';

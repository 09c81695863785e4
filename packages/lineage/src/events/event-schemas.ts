import {
  type LineageEvent,
  lineageDatasetSchema,
  lineageEventSchema,
  lineageEventTypeSchema,
  lineageFacetSchema,
  parseWithSchema,
} from '@ballast/contracts';
import { z } from 'zod';
import { eventSchemaURL, type OpenLineageEventKind } from './openlineage-spec';

// One schema: the OpenLineage 2-0-2 RunEvent is the contracts' `lineageEventSchema`, and the
// DatasetEvent and JobEvent are assembled from its parts, so this package never disagrees with
// contracts (or the official schema) on what an event is. Stricter, opinionated checks are
// lint rules on top (`lintLineageEvent`), never a second schema.

/** A facet as the core schema sees it: `_producer`, `_schemaURL`, anything else. */
export const openLineageFacetSchema = lineageFacetSchema;
/** A facet as the core schema sees it. */
export type OpenLineageFacet = z.infer<typeof openLineageFacetSchema>;

/** A dataset of a DatasetEvent (`StaticDataset`). */
export const staticDatasetSchema = lineageDatasetSchema;
/** An input dataset, with optional `inputFacets`. */
export const inputDatasetSchema = lineageDatasetSchema;
/** An output dataset, with optional `outputFacets`. */
export const outputDatasetSchema = lineageDatasetSchema;

/** An OpenLineage dataset reference with facets. */
export type StaticDataset = z.infer<typeof staticDatasetSchema>;
/** An input dataset of a run or job. */
export type InputDataset = z.infer<typeof inputDatasetSchema>;
/** An output dataset of a run or job. */
export type OutputDataset = z.infer<typeof outputDatasetSchema>;

/** An OpenLineage job: namespace, name and job facets. */
export const jobSchema = lineageEventSchema.shape.job;
/** An OpenLineage job. */
export type Job = z.infer<typeof jobSchema>;

/** An OpenLineage run: a UUID and run facets. */
export const runSchema = lineageEventSchema.shape.run;
/** An OpenLineage run. */
export type Run = z.infer<typeof runSchema>;

/** Run state transitions. */
export const runEventTypeSchema = lineageEventTypeSchema;
/** A run state transition. */
export type RunEventType = z.infer<typeof runEventTypeSchema>;

/** OpenLineage 2-0-2 `RunEvent`: the contracts' `lineageEventSchema` itself. */
export const runEventSchema = lineageEventSchema;

const { eventTime, producer, schemaURL } = lineageEventSchema.shape;
const baseEventShape = { eventTime, producer, schemaURL };

/** OpenLineage 2-0-2 `DatasetEvent` (static metadata about one dataset). */
export const datasetEventSchema = z
  .looseObject({ ...baseEventShape, dataset: staticDatasetSchema })
  .refine(event => !('job' in event && 'run' in event), {
    message: 'a DatasetEvent must not carry both job and run',
  });

/** OpenLineage 2-0-2 `JobEvent` (static lineage of a job, no run). */
export const jobEventSchema = z
  .looseObject({
    ...baseEventShape,
    job: jobSchema,
    inputs: z.array(inputDatasetSchema).optional(),
    outputs: z.array(outputDatasetSchema).optional(),
  })
  .refine(event => !('run' in event), { message: 'a JobEvent must not carry a run' });

/** An OpenLineage RunEvent: the contracts' `LineageEvent`. */
export type RunEvent = LineageEvent;
/** An OpenLineage DatasetEvent. */
export type DatasetEvent = z.infer<typeof datasetEventSchema>;
/** An OpenLineage JobEvent. */
export type JobEvent = z.infer<typeof jobEventSchema>;
/** Any OpenLineage event. */
export type OpenLineageEvent = RunEvent | DatasetEvent | JobEvent;

const schemasByKind = {
  RunEvent: runEventSchema,
  DatasetEvent: datasetEventSchema,
  JobEvent: jobEventSchema,
} as const;

/**
 * Which of the three event kinds `event` is, decided as the spec does: a `run` makes a RunEvent,
 * a `dataset` a DatasetEvent, otherwise a JobEvent.
 *
 * @example
 * ```ts
 * if (eventKind(event) === 'RunEvent') console.log(event.run.runId);
 * ```
 */
export function eventKind(event: object): OpenLineageEventKind {
  if ('run' in event) return 'RunEvent';
  if ('dataset' in event) return 'DatasetEvent';
  return 'JobEvent';
}

/**
 * Validates any OpenLineage 2-0-2 event, throwing an `InvalidInputError` (`INVALID_EVENT`)
 * whose message and `details` name the schema URL and the failing path.
 *
 * @example
 * ```ts
 * const event = parseOpenLineageEvent(JSON.parse(body));
 * ```
 */
export function parseOpenLineageEvent(input: unknown): OpenLineageEvent {
  const kind = input !== null && typeof input === 'object' ? eventKind(input) : 'RunEvent';
  return parseEventOfKind(kind, input);
}

/** Validates `input` as an event of `kind` (the builders know the kind they build). */
export function parseEventOfKind<Kind extends OpenLineageEventKind>(
  kind: Kind,
  input: unknown,
): z.output<(typeof schemasByKind)[Kind]> {
  return parseWithSchema(schemasByKind[kind], input, {
    code: 'INVALID_EVENT',
    name: kind,
    schemaURL: eventSchemaURL(kind),
  }) as z.output<(typeof schemasByKind)[Kind]>;
}

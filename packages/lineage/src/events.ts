import { lineageFacetSchema } from '@ballast/contracts';
import { z } from 'zod';
import { parseAgainstSchema } from './define-facet';
import {
  BALLAST_LINEAGE_PRODUCER,
  eventSchemaURL,
  type OpenLineageEventKind,
} from './openlineage-spec';

// zod mirrors of the OpenLineage 2-0-2 core definitions. Objects stay loose (the core schema
// allows additional properties); formats (uri, uuid, date-time) are checked like ajv does.

const nonEmpty = z.string().min(1, 'expected a non-empty string');
const dateTime = z.iso.datetime({ offset: true });

/** A facet as the core schema sees it: `_producer`, `_schemaURL`, anything else. */
export const openLineageFacetSchema = lineageFacetSchema;

/** A facet as the core schema sees it. */
export type OpenLineageFacet = z.infer<typeof openLineageFacetSchema>;

const facetsSchema = z.record(z.string(), openLineageFacetSchema);

const datasetShape = { namespace: nonEmpty, name: nonEmpty, facets: facetsSchema.optional() };

/** A dataset of a DatasetEvent (`StaticDataset`). */
export const staticDatasetSchema = z.looseObject(datasetShape);
/** An input dataset, with optional `inputFacets`. */
export const inputDatasetSchema = z.looseObject({
  ...datasetShape,
  inputFacets: facetsSchema.optional(),
});
/** An output dataset, with optional `outputFacets`. */
export const outputDatasetSchema = z.looseObject({
  ...datasetShape,
  outputFacets: facetsSchema.optional(),
});

/** An OpenLineage dataset reference with facets. */
export type StaticDataset = z.infer<typeof staticDatasetSchema>;
/** An input dataset of a run or job. */
export type InputDataset = z.infer<typeof inputDatasetSchema>;
/** An output dataset of a run or job. */
export type OutputDataset = z.infer<typeof outputDatasetSchema>;

/** An OpenLineage job: namespace, name and job facets. */
export const jobSchema = z.looseObject({
  namespace: nonEmpty,
  name: nonEmpty,
  facets: facetsSchema.optional(),
});
/** An OpenLineage job. */
export type Job = z.infer<typeof jobSchema>;

/** An OpenLineage run: a UUID and run facets. */
export const runSchema = z.looseObject({ runId: z.uuid(), facets: facetsSchema.optional() });
/** An OpenLineage run. */
export type Run = z.infer<typeof runSchema>;

/** Run state transitions. */
export const runEventTypeSchema = z.enum([
  'START',
  'RUNNING',
  'COMPLETE',
  'ABORT',
  'FAIL',
  'OTHER',
]);
/** A run state transition. */
export type RunEventType = z.infer<typeof runEventTypeSchema>;

const baseEventShape = { eventTime: dateTime, producer: z.url(), schemaURL: z.url() };

/**
 * OpenLineage 2-0-2 `RunEvent`, as a zod schema (the other event, dataset, job and run schemas
 * of this module work the same way).
 *
 * @example
 * ```ts
 * const result = runEventSchema.safeParse(JSON.parse(line));
 * if (!result.success) console.error(result.error.issues);
 * ```
 */
export const runEventSchema = z.looseObject({
  ...baseEventShape,
  eventType: runEventTypeSchema.optional(),
  run: runSchema,
  job: jobSchema,
  inputs: z.array(inputDatasetSchema).optional(),
  outputs: z.array(outputDatasetSchema).optional(),
});

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

/** An OpenLineage RunEvent; assignable to the contracts' `LineageEvent`. */
export type RunEvent = z.infer<typeof runEventSchema>;
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
  return parseAgainstSchema(schemasByKind[kind], input, {
    code: 'INVALID_EVENT',
    name: kind,
    schemaURL: eventSchemaURL(kind),
  });
}

/** Fields shared by the three event builders. */
export interface EventBuildOptions {
  /** When the event happened; defaults to now. */
  eventTime?: Date | string;
  /** URI of the producing software; defaults to {@link BALLAST_LINEAGE_PRODUCER}. */
  producer?: string;
}

function baseEvent(kind: OpenLineageEventKind, options: EventBuildOptions) {
  const eventTime = options.eventTime ?? new Date();
  return {
    eventTime: eventTime instanceof Date ? eventTime.toISOString() : eventTime,
    producer: options.producer ?? BALLAST_LINEAGE_PRODUCER,
    schemaURL: eventSchemaURL(kind),
  };
}

function build<Kind extends OpenLineageEventKind>(
  kind: Kind,
  input: object,
): z.output<(typeof schemasByKind)[Kind]> {
  return parseAgainstSchema(schemasByKind[kind], input, {
    code: 'INVALID_EVENT',
    name: kind,
    schemaURL: eventSchemaURL(kind),
  }) as z.output<(typeof schemasByKind)[Kind]>;
}

/** Input of {@link runEvent}. */
export interface RunEventInput extends EventBuildOptions {
  eventType: RunEventType;
  run: z.input<typeof runSchema>;
  job: z.input<typeof jobSchema>;
  inputs?: z.input<typeof inputDatasetSchema>[];
  outputs?: z.input<typeof outputDatasetSchema>[];
}

/**
 * Builds and validates a RunEvent, filling `eventTime`, `producer` and `schemaURL`.
 *
 * @example
 * ```ts
 * const event = runEvent({
 *   eventType: 'START',
 *   run: { runId: uuidV7() },
 *   job: { namespace: 'ml-training', name: 'churn.train' },
 *   inputs: [{ namespace: 's3://acme-data', name: 'churn/features.parquet' }],
 * });
 * ```
 */
export function runEvent(input: RunEventInput): RunEvent {
  const { eventTime, producer, ...rest } = input;
  return build('RunEvent', {
    ...baseEvent('RunEvent', { eventTime, producer }),
    ...rest,
    inputs: rest.inputs ?? [],
    outputs: rest.outputs ?? [],
  });
}

/** Input of {@link datasetEvent}. */
export interface DatasetEventInput extends EventBuildOptions {
  dataset: z.input<typeof staticDatasetSchema>;
}

/**
 * Builds and validates a DatasetEvent: static metadata (schema, ownership, lifecycle) about a
 * dataset, outside of any run.
 *
 * @example
 * ```ts
 * datasetEvent({ dataset: { namespace: 'file', name: 'data/train.csv', facets: { schema } } });
 * ```
 */
export function datasetEvent(input: DatasetEventInput): DatasetEvent {
  const { eventTime, producer, ...rest } = input;
  return build('DatasetEvent', { ...baseEvent('DatasetEvent', { eventTime, producer }), ...rest });
}

/** Input of {@link jobEvent}. */
export interface JobEventInput extends EventBuildOptions {
  job: z.input<typeof jobSchema>;
  inputs?: z.input<typeof inputDatasetSchema>[];
  outputs?: z.input<typeof outputDatasetSchema>[];
}

/**
 * Builds and validates a JobEvent: the declared (static) lineage of a job, without a run.
 *
 * @example
 * ```ts
 * jobEvent({ job: { namespace: 'serving', name: 'churn.deploy' }, inputs: [model], outputs: [endpoint] });
 * ```
 */
export function jobEvent(input: JobEventInput): JobEvent {
  const { eventTime, producer, ...rest } = input;
  return build('JobEvent', {
    ...baseEvent('JobEvent', { eventTime, producer }),
    ...rest,
    inputs: rest.inputs ?? [],
    outputs: rest.outputs ?? [],
  });
}

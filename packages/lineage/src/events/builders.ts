import type { z } from 'zod';
import {
  type DatasetEvent,
  type inputDatasetSchema,
  type JobEvent,
  type jobSchema,
  type outputDatasetSchema,
  type RunEvent,
  type RunEventType,
  parseEventOfKind,
  type runSchema,
  type staticDatasetSchema,
} from './event-schemas';
import {
  BALLAST_LINEAGE_PRODUCER,
  eventSchemaURL,
  type OpenLineageEventKind,
} from './openlineage-spec';

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

function build<Kind extends OpenLineageEventKind>(kind: Kind, input: object) {
  return parseEventOfKind(kind, input);
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

import { z } from 'zod';
import { timestampSchema } from './common';

/** Every OpenLineage facet carries the producer and the schema it follows. */
export const lineageFacetSchema = z.looseObject({
  _producer: z.url(),
  _schemaURL: z.url(),
  _deleted: z.boolean().optional(),
});

/** An OpenLineage facet. */
export type LineageFacet = z.infer<typeof lineageFacetSchema>;

const facetsSchema = z.record(z.string(), lineageFacetSchema);

/** An OpenLineage input or output dataset. */
export const lineageDatasetSchema = z.looseObject({
  namespace: z.string(),
  name: z.string(),
  facets: facetsSchema.optional(),
  inputFacets: facetsSchema.optional(),
  outputFacets: facetsSchema.optional(),
});

/** An OpenLineage dataset entry. */
export type LineageDataset = z.infer<typeof lineageDatasetSchema>;

/** OpenLineage run states. */
export const lineageEventTypeSchema = z.enum([
  'START',
  'RUNNING',
  'COMPLETE',
  'ABORT',
  'FAIL',
  'OTHER',
]);

/**
 * An OpenLineage 2-0-2 RunEvent. It keeps OpenLineage's own identification (`schemaURL`)
 * instead of Ballast's `kind`, so it goes to Marquez and other receivers unchanged.
 *
 * @example
 * ```ts
 * const event: LineageEvent = {
 *   eventType: 'START',
 *   eventTime: new Date().toISOString(),
 *   producer: 'https://ballast.dev/lineage',
 *   schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
 *   run: { runId: '01936f0e-7c4a-7b1e-9a8f-2d3c4b5a6978' },
 *   job: { namespace: 'ballast', name: 'train-fraud' },
 *   inputs: [],
 *   outputs: [],
 * };
 * ```
 */
export const lineageEventSchema = z
  .looseObject({
    eventType: lineageEventTypeSchema.optional(),
    eventTime: timestampSchema,
    producer: z.url(),
    schemaURL: z.url(),
    run: z.looseObject({ runId: z.uuid(), facets: facetsSchema.optional() }),
    job: z.looseObject({
      namespace: z.string(),
      name: z.string(),
      facets: facetsSchema.optional(),
    }),
    inputs: z.array(lineageDatasetSchema).optional(),
    outputs: z.array(lineageDatasetSchema).optional(),
  })
  .meta({ id: 'LineageEvent', title: 'LineageEvent' });

/** An OpenLineage RunEvent. See {@link lineageEventSchema}. */
export type LineageEvent = z.infer<typeof lineageEventSchema>;

import { z } from 'zod';
import { type BuiltFacet, defineFacet, type FacetBuildOptions } from './define-facet';

// The field schemas mirror the official 2-0-2 facet files; they are strict so a typo in a field
// name is reported instead of being shipped as an unknown property.

const dateTime = z.iso.datetime({ offset: true });
const integer = z.number().int();
const nonEmpty = z.string().min(1, 'expected a non-empty string');

interface SchemaField {
  name: string;
  type?: string;
  description?: string;
  ordinal_position?: number;
  fields?: SchemaField[];
}

const schemaFieldSchema: z.ZodType<SchemaField> = z.lazy(() =>
  z.strictObject({
    name: nonEmpty,
    type: z.string().optional(),
    description: z.string().optional(),
    ordinal_position: integer.min(1).optional(),
    fields: z.array(schemaFieldSchema).optional(),
  }),
);

/**
 * `schema` dataset facet (SchemaDatasetFacet 1-2-0): the columns of a dataset, nested fields allowed.
 *
 * @example
 * ```ts
 * schemaDatasetFacet({ fields: [{ name: 'customer_id', type: 'STRING' }] });
 * ```
 */
export const schemaDatasetFacet = defineFacet({
  key: 'schema',
  schemaName: 'SchemaDatasetFacet',
  schemaVersion: '1-2-0',
  placement: 'dataset',
  fields: z.strictObject({ fields: z.array(schemaFieldSchema) }),
});

/**
 * `dataSource` dataset facet (DatasourceDatasetFacet 1-0-1): the system a dataset lives in.
 *
 * @example
 * ```ts
 * datasourceDatasetFacet({ name: 'warehouse', uri: 'postgres://db.internal:5432' });
 * ```
 */
export const datasourceDatasetFacet = defineFacet({
  key: 'dataSource',
  schemaName: 'DatasourceDatasetFacet',
  schemaVersion: '1-0-1',
  placement: 'dataset',
  fields: z.strictObject({ name: z.string().optional(), uri: z.url().optional() }),
});

const documentationFields = z.strictObject({
  description: nonEmpty,
  contentType: z.string().optional(),
});

/**
 * `documentation` dataset facet (DocumentationDatasetFacet 1-1-0).
 *
 * @example
 * ```ts
 * documentationDatasetFacet({ description: 'Weekly churn features', contentType: 'text/markdown' });
 * ```
 */
export const documentationDatasetFacet = defineFacet({
  key: 'documentation',
  schemaName: 'DocumentationDatasetFacet',
  schemaVersion: '1-1-0',
  placement: 'dataset',
  fields: documentationFields,
});

/**
 * `documentation` job facet (DocumentationJobFacet 1-1-0).
 *
 * @example
 * ```ts
 * documentationJobFacet({ description: 'Retrains the churn model every Monday' });
 * ```
 */
export const documentationJobFacet = defineFacet({
  key: 'documentation',
  schemaName: 'DocumentationJobFacet',
  schemaVersion: '1-1-0',
  placement: 'job',
  fields: documentationFields,
});

/**
 * `sql` job facet (SQLJobFacet 1-1-0): the query a job ran.
 *
 * @example
 * ```ts
 * sqlJobFacet({ query: 'SELECT * FROM features', dialect: 'postgres' });
 * ```
 */
export const sqlJobFacet = defineFacet({
  key: 'sql',
  schemaName: 'SQLJobFacet',
  schemaVersion: '1-1-0',
  placement: 'job',
  fields: z.strictObject({ query: nonEmpty, dialect: z.string().optional() }),
});

const runIdentity = z.strictObject({ runId: z.uuid() });
const jobIdentity = z.strictObject({ namespace: nonEmpty, name: nonEmpty });

/**
 * `parent` run facet (ParentRunFacet 1-2-0): the run that spawned this one, and optionally the root.
 *
 * @example
 * ```ts
 * parentRunFacet({ run: { runId: parent.runId }, job: { namespace: 'ml', name: 'pipeline' } });
 * ```
 */
export const parentRunFacet = defineFacet({
  key: 'parent',
  schemaName: 'ParentRunFacet',
  schemaVersion: '1-2-0',
  placement: 'run',
  fields: z.strictObject({
    run: runIdentity,
    job: jobIdentity,
    root: z.strictObject({ run: runIdentity, job: jobIdentity }).optional(),
  }),
});

/**
 * `errorMessage` run facet (ErrorMessageRunFacet 1-0-1). See {@link errorMessageFacetFromError}.
 *
 * @example
 * ```ts
 * errorMessageRunFacet({ message: 'out of memory', programmingLanguage: 'JavaScript' });
 * ```
 */
export const errorMessageRunFacet = defineFacet({
  key: 'errorMessage',
  schemaName: 'ErrorMessageRunFacet',
  schemaVersion: '1-0-1',
  placement: 'run',
  fields: z.strictObject({
    message: z.string(),
    programmingLanguage: nonEmpty,
    stackTrace: z.string().optional(),
  }),
});

/**
 * Builds the `errorMessage` facet from anything thrown: message and stack of an `Error`
 * (including its `cause` chain in the stack), or the string form of anything else.
 *
 * @example
 * ```ts
 * try { await train(); } catch (error) { facets.errorMessage = errorMessageFacetFromError(error); }
 * ```
 */
export function errorMessageFacetFromError(
  error: unknown,
  options?: FacetBuildOptions,
): BuiltFacet<z.output<typeof errorMessageRunFacet.fields>> {
  if (!(error instanceof Error)) {
    return errorMessageRunFacet(
      { message: String(error), programmingLanguage: 'JavaScript' },
      options,
    );
  }
  const stacks: string[] = [];
  let current: unknown = error;
  // Wrapped errors keep the root cause in `cause`; the receiver should see the whole chain.
  for (let level = 0; current instanceof Error && level < 10; level += 1) {
    stacks.push(
      level === 0
        ? (current.stack ?? String(current))
        : `Caused by: ${current.stack ?? String(current)}`,
    );
    current = current.cause;
  }
  return errorMessageRunFacet(
    { message: error.message, programmingLanguage: 'JavaScript', stackTrace: stacks.join('\n') },
    options,
  );
}

/**
 * `nominalTime` run facet (NominalTimeRunFacet 1-0-1): the scheduled window of the run.
 *
 * @example
 * ```ts
 * nominalTimeRunFacet({ nominalStartTime: '2026-11-22T10:00:00.000Z' });
 * ```
 */
export const nominalTimeRunFacet = defineFacet({
  key: 'nominalTime',
  schemaName: 'NominalTimeRunFacet',
  schemaVersion: '1-0-1',
  placement: 'run',
  fields: z.strictObject({ nominalStartTime: dateTime, nominalEndTime: dateTime.optional() }),
});

const inputFieldSchema = z.strictObject({
  namespace: nonEmpty,
  name: nonEmpty,
  field: nonEmpty,
  transformations: z
    .array(
      z.strictObject({
        type: z.enum(['DIRECT', 'INDIRECT']),
        subtype: z.string().optional(),
        description: z.string().optional(),
        masking: z.boolean().optional(),
      }),
    )
    .optional(),
});

/**
 * `columnLineage` dataset facet (ColumnLineageDatasetFacet 1-2-0): which input columns each
 * output column was computed from.
 *
 * @example
 * ```ts
 * columnLineageDatasetFacet({ fields: { total: { inputFields: [{ namespace: 'file', name: 'orders.csv', field: 'amount' }] } } });
 * ```
 */
export const columnLineageDatasetFacet = defineFacet({
  key: 'columnLineage',
  schemaName: 'ColumnLineageDatasetFacet',
  schemaVersion: '1-2-0',
  placement: 'outputDataset',
  fields: z.strictObject({
    fields: z.record(z.string(), z.strictObject({ inputFields: z.array(inputFieldSchema) })),
    dataset: z.array(inputFieldSchema).optional(),
  }),
});

const dataQualityMetricsFields = z.strictObject({
  rowCount: integer.nonnegative().optional(),
  bytes: integer.nonnegative().optional(),
  fileCount: integer.nonnegative().optional(),
  lastUpdated: dateTime.optional(),
  columnMetrics: z.record(
    z.string(),
    z.strictObject({
      nullCount: integer.nonnegative().optional(),
      distinctCount: integer.nonnegative().optional(),
      sum: z.number().optional(),
      count: z.number().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      quantiles: z.record(z.string(), z.number()).optional(),
    }),
  ),
});

/**
 * `dataQualityMetrics` dataset facet (DataQualityMetricsDatasetFacet 1-0-0), for `facets`.
 *
 * @example
 * ```ts
 * dataQualityMetricsDatasetFacet({ rowCount: 1000, columnMetrics: { age: { nullCount: 3 } } });
 * ```
 */
export const dataQualityMetricsDatasetFacet = defineFacet({
  key: 'dataQualityMetrics',
  schemaName: 'DataQualityMetricsDatasetFacet',
  schemaVersion: '1-0-0',
  placement: 'dataset',
  fields: dataQualityMetricsFields,
});

/**
 * `dataQualityMetrics` input dataset facet (DataQualityMetricsInputDatasetFacet 1-0-3), for an
 * input's `inputFacets`.
 *
 * @example
 * ```ts
 * dataQualityMetricsInputDatasetFacet({ rowCount: 1000, columnMetrics: { age: { min: 18, max: 90 } } });
 * ```
 */
export const dataQualityMetricsInputDatasetFacet = defineFacet({
  key: 'dataQualityMetrics',
  schemaName: 'DataQualityMetricsInputDatasetFacet',
  schemaVersion: '1-0-3',
  placement: 'inputDataset',
  fields: dataQualityMetricsFields,
});

/**
 * `dataQualityAssertions` input dataset facet (DataQualityAssertionsDatasetFacet 1-1-0): tests
 * run on an input and whether they passed.
 *
 * @example
 * ```ts
 * dataQualityAssertionsDatasetFacet({ assertions: [{ assertion: 'not_null', success: true, column: 'id' }] });
 * ```
 */
export const dataQualityAssertionsDatasetFacet = defineFacet({
  key: 'dataQualityAssertions',
  schemaName: 'DataQualityAssertionsDatasetFacet',
  schemaVersion: '1-1-0',
  placement: 'inputDataset',
  fields: z.strictObject({
    assertions: z.array(
      z.strictObject({
        assertion: nonEmpty,
        success: z.boolean(),
        column: z.string().optional(),
        severity: z.string().optional(),
        name: z.string().optional(),
        description: z.string().optional(),
        expected: z.string().optional(),
        actual: z.string().optional(),
        content: z.string().optional(),
        contentType: z.string().optional(),
        params: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
  }),
});

const ownersFields = z.strictObject({
  owners: z.array(z.strictObject({ name: nonEmpty, type: z.string().optional() })),
});

/**
 * `ownership` dataset facet (OwnershipDatasetFacet 1-0-1); owner names are URNs like `team:ml`.
 *
 * @example
 * ```ts
 * ownershipDatasetFacet({ owners: [{ name: 'team:churn-ml', type: 'MAINTAINER' }] });
 * ```
 */
export const ownershipDatasetFacet = defineFacet({
  key: 'ownership',
  schemaName: 'OwnershipDatasetFacet',
  schemaVersion: '1-0-1',
  placement: 'dataset',
  fields: ownersFields,
});

/**
 * `ownership` job facet (OwnershipJobFacet 1-0-1).
 *
 * @example
 * ```ts
 * ownershipJobFacet({ owners: [{ name: 'team:churn-ml' }] });
 * ```
 */
export const ownershipJobFacet = defineFacet({
  key: 'ownership',
  schemaName: 'OwnershipJobFacet',
  schemaVersion: '1-0-1',
  placement: 'job',
  fields: ownersFields,
});

/**
 * `version` dataset facet (DatasetVersionDatasetFacet 1-0-1): the dataset version a run read or
 * wrote, which the lineage store keeps as a node of its own.
 *
 * @example
 * ```ts
 * datasetVersionDatasetFacet({ datasetVersion: 'sha256:9f86d0…' });
 * ```
 */
export const datasetVersionDatasetFacet = defineFacet({
  key: 'version',
  schemaName: 'DatasetVersionDatasetFacet',
  schemaVersion: '1-0-1',
  placement: 'dataset',
  fields: z.strictObject({ datasetVersion: nonEmpty }),
});

/**
 * Lifecycle changes OpenLineage knows.
 *
 * @example
 * ```ts
 * lifecycleStateChangeSchema.options; // ['ALTER', 'CREATE', 'DROP', 'OVERWRITE', 'RENAME', 'TRUNCATE']
 * ```
 */
export const lifecycleStateChangeSchema = z.enum([
  'ALTER',
  'CREATE',
  'DROP',
  'OVERWRITE',
  'RENAME',
  'TRUNCATE',
]);

/**
 * `lifecycleStateChange` dataset facet (LifecycleStateChangeDatasetFacet 1-0-1).
 *
 * @example
 * ```ts
 * lifecycleStateChangeDatasetFacet({ lifecycleStateChange: 'OVERWRITE' });
 * ```
 */
export const lifecycleStateChangeDatasetFacet = defineFacet({
  key: 'lifecycleStateChange',
  schemaName: 'LifecycleStateChangeDatasetFacet',
  schemaVersion: '1-0-1',
  placement: 'dataset',
  fields: z.strictObject({
    lifecycleStateChange: lifecycleStateChangeSchema,
    previousIdentifier: z.strictObject({ namespace: nonEmpty, name: nonEmpty }).optional(),
  }),
});

/**
 * `datasetType` dataset facet (DatasetTypeDatasetFacet 1-0-1); `MODEL` marks a model version.
 *
 * @example
 * ```ts
 * datasetTypeDatasetFacet({ datasetType: 'MODEL' });
 * ```
 */
export const datasetTypeDatasetFacet = defineFacet({
  key: 'datasetType',
  schemaName: 'DatasetTypeDatasetFacet',
  schemaVersion: '1-0-1',
  placement: 'dataset',
  fields: z.strictObject({
    datasetType: z.union([
      z.enum(['TABLE', 'VIEW', 'FILE', 'TOPIC', 'STREAM', 'MODEL', 'JOB_OUTPUT']),
      nonEmpty,
    ]),
    subType: z.string().optional(),
  }),
});

/**
 * `jobType` job facet (JobTypeJobFacet 2-0-4): batch, streaming or service, and the integration.
 *
 * @example
 * ```ts
 * jobTypeJobFacet({ processingType: 'BATCH', integration: 'BALLAST', jobType: 'JOB' });
 * ```
 */
export const jobTypeJobFacet = defineFacet({
  key: 'jobType',
  schemaName: 'JobTypeJobFacet',
  schemaVersion: '2-0-4',
  placement: 'job',
  fields: z.strictObject({
    processingType: z.enum(['BATCH', 'STREAMING', 'SERVICE']),
    integration: nonEmpty,
    jobType: z.string().optional(),
    emissionPattern: z
      .strictObject({
        eventTrigger: z.enum(['EVENT_BASED', 'PERIODIC']),
        eventContentMode: z.enum(['ACCUMULATIVE', 'COMPLETE_SNAPSHOT']),
        windowDuration: integer.min(1).optional(),
      })
      .optional(),
  }),
});

const tagFields = { key: nonEmpty, value: z.string(), source: z.string().optional() };

/**
 * `tags` dataset facet (TagsDatasetFacet 1-0-0); `field` scopes a tag to one column.
 *
 * @example
 * ```ts
 * tagsDatasetFacet({ tags: [{ key: 'pii', value: 'true', field: 'email' }] });
 * ```
 */
export const tagsDatasetFacet = defineFacet({
  key: 'tags',
  schemaName: 'TagsDatasetFacet',
  schemaVersion: '1-0-0',
  placement: 'dataset',
  fields: z.strictObject({
    tags: z.array(z.strictObject({ ...tagFields, field: z.string().optional() })),
  }),
});

/**
 * `tags` job facet (TagsJobFacet 1-0-0).
 *
 * @example
 * ```ts
 * tagsJobFacet({ tags: [{ key: 'team', value: 'churn' }] });
 * ```
 */
export const tagsJobFacet = defineFacet({
  key: 'tags',
  schemaName: 'TagsJobFacet',
  schemaVersion: '1-0-0',
  placement: 'job',
  fields: z.strictObject({ tags: z.array(z.strictObject(tagFields)) }),
});

/**
 * `tags` run facet (TagsRunFacet 1-0-0).
 *
 * @example
 * ```ts
 * tagsRunFacet({ tags: [{ key: 'environment', value: 'staging' }] });
 * ```
 */
export const tagsRunFacet = defineFacet({
  key: 'tags',
  schemaName: 'TagsRunFacet',
  schemaVersion: '1-0-0',
  placement: 'run',
  fields: z.strictObject({ tags: z.array(z.strictObject(tagFields)) }),
});

/**
 * `symlinks` dataset facet (SymlinksDatasetFacet 1-0-1): other names of the same dataset, e.g.
 * where a model version's artifacts are stored.
 *
 * @example
 * ```ts
 * symlinksDatasetFacet({ identifiers: [{ namespace: 's3://models', name: 'churn/3', type: 'LOCATION' }] });
 * ```
 */
export const symlinksDatasetFacet = defineFacet({
  key: 'symlinks',
  schemaName: 'SymlinksDatasetFacet',
  schemaVersion: '1-0-1',
  placement: 'dataset',
  fields: z.strictObject({
    identifiers: z.array(z.strictObject({ namespace: nonEmpty, name: nonEmpty, type: nonEmpty })),
  }),
});

/**
 * Every standard facet builder of this package, for iteration (validation, docs, tests).
 *
 * @example
 * ```ts
 * const urls = standardFacets.map(facet => facet.schemaURL);
 * ```
 */
export const standardFacets = [
  schemaDatasetFacet,
  datasourceDatasetFacet,
  documentationDatasetFacet,
  documentationJobFacet,
  sqlJobFacet,
  parentRunFacet,
  errorMessageRunFacet,
  nominalTimeRunFacet,
  columnLineageDatasetFacet,
  dataQualityMetricsDatasetFacet,
  dataQualityMetricsInputDatasetFacet,
  dataQualityAssertionsDatasetFacet,
  ownershipDatasetFacet,
  ownershipJobFacet,
  datasetVersionDatasetFacet,
  lifecycleStateChangeDatasetFacet,
  datasetTypeDatasetFacet,
  jobTypeJobFacet,
  tagsDatasetFacet,
  tagsJobFacet,
  tagsRunFacet,
  symlinksDatasetFacet,
] as const;

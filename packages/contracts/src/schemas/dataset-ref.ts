import { z } from 'zod';
import { nameSchema, sha256Schema } from './common';

/**
 * Names a dataset the way OpenLineage does (namespace + name), optionally pinned to a version
 * or content fingerprint.
 *
 * @example
 * ```ts
 * const ref: DatasetRef = { namespace: 's3://features', name: 'transactions/2026-11', version: '7' };
 * ```
 */
export const datasetRefSchema = z
  .object({
    namespace: nameSchema.describe('OpenLineage dataset namespace, e.g. "s3://bucket"'),
    name: nameSchema.describe('OpenLineage dataset name, e.g. "path/to/table"'),
    version: z.string().optional(),
    fingerprint: sha256Schema.optional().describe('content digest of the data'),
    role: z.enum(['training', 'validation', 'test', 'evaluation', 'serving', 'other']).optional(),
  })
  .meta({ id: 'DatasetRef', title: 'DatasetRef' });

/** A dataset reference. See {@link datasetRefSchema}. */
export type DatasetRef = z.infer<typeof datasetRefSchema>;

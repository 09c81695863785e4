import { z } from 'zod';
import { artifactRefSchema } from './artifact-ref';
import { nameSchema, specVersionSchema, tagsSchema, timestampSchema } from './common';
import { datasetRefSchema } from './dataset-ref';

/** MLflow's model version statuses. */
export const modelVersionStatusSchema = z.enum([
  'PENDING_REGISTRATION',
  'FAILED_REGISTRATION',
  'READY',
]);

/** Human approval state, first-class in Ballast (stored as a tag on MLflow). */
export const approvalStatusSchema = z.enum(['pending', 'approved', 'rejected']);

/**
 * One registered version of a model, with MLflow's vocabulary plus first-class approval,
 * artifact digests and training data references.
 *
 * @example
 * ```ts
 * const version = parseModelVersion(await response.json());
 * console.log(version.aliases.includes('champion'));
 * ```
 */
export const modelVersionSchema = z
  .object({
    kind: z.literal('ModelVersion'),
    specVersion: specVersionSchema,
    name: nameSchema,
    version: z
      .string()
      .regex(/^[1-9][0-9]*$/, 'expected a positive integer as a string, as MLflow'),
    aliases: z.array(nameSchema),
    tags: tagsSchema,
    description: z.string().optional(),
    source: z.string().describe('where the artifacts came from (uri or path)'),
    runId: z.string().optional().describe('training run that produced the model'),
    status: modelVersionStatusSchema,
    approval: approvalStatusSchema,
    artifacts: z.array(artifactRefSchema),
    datasets: z.array(datasetRefSchema).optional(),
    createdAt: timestampSchema,
    updatedAt: timestampSchema,
  })
  .meta({ id: 'ModelVersion', title: 'ModelVersion' });

/** A registered model version. See {@link modelVersionSchema}. */
export type ModelVersion = z.infer<typeof modelVersionSchema>;

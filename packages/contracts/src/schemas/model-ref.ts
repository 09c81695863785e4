import { z } from 'zod';
import { nameSchema } from './common';

/**
 * Points at a registered model, optionally pinned to a version or an alias.
 * With neither, consumers resolve the newest version; with both, the version wins.
 *
 * @example
 * ```ts
 * const ref: ModelRef = { name: 'fraud-detector', alias: 'champion' };
 * ```
 */
export const modelRefSchema = z
  .object({
    name: nameSchema.describe('registered model name'),
    version: nameSchema.optional().describe('version number as a string, as MLflow'),
    alias: nameSchema.optional().describe('alias such as "champion"'),
    registryUri: z.string().optional().describe('registry the model lives in'),
  })
  .meta({ id: 'ModelRef', title: 'ModelRef' });

/** A reference to a registered model. See {@link modelRefSchema}. */
export type ModelRef = z.infer<typeof modelRefSchema>;

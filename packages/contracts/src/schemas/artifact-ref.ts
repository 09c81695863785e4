import { z } from 'zod';
import { countSchema, nameSchema, sha256Schema } from './common';

/**
 * One stored file of a model version, with the digest that proves it was not altered.
 *
 * @example
 * ```ts
 * const artifact: ArtifactRef = {
 *   uri: 'file:///srv/.ballast/registry/blobs/ab/ab12...',
 *   path: 'model.onnx',
 *   sha256: 'ab12...',
 *   size: 10423,
 * };
 * ```
 */
export const artifactRefSchema = z
  .object({
    uri: nameSchema.describe('where the bytes are stored'),
    path: nameSchema.describe('path relative to the model version root'),
    sha256: sha256Schema,
    size: countSchema.describe('size in bytes'),
    mediaType: z.string().optional(),
  })
  .meta({ id: 'ArtifactRef', title: 'ArtifactRef' });

/** One stored file of a model version. See {@link artifactRefSchema}. */
export type ArtifactRef = z.infer<typeof artifactRefSchema>;

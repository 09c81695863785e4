import {
  type ArtifactRef,
  approvalStatusSchema,
  artifactRefSchema,
  type DatasetRef,
  datasetRefSchema,
  type ModelVersion,
} from '@ballast/contracts';
import { z } from 'zod';
import { rejectReservedTagKey } from '../ballast-tags';
import { invalidParameter, parseParameters } from '../errors/registry-errors';
import type { CreateModelVersionOptions } from '../registry';
import { validateModelName, validateRelativePath, validateTags } from './registry-rules';

const createVersionSchema = z.object({
  approval: approvalStatusSchema.optional(),
  datasets: z.array(datasetRefSchema).optional(),
  artifacts: z.array(artifactRefSchema).optional(),
});

/** `createModelVersion` options after validation, shared by every backend. */
export interface CheckedCreateModelVersionOptions {
  name: string;
  tags: Record<string, string>;
  approval: ModelVersion['approval'];
  datasets?: DatasetRef[];
  /** Present when the caller passed artifacts stored elsewhere (then `source` is set). */
  artifacts?: ArtifactRef[];
}

/**
 * Validates `createModelVersion` options the same way for every backend: name, tags (no
 * reserved `ballast.` keys), approval, datasets, and exactly one of `artifactPath` or
 * `artifacts` (the latter with `source` and safe relative paths).
 */
export function checkCreateModelVersionOptions(
  options: CreateModelVersionOptions,
): CheckedCreateModelVersionOptions {
  const name = validateModelName(options.name);
  const checked = parseParameters(createVersionSchema, options, 'createModelVersion options');
  const tags = validateTags(options.tags);
  Object.keys(tags).forEach(rejectReservedTagKey);
  if ((options.artifactPath === undefined) === (options.artifacts === undefined)) {
    throw invalidParameter(
      'artifactPath',
      'Pass exactly one of artifactPath (a local file or directory to upload) or artifacts (files stored elsewhere, with digests).',
    );
  }
  if (checked.artifacts !== undefined) {
    if (!options.source) {
      throw invalidParameter(
        'source',
        'source is required when artifacts are given instead of artifactPath.',
      );
    }
    checked.artifacts.forEach((artifact, index) => {
      validateRelativePath(artifact.path, `artifacts[${index}].path`);
    });
  }
  return {
    name,
    tags,
    approval: checked.approval ?? 'pending',
    ...(checked.datasets ? { datasets: checked.datasets } : {}),
    ...(checked.artifacts ? { artifacts: checked.artifacts } : {}),
  };
}

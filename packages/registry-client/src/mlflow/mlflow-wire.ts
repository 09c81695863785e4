import {
  type ArtifactRef,
  approvalStatusSchema,
  type DatasetRef,
  datasetRefSchema,
  type ModelVersion,
  modelVersionStatusSchema,
  SPEC_VERSION,
} from '@ballast/contracts';
import { z } from 'zod';
import { BALLAST_TAG_PREFIX, BALLAST_TAGS } from '../ballast-tags';
import { invalidParameter, parseParameters } from '../errors/registry-errors';
import type { RegisteredModel } from '../registry';
import { MAX_TAG_VALUE_LENGTH } from '../validation/registry-rules';

/** A `{ key, value }` tag as MLflow's protos carry it. */
export interface WireTag {
  key: string;
  value: string;
}

/** MLflow's RegisteredModel message in proto JSON (snake_case, defaults omitted). */
export interface WireRegisteredModel {
  name: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  description?: string;
  tags?: WireTag[];
  aliases?: { alias: string; version: string }[];
}

/** MLflow's ModelVersion message in proto JSON. */
export interface WireModelVersion {
  name: string;
  version: string;
  creation_timestamp?: number;
  last_updated_timestamp?: number;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  tags?: WireTag[];
  aliases?: string[];
}

/** Artifact digests as stored in `ballast.artifacts.<n>` tags: `[path, sha256, size]`. */
type ManifestEntry = [string, string, number];

const manifestSchema = z.array(
  z.tuple([z.string().min(1), z.string().regex(/^[0-9a-f]{64}$/), z.number().int().nonnegative()]),
);

/** Converts a tag record to MLflow's tag list. */
export function toWireTags(tags: Record<string, string>): WireTag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** Converts MLflow's tag list to a record. */
export function fromWireTags(tags: WireTag[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) record[tag.key] = tag.value ?? '';
  return record;
}

/** Reads an int64 that proto JSON gives as a number, or that other servers give as a string. */
export function readTimestamp(value: unknown): string {
  const milliseconds =
    typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : 0;
  return new Date(Number.isFinite(milliseconds) ? milliseconds : 0).toISOString();
}

/**
 * The tags that carry Ballast's first-class fields on MLflow (see {@link BALLAST_TAGS}).
 */
export function ballastTagsFor(fields: {
  approval: ModelVersion['approval'];
  datasets?: DatasetRef[];
  artifacts: Pick<ArtifactRef, 'path' | 'sha256' | 'size'>[];
}): Record<string, string> {
  const tags: Record<string, string> = { [BALLAST_TAGS.approval]: fields.approval };
  if (fields.datasets !== undefined) {
    const datasets = JSON.stringify(fields.datasets);
    if (datasets.length > MAX_TAG_VALUE_LENGTH) {
      throw invalidParameter(
        'datasets',
        `The datasets of a version serialise to ${datasets.length} characters; MLflow tags hold ${MAX_TAG_VALUE_LENGTH}. Reference fewer datasets.`,
      );
    }
    tags[BALLAST_TAGS.datasets] = datasets;
  }
  const manifest = JSON.stringify(
    fields.artifacts.map(
      artifact => [artifact.path, artifact.sha256, artifact.size] satisfies ManifestEntry,
    ),
  );
  for (
    let start = 0, chunk = 0;
    start < manifest.length;
    start += MAX_TAG_VALUE_LENGTH, chunk += 1
  ) {
    tags[`${BALLAST_TAGS.artifactsPrefix}${chunk}`] = manifest.slice(
      start,
      start + MAX_TAG_VALUE_LENGTH,
    );
  }
  return tags;
}

/** Ballast fields recovered from MLflow tags, and the user's own tags. */
export interface SplitTags {
  tags: Record<string, string>;
  approval: ModelVersion['approval'];
  datasets?: DatasetRef[];
  manifest: { path: string; sha256: string; size: number }[];
}

/**
 * Separates Ballast's reserved tags from user tags and decodes them. Versions registered by
 * other MLflow clients have none: approval then reads `pending` and the manifest is empty.
 */
export function splitBallastTags(all: Record<string, string>): SplitTags {
  const tags: Record<string, string> = {};
  const chunks: [number, string][] = [];
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(BALLAST_TAG_PREFIX)) tags[key] = value;
    else if (key.startsWith(BALLAST_TAGS.artifactsPrefix)) {
      chunks.push([Number(key.slice(BALLAST_TAGS.artifactsPrefix.length)), value]);
    }
  }
  const approvalTag = all[BALLAST_TAGS.approval];
  const approval =
    approvalTag === undefined
      ? 'pending'
      : parseParameters(approvalStatusSchema, approvalTag, BALLAST_TAGS.approval);
  const datasetsTag = all[BALLAST_TAGS.datasets];
  const datasets =
    datasetsTag === undefined
      ? undefined
      : parseParameters(
          z.array(datasetRefSchema),
          parseJsonTag(datasetsTag, BALLAST_TAGS.datasets),
          BALLAST_TAGS.datasets,
        );
  const manifestText = chunks
    .sort((left, right) => left[0] - right[0])
    .map(([, value]) => value)
    .join('');
  const manifest =
    manifestText === ''
      ? []
      : parseParameters(
          manifestSchema,
          parseJsonTag(manifestText, 'ballast.artifacts'),
          'ballast.artifacts',
        ).map(([path, sha256, size]) => ({ path, sha256, size }));
  return { tags, approval, ...(datasets ? { datasets } : {}), manifest };
}

function parseJsonTag(text: string, key: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw invalidParameter(key, `Tag '${key}' does not hold valid JSON.`, { cause });
  }
}

/** Converts a registered model to MLflow's wire shape. */
export function toWireRegisteredModel(model: RegisteredModel): WireRegisteredModel {
  const tags = toWireTags(model.tags);
  const aliases = Object.entries(model.aliases).map(([alias, version]) => ({ alias, version }));
  return {
    name: model.name,
    creation_timestamp: Date.parse(model.createdAt),
    last_updated_timestamp: Date.parse(model.updatedAt),
    ...(model.description ? { description: model.description } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
  };
}

/** Converts MLflow's wire shape to a registered model. */
export function fromWireRegisteredModel(wire: WireRegisteredModel): RegisteredModel {
  const aliases: Record<string, string> = {};
  for (const entry of wire.aliases ?? []) aliases[entry.alias] = String(entry.version);
  return {
    name: wire.name,
    ...(wire.description ? { description: wire.description } : {}),
    tags: fromWireTags(wire.tags),
    aliases,
    createdAt: readTimestamp(wire.creation_timestamp),
    updatedAt: readTimestamp(wire.last_updated_timestamp),
  };
}

/** Converts a model version to MLflow's wire shape, Ballast fields as reserved tags. */
export function toWireModelVersion(version: ModelVersion): WireModelVersion {
  const tags = toWireTags({
    ...version.tags,
    ...ballastTagsFor({
      approval: version.approval,
      ...(version.datasets ? { datasets: version.datasets } : {}),
      artifacts: version.artifacts,
    }),
  });
  return {
    name: version.name,
    version: version.version,
    creation_timestamp: Date.parse(version.createdAt),
    last_updated_timestamp: Date.parse(version.updatedAt),
    current_stage: 'None',
    ...(version.description ? { description: version.description } : {}),
    source: version.source,
    ...(version.runId ? { run_id: version.runId } : {}),
    status: version.status,
    tags,
    ...(version.aliases.length > 0 ? { aliases: version.aliases } : {}),
  };
}

/**
 * Converts MLflow's wire shape to a Ballast ModelVersion; `artifactUri` turns a manifest
 * path into the URI the bytes are fetched from.
 */
export function fromWireModelVersion(
  wire: WireModelVersion,
  artifactUri: (source: string, path: string) => string,
): ModelVersion {
  const split = splitBallastTags(fromWireTags(wire.tags));
  const source = wire.source ?? '';
  const status = modelVersionStatusSchema.safeParse(wire.status);
  return {
    kind: 'ModelVersion',
    specVersion: SPEC_VERSION,
    name: wire.name,
    version: String(wire.version),
    aliases: [...(wire.aliases ?? [])].sort(),
    tags: split.tags,
    ...(wire.description ? { description: wire.description } : {}),
    source,
    ...(wire.run_id ? { runId: wire.run_id } : {}),
    status: status.success ? status.data : 'READY',
    approval: split.approval,
    artifacts: split.manifest.map(entry => ({ ...entry, uri: artifactUri(source, entry.path) })),
    ...(split.datasets ? { datasets: split.datasets } : {}),
    createdAt: readTimestamp(wire.creation_timestamp),
    updatedAt: readTimestamp(wire.last_updated_timestamp),
  };
}

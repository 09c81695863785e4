/**
 * The OpenLineage specification version every event of this package follows, and the URLs
 * derived from it.
 *
 * @example
 * ```ts
 * OPENLINEAGE_SPEC_VERSION; // '2-0-2'
 * OPENLINEAGE_CORE_SCHEMA_ID; // 'https://openlineage.io/spec/2-0-2/OpenLineage.json'
 * ```
 */
export const OPENLINEAGE_SPEC_VERSION = '2-0-2';

/** `$id` of the OpenLineage 2-0-2 core schema. */
export const OPENLINEAGE_CORE_SCHEMA_ID = `https://openlineage.io/spec/${OPENLINEAGE_SPEC_VERSION}/OpenLineage.json`;

/** Base of the official facet schema URLs (`<base>/<version>/<Name>.json`). */
export const OPENLINEAGE_FACETS_BASE_URL = 'https://openlineage.io/spec/facets';

/** Base of the URLs of Ballast's own facet schemas, shipped as `@ballast/lineage/schemas/*.json`. */
export const BALLAST_FACETS_BASE_URL = 'https://ballast.dev/spec/facets';

/**
 * The default `producer` / `_producer` URI stamped on every event and facet; pass your own
 * (a repository URL with a tag or sha, as OpenLineage recommends) through the `producer` option.
 *
 * @example
 * ```ts
 * const event = runEvent({ eventType: 'START', run, job, producer: BALLAST_LINEAGE_PRODUCER });
 * ```
 */
export const BALLAST_LINEAGE_PRODUCER = 'https://ballast.dev/lineage';

/** The three OpenLineage event kinds. */
export type OpenLineageEventKind = 'RunEvent' | 'DatasetEvent' | 'JobEvent';

/**
 * The `schemaURL` an event of the given kind carries, pointing into the core schema.
 *
 * @example
 * ```ts
 * eventSchemaURL('RunEvent'); // 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent'
 * ```
 */
export function eventSchemaURL(kind: OpenLineageEventKind): string {
  return `${OPENLINEAGE_CORE_SCHEMA_ID}#/$defs/${kind}`;
}

/**
 * The `_schemaURL` of a facet: `<base>/<version>/<Name>.json#/$defs/<Name>`, the convention
 * of the official clients, so receivers can resolve the exact schema version.
 *
 * @example
 * ```ts
 * facetSchemaURL('DatasetVersionDatasetFacet', '1-0-1');
 * // 'https://openlineage.io/spec/facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet'
 * ```
 */
export function facetSchemaURL(
  schemaName: string,
  version: string,
  baseURL: string = OPENLINEAGE_FACETS_BASE_URL,
): string {
  return `${baseURL}/${version}/${schemaName}.json#/$defs/${schemaName}`;
}

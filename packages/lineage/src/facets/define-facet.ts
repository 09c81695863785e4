import { parseWithSchema } from '@ballast/contracts';
import type { z } from 'zod';
import {
  BALLAST_LINEAGE_PRODUCER,
  facetSchemaURL,
  OPENLINEAGE_FACETS_BASE_URL,
} from '../events/openlineage-spec';

/** Where a facet may be attached in an event. */
export type FacetPlacement = 'dataset' | 'inputDataset' | 'outputDataset' | 'job' | 'run';

/** Options every facet builder accepts. */
export interface FacetBuildOptions {
  /** URI of the software that produced the facet; defaults to {@link BALLAST_LINEAGE_PRODUCER}. */
  producer?: string;
}

/** A built facet: the facet's own fields plus OpenLineage's `_producer` and `_schemaURL`. */
export type BuiltFacet<Fields> = Fields & { _producer: string; _schemaURL: string };

/** A facet builder with the metadata that identifies the schema it follows. */
export interface FacetBuilder<Schema extends z.ZodType> {
  (fields: z.input<Schema>, options?: FacetBuildOptions): BuiltFacet<z.output<Schema>>;
  /** The key the facet is stored under, e.g. `schema` or `ballast_modelVersion`. */
  readonly key: string;
  /** The schema definition name, e.g. `SchemaDatasetFacet`. */
  readonly schemaName: string;
  /** The schema file version, e.g. `1-2-0`. */
  readonly schemaVersion: string;
  /** The full `_schemaURL` written into every facet. */
  readonly schemaURL: string;
  /** Where the facet belongs in an event. */
  readonly placement: FacetPlacement;
  /** The zod schema of the facet's own fields (without `_producer` / `_schemaURL`). */
  readonly fields: Schema;
}

/** What {@link defineFacet} needs to know about a facet. */
export interface FacetDefinition<Schema extends z.ZodType> {
  key: string;
  schemaName: string;
  schemaVersion: string;
  placement: FacetPlacement;
  fields: Schema;
  baseURL?: string;
}

/**
 * Creates a typed facet builder that validates its fields and stamps `_producer` and the
 * versioned `_schemaURL`. Every standard and Ballast facet of this package is defined with it.
 *
 * @example
 * ```ts
 * const sql = defineFacet({
 *   key: 'sql', schemaName: 'SQLJobFacet', schemaVersion: '1-1-0', placement: 'job',
 *   fields: z.strictObject({ query: z.string() }),
 * });
 * sql({ query: 'SELECT 1' });
 * ```
 */
export function defineFacet<Schema extends z.ZodType>(
  definition: FacetDefinition<Schema>,
): FacetBuilder<Schema> {
  const schemaURL = facetSchemaURL(
    definition.schemaName,
    definition.schemaVersion,
    definition.baseURL ?? OPENLINEAGE_FACETS_BASE_URL,
  );
  const build = (fields: z.input<Schema>, options?: FacetBuildOptions) => {
    const parsed = parseWithSchema(definition.fields, fields, {
      code: 'INVALID_FACET',
      name: definition.schemaName,
      schemaURL,
    });
    return {
      _producer: options?.producer ?? BALLAST_LINEAGE_PRODUCER,
      _schemaURL: schemaURL,
      ...(parsed as object),
    } as BuiltFacet<z.output<Schema>>;
  };
  return Object.assign(build, {
    key: definition.key,
    schemaName: definition.schemaName,
    schemaVersion: definition.schemaVersion,
    schemaURL,
    placement: definition.placement,
    fields: definition.fields,
  });
}

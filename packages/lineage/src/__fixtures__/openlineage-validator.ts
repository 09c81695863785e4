import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openLineageSpecDirectory } from '@ballast/test-utils/vendored-specs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule })
  .default ?? addFormatsModule) as typeof addFormatsModule;

/** The official OpenLineage 2-0-2 folder beside the checkout. */
export const officialSpecDirectory = openLineageSpecDirectory();

/** The Ballast facet schemas shipped in the package. */
export const ballastSchemaDirectory = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../schemas',
);

function readJson(path: string): Record<string, any> {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Official facet schemas by `$id`. */
export const officialFacetSchemas = new Map(
  readdirSync(join(officialSpecDirectory, 'facets')).map(file => {
    const schema = readJson(join(officialSpecDirectory, 'facets', file));
    return [schema['$id'] as string, schema];
  }),
);

/** Ballast facet schemas by `$id`. */
export const ballastFacetSchemas = new Map(
  readdirSync(ballastSchemaDirectory).map(file => {
    const schema = readJson(join(ballastSchemaDirectory, file));
    return [schema['$id'] as string, schema];
  }),
);

/**
 * ajv 2020 with formats, the core schema loaded first, then every official and Ballast facet
 * schema: validates events against the core and each facet against the schema its
 * `_schemaURL` names.
 */
export function createOpenLineageValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const core = readJson(join(officialSpecDirectory, 'OpenLineage.json'));
  ajv.addSchema(core);
  for (const schema of [...officialFacetSchemas.values(), ...ballastFacetSchemas.values()]) {
    ajv.addSchema(schema);
  }
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (ref: string): ValidateFunction | undefined => {
    const existing = compiled.get(ref);
    if (existing) return existing;
    const [id] = ref.split('#');
    if (id !== core['$id'] && !officialFacetSchemas.has(id!) && !ballastFacetSchemas.has(id!)) {
      return undefined;
    }
    const validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
    return validate;
  };

  /** Errors of one facet against the schema its `_schemaURL` names. */
  const validateFacet = (facet: Record<string, unknown>, where: string): string[] => {
    const schemaURL = facet['_schemaURL'];
    if (typeof schemaURL !== 'string') return [`${where}: no _schemaURL`];
    const validate = validatorFor(schemaURL);
    if (!validate) return [`${where}: _schemaURL ${schemaURL} matches no known schema`];
    if (validate(facet)) return [];
    return [`${where} (${schemaURL}): ${JSON.stringify(validate.errors)}`];
  };

  /** Every error of an event: the core definition of its kind, then each facet. */
  const validateEvent = (event: Record<string, any>): string[] => {
    const kind = 'run' in event ? 'RunEvent' : 'dataset' in event ? 'DatasetEvent' : 'JobEvent';
    const errors: string[] = [];
    const validateCore = validatorFor(`${core['$id']}#/$defs/${kind}`)!;
    if (!validateCore(event)) errors.push(`${kind}: ${JSON.stringify(validateCore.errors)}`);
    const facetGroups: Array<[string, Record<string, any> | undefined]> = [
      ['run.facets', event['run']?.facets],
      ['job.facets', event['job']?.facets],
      ['dataset.facets', event['dataset']?.facets],
    ];
    for (const [list, datasets] of [
      ['inputs', event['inputs']],
      ['outputs', event['outputs']],
    ] as const) {
      (datasets ?? []).forEach((dataset: Record<string, any>, index: number) => {
        facetGroups.push([`${list}[${index}].facets`, dataset['facets']]);
        facetGroups.push([`${list}[${index}].inputFacets`, dataset['inputFacets']]);
        facetGroups.push([`${list}[${index}].outputFacets`, dataset['outputFacets']]);
      });
    }
    for (const [where, facets] of facetGroups) {
      for (const [key, facet] of Object.entries(facets ?? {})) {
        errors.push(...validateFacet(facet as Record<string, unknown>, `${where}.${key}`));
      }
    }
    return errors;
  };

  return { validateEvent, validateFacet, coreId: core['$id'] as string };
}

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { invalidFixtures, validFixtures } from './__fixtures__/documents';
import { type ContractDocumentName, contractDocuments } from './documents';
import { InvalidInputError } from './errors/invalid-input-error';
import { parseWithSchema } from './parse';

// ajv-formats is CommonJS; under ESM its callable sits on `default`.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule })
  .default ?? addFormatsModule) as typeof addFormatsModule;

const schemasDirectory = fileURLToPath(new URL('../schemas/', import.meta.url));

function compileShippedSchema(name: ContractDocumentName) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(`${schemasDirectory}${name}.json`, 'utf8')));
}

const names = Object.keys(contractDocuments) as ContractDocumentName[];

describe('shipped JSON Schemas', () => {
  it('exist for every contract document and nothing else', () => {
    const shipped = readdirSync(schemasDirectory).map(file => file.replace(/\.json$/, ''));
    expect(shipped.sort()).toEqual([...names].sort());
  });

  it.each(names)('%s is draft 2020-12 with an $id', name => {
    const schema = JSON.parse(readFileSync(`${schemasDirectory}${name}.json`, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(`https://ballast.dev/schemas/v1/${name}.json`);
  });
});

describe.each(names)('%s', name => {
  const schema = contractDocuments[name];
  const validate = compileShippedSchema(name);

  it('has at least one valid and one invalid fixture', () => {
    expect(validFixtures[name].length).toBeGreaterThan(0);
    expect(invalidFixtures.some(fixture => fixture.document === name)).toBe(true);
  });

  it.each(validFixtures[name].map((value, index) => [index, value]))(
    'accepts valid fixture %i in zod and in the JSON Schema',
    (_index, value) => {
      expect(schema.safeParse(value).error?.issues).toBeUndefined();
      expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  const invalid = invalidFixtures.filter(fixture => fixture.document === name);
  it.each(invalid.map(fixture => [fixture.description, fixture]))(
    'rejects "%s" in zod and in the JSON Schema, naming the path',
    (_description, fixture) => {
      expect(schema.safeParse(fixture.value).success).toBe(false);
      expect(validate(fixture.value)).toBe(false);
      let thrown: unknown;
      try {
        parseWithSchema(schema, fixture.value, name);
      } catch (error) {
        thrown = error;
      }
      expect(InvalidInputError.isInstance(thrown)).toBe(true);
      const error = thrown as InvalidInputError;
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toContain(`at ${fixture.path}`);
      expect(error.details?.path).toBe(fixture.path);
    },
  );
});

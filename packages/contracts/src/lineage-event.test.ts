import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { invalidFixtures, validFixtures } from './__fixtures__/documents';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule })
  .default ?? addFormatsModule) as typeof addFormatsModule;

// The official schemas are vendored (with their license) in test-utils, so a bare clone has
// them; contracts cannot depend on test-utils (it depends on contracts), hence the path.
const specDirectory = fileURLToPath(
  new URL('../../test-utils/vendor/specs/openlineage/2-0-2/', import.meta.url),
);

describe('LineageEvent against the official OpenLineage 2-0-2 schema', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  it('finds the vendored official schema', () => {
    expect(existsSync(`${specDirectory}OpenLineage.json`)).toBe(true);
  });
  const core = JSON.parse(readFileSync(`${specDirectory}OpenLineage.json`, 'utf8'));
  ajv.addSchema(core);
  for (const file of readdirSync(`${specDirectory}facets`)) {
    ajv.addSchema(JSON.parse(readFileSync(`${specDirectory}facets/${file}`, 'utf8')));
  }
  const validateRunEvent = ajv.compile({ $ref: `${core.$id}#/$defs/RunEvent` });
  const validateNominalTime = ajv.compile({
    $ref: 'https://openlineage.io/spec/facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet',
  });

  it.each(validFixtures['lineage-event'].map((event, index) => [index, event]))(
    'fixture %i is a valid RunEvent',
    (_index, event) => {
      expect(validateRunEvent(event), JSON.stringify(validateRunEvent.errors)).toBe(true);
    },
  );

  it('the nominalTime facet in the fixture follows its facet schema', () => {
    const event = validFixtures['lineage-event'][0] as {
      run: { facets: { nominalTime: unknown } };
    };
    expect(
      validateNominalTime(event.run.facets.nominalTime),
      JSON.stringify(validateNominalTime.errors),
    ).toBe(true);
  });

  it('the official schema also rejects the broken fixtures that break core fields', () => {
    const broken = invalidFixtures.filter(
      fixture => fixture.document === 'lineage-event' && fixture.path !== 'run.facets.x._producer',
    );
    expect(broken.length).toBeGreaterThan(0);
    for (const fixture of broken) expect(validateRunEvent(fixture.value)).toBe(false);
  });
});

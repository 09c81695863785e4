// Writes one draft 2020-12 JSON Schema per contract document into schemas/, from the built
// zod schemas, so the shipped JSON always matches the shipped code. Input mode leaves unknown
// properties allowed, as zod's default objects do, so older readers accept newer documents.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { contractDocuments } from '../dist/index.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputDirectory = join(packageRoot, 'schemas');
rmSync(outputDirectory, { recursive: true, force: true });
mkdirSync(outputDirectory, { recursive: true });

for (const [name, schema] of Object.entries(contractDocuments)) {
  const jsonSchema = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'throw',
  });
  jsonSchema.$id = `https://ballast.dev/schemas/v1/${name}.json`;
  writeFileSync(join(outputDirectory, `${name}.json`), `${JSON.stringify(jsonSchema, null, 2)}\n`);
}
console.log(`wrote ${Object.keys(contractDocuments).length} JSON Schemas to schemas/`);

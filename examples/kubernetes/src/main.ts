import { validateManifests } from './validate-manifests';

// Validates every manifest offline and prints one line each; exit code 1 when one is invalid.
const results = validateManifests();
for (const result of results) {
  const verdict = result.errors.length === 0 ? 'valid' : `INVALID: ${result.errors.join('; ')}`;
  console.log(`${result.file}: ${result.kind}/${result.name} (${result.validator}) ${verdict}`);
}
process.exitCode = results.every(result => result.errors.length === 0) ? 0 : 1;

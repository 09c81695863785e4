// @ballast/kit from CommonJS: an atomic write under the file lock, and canonical hashing.
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { sha256Of, withFileLock, writeFileAtomic } = require('@ballast/kit');

async function main() {
  const directory = mkdtempSync(join(tmpdir(), 'ballast-kit-smoke-'));
  try {
    const file = join(directory, 'state.json');
    await withFileLock(`${file}.lock`, () => writeFileAtomic(file, '{"count":1}'));
    const state = JSON.parse(readFileSync(file, 'utf8'));
    if (state.count !== 1) throw new Error('atomic write lost its content');
    if (sha256Of({ b: 1, a: 2 }) !== sha256Of({ a: 2, b: 1 })) throw new Error('key order leaked');
    console.log('kit: lock + atomic write + canonical digest ok');
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
main().catch(error => {
  console.error(error);
  process.exit(1);
});

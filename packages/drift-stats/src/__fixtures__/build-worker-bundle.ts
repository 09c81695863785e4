import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'tsup';

const packageRoot = join(import.meta.dirname, '..', '..');

/**
 * Builds a module and its worker entry as the package build does (flat entries, ESM and CJS,
 * dependencies bundled) into a temporary folder, so worker tests spawn real built files.
 */
export async function buildWorkerBundle(
  entries: Record<string, string>,
): Promise<{ outDir: string; remove: () => Promise<void> }> {
  const outDir = await mkdtemp(join(tmpdir(), 'drift-stats-workers-'));
  await build({
    config: false,
    entry: Object.fromEntries(
      Object.entries(entries).map(([name, path]) => [name, join(packageRoot, path)]),
    ),
    format: ['esm', 'cjs'],
    outDir,
    platform: 'node',
    target: 'es2022',
    silent: true,
    noExternal: [/.*/],
  });
  return { outDir, remove: () => rm(outDir, { recursive: true, force: true }) };
}

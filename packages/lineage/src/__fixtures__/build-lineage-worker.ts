import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const outDir = fileURLToPath(
  new URL('../../node_modules/.cache/lineage-test-worker', import.meta.url),
);

/**
 * Bundles `lineage-worker.ts` (and the sources it imports) into one plain ES module that a
 * child process runs with `node`, no TypeScript loader needed. The output sits inside the
 * package so `@ballast/*` and `zod` resolve from the package's own node_modules.
 */
export async function buildLineageWorker(): Promise<string> {
  await build({
    entry: { 'lineage-worker': fileURLToPath(new URL('./lineage-worker.ts', import.meta.url)) },
    outDir,
    format: ['esm'],
    bundle: true,
    dts: false,
    sourcemap: false,
    silent: true,
    config: false,
    clean: false,
    target: 'node20',
    platform: 'node',
    external: ['@ballast/contracts', '@ballast/kit', 'zod'],
  });
  return `${outDir}/lineage-worker.js`;
}

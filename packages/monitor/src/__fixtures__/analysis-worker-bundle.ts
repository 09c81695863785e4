import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { bundleTestWorker } from '@ballast/test-utils/bundle-test-worker';
import { afterAll } from 'vitest';

const cache = new URL('../../node_modules/.cache/', import.meta.url);

/**
 * Bundles the analysis worker (`src/analysis/analysis-worker.ts`) as the package build does, into
 * a folder of its own for this test file (test files run in parallel), removed after the file's
 * tests; returns its URL for `analysisWorkerUrl`. Call at the top level of a test file.
 */
export async function analysisWorkerBundle(): Promise<URL> {
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(`${cache.pathname}monitor-analysis-worker-`);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));
  const path = await bundleTestWorker({
    entry: new URL('../analysis/analysis-worker.ts', import.meta.url),
    outDir: pathToFileURL(`${outDir}/`),
    external: [
      '@ballast/contracts',
      '@ballast/kit',
      '@ballast/drift-stats',
      '@ballast/data-validation',
      'apache-arrow',
      'zod',
    ],
  });
  return pathToFileURL(path);
}

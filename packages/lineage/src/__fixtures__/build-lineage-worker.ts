import { bundleTestWorker } from '@ballast/test-utils/bundle-test-worker';

/** Bundles `lineage-worker.ts` for the kill-loop tests (see bundleTestWorker). */
export function buildLineageWorker(): Promise<string> {
  return bundleTestWorker({
    entry: new URL('./lineage-worker.ts', import.meta.url),
    outDir: new URL('../../node_modules/.cache/lineage-test-worker', import.meta.url),
    external: ['@ballast/contracts', '@ballast/kit', 'zod'],
  });
}

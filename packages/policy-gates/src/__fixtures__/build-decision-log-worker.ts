import { bundleTestWorker } from '@ballast/test-utils/bundle-test-worker';

/** Bundles `decision-log-worker.ts` for the kill-loop tests (see bundleTestWorker). */
export function buildDecisionLogWorker(): Promise<string> {
  return bundleTestWorker({
    entry: new URL('./decision-log-worker.ts', import.meta.url),
    outDir: new URL('../../node_modules/.cache/decision-log-test-worker', import.meta.url),
    external: ['@ballast/contracts', '@ballast/kit', 'yaml', 'zod'],
  });
}

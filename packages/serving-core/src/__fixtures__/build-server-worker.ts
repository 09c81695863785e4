import { bundleTestWorker } from '@ballast/test-utils/bundle-test-worker';

/** Bundles `server-worker.ts` for tests that run a server in a child process. */
export function buildServerWorker(): Promise<string> {
  return bundleTestWorker({
    entry: new URL('./server-worker.ts', import.meta.url),
    outDir: new URL('../../node_modules/.cache/serving-core-test-worker', import.meta.url),
    external: ['@ballast/contracts', '@ballast/kit', 'zod', 'prom-client'],
  });
}

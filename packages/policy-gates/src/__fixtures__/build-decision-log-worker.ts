import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

const outDir = fileURLToPath(
  new URL('../../node_modules/.cache/policy-gates-test-worker', import.meta.url),
);

/**
 * Bundles `decision-log-worker.ts` (and the sources it imports) into one plain ES module that
 * a child process runs with `node`. The output sits inside the package so `@ballast/*`,
 * `yaml` and `zod` resolve from the package's own node_modules.
 */
export async function buildDecisionLogWorker(): Promise<string> {
  await build({
    entry: {
      'decision-log-worker': fileURLToPath(new URL('./decision-log-worker.ts', import.meta.url)),
    },
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
    external: ['@ballast/contracts', '@ballast/kit', 'yaml', 'zod'],
  });
  return `${outDir}/decision-log-worker.js`;
}

import { fileURLToPath } from 'node:url';
import { build } from 'tsup';

/** Where and how to bundle a child-process worker for a crash or kill-loop test. */
export interface BundleTestWorkerOptions {
  /** The worker's TypeScript entry (usually `new URL('./x-worker.ts', import.meta.url)`). */
  readonly entry: URL;
  /** Output folder; keep it inside the package so its externals resolve from its node_modules. */
  readonly outDir: URL;
  /** Packages left as imports (the package's own dependencies). */
  readonly external: readonly string[];
}

/**
 * Bundles a worker (and the sources it imports) into one plain ES module that a child process
 * runs with `node`, so kill-loop tests need no TypeScript loader in the child.
 *
 * @example
 * ```ts
 * const worker = await bundleTestWorker({
 *   entry: new URL('./lineage-worker.ts', import.meta.url),
 *   outDir: new URL('../../node_modules/.cache/lineage-test-worker', import.meta.url),
 *   external: ['@ballast/contracts', '@ballast/kit', 'zod'],
 * });
 * ```
 */
export async function bundleTestWorker(options: BundleTestWorkerOptions): Promise<string> {
  const entryPath = fileURLToPath(options.entry);
  const name = (entryPath.split(/[\\/]/).pop() ?? 'worker').replace(/\.ts$/, '');
  const outDir = fileURLToPath(options.outDir);
  await build({
    entry: { [name]: entryPath },
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
    external: [...options.external],
  });
  return `${outDir}/${name}.js`;
}

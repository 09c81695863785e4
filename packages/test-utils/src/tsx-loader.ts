import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The URL of tsx's ESM loader, for child processes that run a TypeScript fixture directly:
 * `fork(worker, args, { execArgv: ['--import', tsxLoaderUrl()] })`.
 *
 * @example
 * ```ts
 * fork(fileURLToPath(new URL('./worker.ts', import.meta.url)), [], {
 *   execArgv: ['--import', tsxLoaderUrl()],
 * });
 * ```
 */
export function tsxLoaderUrl(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(join(dirname(manifest), 'dist', 'loader.mjs')).href;
}

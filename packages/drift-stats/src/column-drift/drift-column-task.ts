import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ParsedDetectDriftOptions } from './detect-drift-options';
import type { ReducedColumn } from './plan-column';

/** One column sent to a drift worker: reduced on the reading thread, compared in the worker. */
export interface DriftColumnTask {
  column: ReducedColumn;
  options: ParsedDetectDriftOptions;
}

/**
 * Where the built drift worker lives: `drift-worker.cjs` next to the CommonJS bundle,
 * `drift-worker.js` next to the ES module bundle.
 *
 * @example
 * ```ts
 * new Worker(driftWorkerUrl());
 * ```
 */
export function driftWorkerUrl(): URL {
  if (typeof __filename === 'string' && __filename.endsWith('.cjs')) {
    return pathToFileURL(join(dirname(__filename), 'drift-worker.cjs'));
  }
  return new URL('./drift-worker.js', import.meta.url);
}

import { UnavailableDependencyError } from '@ballast/contracts';
import { loadOptionalPeer, type PeerModule } from '@ballast/kit';

import type { Tfjs } from './tfjs-api';

/**
 * The packages tried, fastest first, when no `tf` is injected.
 */
export const tfjsPackages = [
  '@tensorflow/tfjs-node-gpu',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs',
] as const;

// Which package each loaded module came from, so a backend can tell tfjs-node-gpu's
// `tensorflow` backend (GPU) from tfjs-node's (CPU): both report the same backend name.
const loadedFrom = new WeakMap<object, (typeof tfjsPackages)[number]>();

/**
 * The package `tf` was imported from by {@link loadTfjs}, or undefined for an injected module.
 */
export function tfjsPackageOf(tf: Tfjs): (typeof tfjsPackages)[number] | undefined {
  return loadedFrom.get(tf);
}

// A variable specifier keeps bundlers and the type checker from resolving optional packages.
const importPackage = (name: string): Promise<Tfjs> => import(/* @vite-ignore */ name);

/**
 * Returns the injected tfjs module, or imports the first installed of
 * `@tensorflow/tfjs-node-gpu`, `@tensorflow/tfjs-node`, `@tensorflow/tfjs`. When none loads,
 * throws an UnavailableDependencyError (`MISSING_PEER_DEPENDENCY`) that names all three, with
 * every import failure kept in `cause` (an AggregateError).
 *
 * @example
 * ```ts
 * const tf = await loadTfjs(); // or loadTfjs(await import('@tensorflow/tfjs'))
 * ```
 */
export async function loadTfjs(
  injected?: PeerModule<Tfjs>,
  importer: (name: string) => Promise<Tfjs> = importPackage,
): Promise<Tfjs> {
  if (injected !== undefined) {
    return loadOptionalPeer('@tensorflow/tfjs', injected, () => importer('@tensorflow/tfjs'));
  }
  const failures: unknown[] = [];
  for (const name of tfjsPackages) {
    try {
      const loaded = await loadOptionalPeer(name, undefined, () => importer(name));
      loadedFrom.set(loaded, name);
      return loaded;
    } catch (error) {
      failures.push(error);
    }
  }
  throw new UnavailableDependencyError({
    code: 'MISSING_PEER_DEPENDENCY',
    isRetryable: false,
    message: `The tfjs backend needs one of ${tfjsPackages.join(', ')}. Install one (npm install @tensorflow/tfjs) or pass { tf }.`,
    details: { packageNames: [...tfjsPackages] },
    cause: new AggregateError(failures, 'no tfjs package could be imported'),
  });
}

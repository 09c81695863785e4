import { UnavailableDependencyError } from '@ballast/contracts';

/** A peer module passed directly, or a function that loads it. */
export type PeerModule<Module> = Module | (() => Module | Promise<Module>);

/**
 * Returns an injected optional peer dependency, or imports it lazily. A missing package
 * becomes an UnavailableDependencyError (code `MISSING_PEER_DEPENDENCY`) that says what to
 * install and keeps the import failure as `cause`.
 *
 * An injected function is taken for a loader and called. A module that is itself a function
 * (fastify's factory, for one) must therefore be injected wrapped: `() => fastify`.
 *
 * @example
 * ```ts
 * const ort = await loadOptionalPeer('onnxruntime-node', options.ort, () => import('onnxruntime-node'));
 * ```
 */
export async function loadOptionalPeer<Module>(
  packageName: string,
  injected: PeerModule<Module> | undefined,
  load: () => Promise<Module>,
): Promise<Module> {
  if (injected !== undefined) {
    return typeof injected === 'function'
      ? await (injected as () => Module | Promise<Module>)()
      : injected;
  }
  try {
    return await load();
  } catch (cause) {
    throw new UnavailableDependencyError({
      code: 'MISSING_PEER_DEPENDENCY',
      isRetryable: false,
      message: `The optional peer dependency "${packageName}" could not be loaded. Install it (npm install ${packageName}) or pass the module in explicitly.`,
      details: { packageName },
      cause,
    });
  }
}

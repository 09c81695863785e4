import type { ModelRef, ModelVersion, ModelVersionSource, WatchHandle } from '@ballast/contracts';
import { InvalidInputError } from '@ballast/contracts';
import type { ModelDefinition } from './model';
import type { LoadOptions } from './model-repository';

/**
 * Options of `server.followModelVersionSource`.
 */
export interface FollowModelVersionSourceOptions {
  /** The registry (or anything implementing `ModelVersionSource`). */
  source: ModelVersionSource;
  /** What to follow, typically `{ name, alias: 'champion' }`. */
  ref: ModelRef;
  /** Builds the servable model for a version (fetch artifacts, pick the runtime). */
  createModel(version: ModelVersion): ModelDefinition | Promise<ModelDefinition>;
  /** Poll interval where the source cannot push (milliseconds). */
  intervalMs?: number;
  /** Failed swaps and polls land here; the serving version stays. */
  onError?: (error: unknown) => void;
  /** How swaps load (default: switch and retire the previous version). */
  loadOptions?: LoadOptions;
}

/**
 * Loads the version `ref` resolves to now, then swaps to each new version the source reports.
 * Swaps run one at a time in order; a version already being served is not loaded again.
 *
 * @example
 * ```ts
 * const handle = await followModelVersionSource(server, options);
 * handle.close();
 * ```
 */
export async function followModelVersionSource(
  target: { loadModel(definition: ModelDefinition, options?: LoadOptions): Promise<void> },
  options: FollowModelVersionSourceOptions,
): Promise<WatchHandle> {
  let serving: string | undefined;
  let queue: Promise<void> = Promise.resolve();
  const swapTo = async (version: ModelVersion) => {
    if (version.version === serving) return;
    const definition = await options.createModel(version);
    if (definition.name !== options.ref.name) {
      throw new InvalidInputError({
        code: 'MODEL_NAME_MISMATCH',
        message: `createModel returned a model named "${definition.name}" while following "${options.ref.name}"; use the same name.`,
        details: { field: 'name', expected: options.ref.name },
      });
    }
    await target.loadModel(
      { ...definition, version: definition.version ?? version.version },
      options.loadOptions,
    );
    serving = version.version;
  };
  await swapTo(await options.source.resolve(options.ref));
  return options.source.watch(
    options.ref,
    version => {
      queue = queue.then(() => swapTo(version)).catch(error => options.onError?.(error));
    },
    {
      ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    },
  );
}

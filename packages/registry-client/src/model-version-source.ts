import type {
  ModelRef,
  ModelVersion,
  ModelVersionSource,
  WatchHandle,
  WatchOptions,
} from '@ballast/contracts';
import { resourceDoesNotExist } from './errors/registry-errors';
import type { Registry } from './registry';
import { quoteFilterValue } from './search/search-filter';

/**
 * Poll interval of {@link asModelVersionSource}'s `watch` when none is given.
 */
export const DEFAULT_WATCH_INTERVAL_MS = 5000;

/**
 * Exposes any {@link Registry} as the contracts' `ModelVersionSource` (specification `v1`),
 * so serving can follow an alias without importing this package. `resolve` uses the version
 * when given, else the alias, else the highest version number; `fetchArtifacts` verifies every
 * digest; `watch` polls and calls `onChange` once per move. The first resolution is the
 * baseline; a reference that did not resolve then reports its first resolution as a change.
 *
 * @example
 * ```ts
 * const source = asModelVersionSource(createFileRegistry({ root: '.ballast/registry' }));
 * const handle = source.watch({ name: 'fraud', alias: 'champion' }, next => reload(next), {
 *   intervalMs: 2000,
 * });
 * ```
 */
export function asModelVersionSource(registry: Registry): ModelVersionSource {
  async function resolve(ref: ModelRef): Promise<ModelVersion> {
    if (ref.version !== undefined) return registry.getModelVersion(ref.name, ref.version);
    if (ref.alias !== undefined) return registry.getModelVersionByAlias(ref.name, ref.alias);
    const page = await registry
      .searchModelVersions({
        filter: `name = ${quoteFilterValue(ref.name)}`,
        orderBy: ['version_number DESC'],
        maxResults: 1,
      })
      .firstPage();
    const latest = page.items[0];
    if (!latest) {
      throw resourceDoesNotExist(`Registered model '${ref.name}' has no versions.`, {
        name: ref.name,
      });
    }
    return latest;
  }

  function watch(
    ref: ModelRef,
    onChange: (version: ModelVersion) => void,
    options: WatchOptions = {},
  ): WatchHandle {
    const intervalMs = options.intervalMs ?? DEFAULT_WATCH_INTERVAL_MS;
    let closed = false;
    let baselineTaken = false;
    let current: string | undefined;
    let timer: NodeJS.Timeout | undefined;

    const poll = async () => {
      try {
        const version = await resolve(ref);
        const key = `${version.name}\u0000${version.version}`;
        if (!closed && baselineTaken && key !== current) onChange(version);
        current = key;
      } catch (error) {
        if (!closed) options.onError?.(error);
      } finally {
        baselineTaken = true;
        if (!closed) {
          timer = setTimeout(poll, intervalMs);
          timer.unref();
        }
      }
    };
    const close = () => {
      closed = true;
      if (timer) clearTimeout(timer);
    };
    if (options.signal?.aborted) close();
    else {
      options.signal?.addEventListener('abort', close, { once: true });
      void poll();
    }
    return { close };
  }

  return {
    specificationVersion: 'v1',
    resolve,
    fetchArtifacts: (version, directory) => registry.downloadArtifacts(version, directory),
    watch,
  };
}

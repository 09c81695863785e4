import { NotFoundError, UnavailableDependencyError } from '@ballast/contracts';
import { excerpt } from '../codec/excerpt';
import type { TrafficPolicy } from './traffic-policy';

/** What routing needs to know of one version. */
export interface RoutableVersion {
  readonly version: string;
  readonly state: 'LOADING' | 'READY' | 'DRAINING' | 'UNAVAILABLE';
}

/** What routing needs to know of one model: its versions, default version and policy. */
export interface RoutableModel<V extends RoutableVersion> {
  readonly name: string;
  readonly versions: ReadonlyMap<string, V>;
  readonly defaultVersion: string | undefined;
  readonly traffic: TrafficPolicy;
}

/** FNV-1a, mapped to [0, 1): a stable position for sticky routing. */
export function stableFraction(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}

/** The model's default version when it is ready; `MODEL_NOT_READY` (503) otherwise. */
export function currentVersion<V extends RoutableVersion>(model: RoutableModel<V>): V {
  const current =
    model.defaultVersion === undefined ? undefined : model.versions.get(model.defaultVersion);
  if (current?.state !== 'READY') throw notReady(model.name, model.defaultVersion);
  return current;
}

/**
 * Picks the version for a request: the one named in the path, else by canary weights (sticky
 * when the policy names a header the request carries), else the default version. `random`
 * draws the canary position for requests without a sticky value.
 */
export function pickVersion<V extends RoutableVersion>(
  model: RoutableModel<V>,
  version: string | undefined,
  headers: Record<string, string | undefined>,
  random: () => number = Math.random,
): V {
  if (version !== undefined) {
    const served = model.versions.get(version);
    if (!served) {
      throw new NotFoundError({
        code: 'MODEL_VERSION_NOT_FOUND',
        // The requested version comes from the client: quote only a short excerpt.
        message: `Model "${model.name}" has no version "${excerpt(version)}"; known versions: ${[...model.versions.keys()].join(', ') || 'none'}.`,
        details: { model: model.name, version: excerpt(version) },
      });
    }
    if (served.state !== 'READY') throw notReady(model.name, version);
    return served;
  }
  const weights = model.traffic.weights;
  // Most models have no canary weights: skip building the candidate list for them.
  if (weights === undefined) return currentVersion(model);
  const weighted = Object.entries(weights).filter(
    ([candidate, weight]) => weight > 0 && model.versions.get(candidate)?.state === 'READY',
  );
  if (weighted.length === 0) return currentVersion(model);
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  const sticky = model.traffic.stickyHeader;
  const stickyValue = sticky === undefined ? undefined : headers[sticky.toLowerCase()];
  let position = (stickyValue === undefined ? random() : stableFraction(stickyValue)) * total;
  for (const [candidate, weight] of weighted) {
    position -= weight;
    if (position < 0) return model.versions.get(candidate) as V;
  }
  return model.versions.get((weighted[weighted.length - 1] as [string, number])[0]) as V;
}

/**
 * The version a request should be mirrored to, if the shadow policy picks this request: a
 * version of the same model (never the one that served it) or of another model (its named
 * version, else its current one). A target that is not ready is skipped.
 */
export function pickShadow<V extends RoutableVersion>(
  model: RoutableModel<V>,
  served: V,
  findModel: (name: string) => RoutableModel<V> | undefined,
  random: () => number = Math.random,
): V | undefined {
  const shadow = model.traffic.shadow;
  if (!shadow) return undefined;
  const targetName = shadow.model ?? model.name;
  if (targetName === model.name && shadow.version === served.version) return undefined;
  if (random() * 100 >= shadow.percent) return undefined;
  const target = targetName === model.name ? model : findModel(targetName);
  if (!target) return undefined;
  const version = shadow.version ?? target.defaultVersion;
  const chosen = version === undefined ? undefined : target.versions.get(version);
  return chosen?.state === 'READY' ? chosen : undefined;
}

/** `MODEL_NOT_READY`: 503 with Retry-After 1. */
export function notReady(name: string, version: string | undefined): UnavailableDependencyError {
  return new UnavailableDependencyError({
    code: 'MODEL_NOT_READY',
    message: `Model "${name}"${version === undefined ? '' : ` version ${version}`} is not ready; retry shortly.`,
    details: { model: name, version, retryAfterSeconds: 1 },
  });
}

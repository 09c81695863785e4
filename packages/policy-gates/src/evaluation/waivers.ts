import type { Waiver } from '../policy/policy-schema';

/** The waivers that bear on one rule at one moment in one environment. */
export interface WaiverResolution {
  /** The unexpired waiver with the latest expiry, if any. */
  active?: Waiver;
  /** Waivers for this rule whose expiry has passed; they are ignored, with a warning. */
  expired: Waiver[];
}

/**
 * Picks the waivers for `ruleId` that apply in `environment` (all environments when the
 * waiver names none) and splits them into the active one and the expired ones. A waiver
 * expiring exactly at `now` is expired.
 *
 * @example
 * ```ts
 * const { active, expired } = resolveWaivers(policy.waivers, 'auc-floor', 'production', new Date());
 * ```
 */
export function resolveWaivers(
  waivers: readonly Waiver[],
  ruleId: string,
  environment: string,
  now: Date,
): WaiverResolution {
  const resolution: WaiverResolution = { expired: [] };
  for (const waiver of waivers) {
    if (waiver.ruleId !== ruleId) continue;
    if (waiver.environments && !waiver.environments.includes(environment)) continue;
    if (Date.parse(waiver.expires) <= now.getTime()) {
      resolution.expired.push(waiver);
    } else if (
      !resolution.active ||
      Date.parse(waiver.expires) > Date.parse(resolution.active.expires)
    ) {
      resolution.active = waiver;
    }
  }
  return resolution;
}

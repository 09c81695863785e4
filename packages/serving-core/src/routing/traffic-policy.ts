import { InvalidInputError } from '@ballast/contracts';

/**
 * Where and how often a model's requests are mirrored. Give `version` for another version of
 * the same model, `model` (and optionally `version`, default: that model's current version)
 * for another model, such as a candidate under a new name.
 */
export interface ShadowPolicy {
  /** Model to mirror to; default: the same model (then `version` is required). */
  model?: string;
  /** Version to mirror to; default: the target model's current version. */
  version?: string;
  /** Share of requests mirrored, 0 to 100. */
  percent: number;
}

/**
 * How requests without an explicit version are spread over a model's versions: canary weights,
 * sticky routing by a header, and shadow mirroring.
 */
export interface TrafficPolicy {
  /** Relative weight per version (canary); default: everything to the current version. */
  weights?: Record<string, number>;
  /**
   * Mirror a share of requests to another version or another model; its responses are
   * discarded and its failures only counted (`ballast_shadow_requests_total`).
   */
  shadow?: ShadowPolicy;
  /** Header whose value is hashed to pick the version, so one client stays on one version. */
  stickyHeader?: string;
}

/**
 * Throws `InvalidInputError` when a traffic policy of model `name` cannot be applied: a negative
 * or NaN weight, a shadow of the same model without a version, a percent outside 0-100.
 */
export function validateTrafficPolicy(name: string, traffic: TrafficPolicy): void {
  for (const [version, weight] of Object.entries(traffic.weights ?? {})) {
    if (!(weight >= 0)) {
      throw new InvalidInputError({
        code: 'INVALID_TRAFFIC_WEIGHT',
        message: `Traffic weight of ${name} version ${version} is ${weight}; weights must be >= 0.`,
        details: { field: `weights.${version}` },
      });
    }
  }
  const shadow = traffic.shadow;
  if (shadow && (shadow.model ?? name) === name && shadow.version === undefined) {
    throw new InvalidInputError({
      code: 'INVALID_SHADOW_TARGET',
      message: `The shadow of ${name} needs a version (another version of ${name}) or a model to mirror to.`,
      details: { field: 'shadow' },
    });
  }
  const percent = shadow?.percent;
  if (shadow && !(percent !== undefined && percent >= 0 && percent <= 100)) {
    throw new InvalidInputError({
      code: 'INVALID_SHADOW_PERCENT',
      message: `Shadow percent of ${name} is ${percent}; it must be between 0 and 100.`,
      details: { field: 'shadow.percent' },
    });
  }
}

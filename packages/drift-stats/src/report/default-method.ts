/**
 * Every drift method id, spelled as Evidently spells it (plus `linf` from NannyML/TFDV).
 *
 * @example
 * ```ts
 * driftMethodIds.includes('ks'); // true
 * ```
 */
export const driftMethodIds = [
  'ks',
  'wasserstein',
  'psi',
  'jensenshannon',
  'kl_div',
  'hellinger',
  'tvd',
  'chisquare',
  'z',
  'fisher_exact',
  'g_test',
  'cramer_von_mises',
  'anderson',
  'ed',
  'mannw',
  't_test',
  'empirical_mmd',
  'linf',
] as const;

/** A drift method id. */
export type DriftMethodId = (typeof driftMethodIds)[number];

/** How a method's value is compared with its threshold to decide drift. */
export type DriftRule = 'p<=threshold' | 'p<threshold' | 'value>=threshold' | 'value>threshold';

/** Feature types of a column, as the drift report names them. */
export type DriftFeatureType = 'numeric' | 'categorical' | 'boolean' | 'text';

/** What the report needs to know about one method. */
export interface DriftMethodRule {
  /** `'p-value'` methods are corrected for multiple testing; `'distance'` methods are not. */
  kind: 'p-value' | 'distance';
  /** Evidently's default threshold. */
  defaultThreshold: number;
  /** Evidently's exact comparison. */
  rule: DriftRule;
  /** The column types the method accepts. */
  featureTypes: ReadonlyArray<'numeric' | 'categorical'>;
}

const both = ['numeric', 'categorical'] as const;
const numeric = ['numeric'] as const;
const categorical = ['categorical'] as const;

/**
 * Evidently's per-method defaults (`legacy/calculations/stattests/*`): thresholds and the
 * exact drift comparison. `linf` is not an Evidently test; its 0.1 / `>=` default is ours.
 *
 * @example
 * ```ts
 * driftMethodRules.ks; // { kind: 'p-value', defaultThreshold: 0.05, rule: 'p<=threshold', ... }
 * ```
 */
export const driftMethodRules: Readonly<Record<DriftMethodId, DriftMethodRule>> = {
  ks: { kind: 'p-value', defaultThreshold: 0.05, rule: 'p<=threshold', featureTypes: numeric },
  chisquare: {
    kind: 'p-value',
    defaultThreshold: 0.05,
    rule: 'p<threshold',
    featureTypes: categorical,
  },
  z: { kind: 'p-value', defaultThreshold: 0.05, rule: 'p<threshold', featureTypes: categorical },
  wasserstein: {
    kind: 'distance',
    defaultThreshold: 0.1,
    rule: 'value>=threshold',
    featureTypes: numeric,
  },
  psi: { kind: 'distance', defaultThreshold: 0.1, rule: 'value>=threshold', featureTypes: both },
  kl_div: { kind: 'distance', defaultThreshold: 0.1, rule: 'value>=threshold', featureTypes: both },
  jensenshannon: {
    kind: 'distance',
    defaultThreshold: 0.1,
    rule: 'value>=threshold',
    featureTypes: both,
  },
  hellinger: {
    kind: 'distance',
    defaultThreshold: 0.1,
    rule: 'value>=threshold',
    featureTypes: both,
  },
  anderson: { kind: 'p-value', defaultThreshold: 0.1, rule: 'p<threshold', featureTypes: numeric },
  cramer_von_mises: {
    kind: 'p-value',
    defaultThreshold: 0.1,
    rule: 'p<=threshold',
    featureTypes: numeric,
  },
  mannw: { kind: 'p-value', defaultThreshold: 0.05, rule: 'p<threshold', featureTypes: numeric },
  t_test: { kind: 'p-value', defaultThreshold: 0.05, rule: 'p<threshold', featureTypes: numeric },
  ed: { kind: 'distance', defaultThreshold: 0.1, rule: 'value>threshold', featureTypes: numeric },
  empirical_mmd: {
    kind: 'p-value',
    defaultThreshold: 0.1,
    rule: 'p<threshold',
    featureTypes: numeric,
  },
  fisher_exact: {
    kind: 'p-value',
    defaultThreshold: 0.1,
    rule: 'p<threshold',
    featureTypes: categorical,
  },
  g_test: {
    kind: 'p-value',
    defaultThreshold: 0.1,
    rule: 'p<threshold',
    featureTypes: categorical,
  },
  tvd: { kind: 'p-value', defaultThreshold: 0.1, rule: 'p<threshold', featureTypes: categorical },
  linf: {
    kind: 'distance',
    defaultThreshold: 0.1,
    rule: 'value>=threshold',
    featureTypes: categorical,
  },
};

/**
 * True when `value` names a known drift method.
 *
 * @example
 * ```ts
 * isDriftMethodId('psi'); // true
 * ```
 */
export function isDriftMethodId(value: unknown): value is DriftMethodId {
  return typeof value === 'string' && Object.hasOwn(driftMethodRules, value);
}

/**
 * Applies a method's drift rule: p-value methods compare the (possibly adjusted) p-value,
 * distance methods the statistic.
 *
 * @example
 * ```ts
 * isDrifted('ks', 0.05, 0.05); // true  (p <= threshold)
 * isDrifted('chisquare', 0.05, 0.05); // false (p < threshold)
 * ```
 */
export function isDrifted(method: DriftMethodId, value: number, threshold: number): boolean {
  switch (driftMethodRules[method].rule) {
    case 'p<=threshold':
      return value <= threshold;
    case 'p<threshold':
      return value < threshold;
    case 'value>=threshold':
      return value >= threshold;
    case 'value>threshold':
      return value > threshold;
  }
}

/** What Evidently's default selection looks at. */
export interface DefaultMethodInput {
  featureType: 'numeric' | 'categorical';
  /** Non-missing reference values. */
  referenceRows: number;
  /** Unique non-missing values over reference and current together. */
  uniqueValues: number;
}

/**
 * Evidently's default method (`registry._get_default_stattest`): with at most 1000 reference
 * rows, numeric columns with more than 5 unique values use `ks`, everything else `chisquare`
 * (more than 2 unique values) or `z` (binary); above 1000 rows, numeric columns with more
 * than 5 unique values use `wasserstein`, everything else `jensenshannon`.
 *
 * @example
 * ```ts
 * defaultMethod({ featureType: 'numeric', referenceRows: 5000, uniqueValues: 800 }); // 'wasserstein'
 * ```
 */
export function defaultMethod(input: DefaultMethodInput): DriftMethodId {
  const isNumericWithManyValues = input.featureType === 'numeric' && input.uniqueValues > 5;
  if (input.referenceRows <= 1000) {
    if (isNumericWithManyValues) return 'ks';
    return input.uniqueValues > 2 ? 'chisquare' : 'z';
  }
  return isNumericWithManyValues ? 'wasserstein' : 'jensenshannon';
}

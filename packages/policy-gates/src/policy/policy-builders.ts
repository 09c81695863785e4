import type { RuleInput } from './policy-schema';

type RuleOptions<Kind extends RuleInput['kind']> = Omit<Extract<RuleInput, { kind: Kind }>, 'kind'>;

function ruleBuilder<Kind extends RuleInput['kind']>(kind: Kind) {
  return (options: RuleOptions<Kind>): Extract<RuleInput, { kind: Kind }> =>
    ({ ...options, kind }) as Extract<RuleInput, { kind: Kind }>;
}

/**
 * A metric threshold, TFX style (`value`, `change`) or MLflow style (`threshold`,
 * `min_absolute_change`, `min_relative_change`, `greater_is_better`).
 *
 * @example
 * ```ts
 * metricThresholdRule({
 *   id: 'auc-no-regression', description: 'AUC drops at most 1%', metric: 'auc',
 *   change: { direction: 'higher_is_better', relative: -0.01 },
 * });
 * ```
 */
export const metricThresholdRule = ruleBuilder('metric-threshold');

/**
 * A fairness gap: max − min of a metric across slices stays within `maxGap`.
 *
 * @example
 * ```ts
 * sliceGapRule({ id: 'recall-gap', description: 'recall gap <= 0.05', metric: 'recall', maxGap: 0.05 });
 * ```
 */
export const sliceGapRule = ruleBuilder('slice-gap');

/**
 * No dataset drift and/or named columns not drifted, read from the evidence's DriftReports.
 *
 * @example
 * ```ts
 * driftRule({ id: 'no-drift', description: 'no drift on amount', columns: ['amount'] });
 * ```
 */
export const driftRule = ruleBuilder('drift');

/**
 * Data validation passed, read from the evidence's ValidationReports.
 *
 * @example
 * ```ts
 * dataValidationRule({ id: 'data-ok', description: 'no errors', requireSuccess: false, failOnSeverity: 'error' });
 * ```
 */
export const dataValidationRule = ruleBuilder('data-validation');

/**
 * Model card fields present and non-empty, from a profile and/or a list of dotted paths.
 *
 * @example
 * ```ts
 * requiredMetadataRule({ id: 'card', description: 'model card complete', profile: 'ballast' });
 * ```
 */
export const requiredMetadataRule = ruleBuilder('required-metadata');

/**
 * N distinct approvers, not the author, from allowed groups; any rejection vetoes.
 *
 * @example
 * ```ts
 * approvalsRule({ id: 'two-approvers', description: 'two reviewers', minApprovers: 2, allowedGroups: ['ml-leads'] });
 * ```
 */
export const approvalsRule = ruleBuilder('approvals');

/**
 * Every registered artifact's sha256 equals the digest recomputed now.
 *
 * @example
 * ```ts
 * artifactIntegrityRule({ id: 'digests', description: 'artifacts unchanged' });
 * ```
 */
export const artifactIntegrityRule = ruleBuilder('artifact-integrity');

/**
 * The model version names its training run and input datasets.
 *
 * @example
 * ```ts
 * lineageCompletenessRule({ id: 'lineage', description: 'run and data known', requiredRoles: ['training'] });
 * ```
 */
export const lineageCompletenessRule = ruleBuilder('lineage-completeness');

/**
 * The evaluation is not older than `maxAge`.
 *
 * @example
 * ```ts
 * freshnessRule({ id: 'fresh', description: 'evaluated within a week', maxAge: '7d' });
 * ```
 */
export const freshnessRule = ruleBuilder('freshness');

/**
 * A TypeScript predicate registered by name in `evaluate`'s `predicates` option.
 *
 * @example
 * ```ts
 * customRule({ id: 'latency', description: 'p99 under 50 ms', predicate: 'p99-latency', params: { maxMs: 50 } });
 * ```
 */
export const customRule = ruleBuilder('custom');

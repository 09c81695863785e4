import { createHash } from 'node:crypto';
import {
  type DriftReport,
  type ModelVersion,
  type PolicyDecision,
  parseDriftReport,
  parseModelVersion,
  canonicalJson,
  parsePolicyDecision,
  parseValidationReport,
  summarizePolicyDecision,
  type ValidationReport,
} from '@ballast/contracts';
import { z } from 'zod';
import { type BuiltFacet, defineFacet, type FacetBuildOptions } from './define-facet';
import { BALLAST_FACETS_BASE_URL } from './openlineage-spec';

// Ballast's own facets follow OpenLineage's custom facet rules: key `ballast_<name>`, schema name
// `Ballast<Name><Entity>Facet`, `_schemaURL` pointing at the JSON Schema shipped in `schemas/`.

const dateTime = z.iso.datetime({ offset: true });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha256 digest');
const count = z.number().int().nonnegative();
const ballastFacetVersion = '1-0-0';

/**
 * `ballast_modelVersion` dataset facet: the registry view of a model version (status, approval,
 * aliases, artifact digests), attached to the model's dataset.
 *
 * @example
 * ```ts
 * ballastModelVersionDatasetFacet({ name: 'churn', version: '3', status: 'READY', approval: 'approved', aliases: ['champion'], source: 's3://models/churn/3', artifacts: [], createdAt });
 * ```
 */
export const ballastModelVersionDatasetFacet = defineFacet({
  key: 'ballast_modelVersion',
  schemaName: 'BallastModelVersionDatasetFacet',
  schemaVersion: ballastFacetVersion,
  placement: 'dataset',
  baseURL: BALLAST_FACETS_BASE_URL,
  fields: z.strictObject({
    name: z.string().min(1),
    version: z.string().min(1),
    status: z.enum(['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY']),
    approval: z.enum(['pending', 'approved', 'rejected']),
    aliases: z.array(z.string()),
    source: z.string(),
    runId: z.string().optional(),
    artifacts: z.array(z.strictObject({ path: z.string(), sha256, size: count })),
    createdAt: dateTime,
  }),
});

/**
 * `ballast_driftReport` dataset facet: the verdict of a drift report on the current dataset.
 *
 * @example
 * ```ts
 * inputs[0].facets.ballast_driftReport = driftReportFacet(report);
 * ```
 */
export const ballastDriftReportDatasetFacet = defineFacet({
  key: 'ballast_driftReport',
  schemaName: 'BallastDriftReportDatasetFacet',
  schemaVersion: ballastFacetVersion,
  placement: 'dataset',
  baseURL: BALLAST_FACETS_BASE_URL,
  fields: z.strictObject({
    reportDigest: sha256,
    createdAt: dateTime,
    drifted: z.boolean(),
    driftedColumns: count,
    totalColumns: count,
    share: z.number().min(0).max(1),
    driftShare: z.number().min(0).max(1),
    correction: z.enum(['none', 'bonferroni', 'benjamini-hochberg']),
    referenceRows: count,
    currentRows: count,
    columns: z.array(
      z.strictObject({
        column: z.string(),
        method: z.string(),
        statistic: z.number().nullable(),
        pValue: z.number().min(0).max(1).nullable().optional(),
        threshold: z.number(),
        drifted: z.boolean(),
        status: z.enum(['ok', 'insufficient_data']),
      }),
    ),
  }),
});

/**
 * `ballast_validationReport` dataset facet: the outcome of an expectation suite on a dataset,
 * with the failed expectations named.
 *
 * @example
 * ```ts
 * inputs[0].facets.ballast_validationReport = validationReportFacet(report);
 * ```
 */
export const ballastValidationReportDatasetFacet = defineFacet({
  key: 'ballast_validationReport',
  schemaName: 'BallastValidationReportDatasetFacet',
  schemaVersion: ballastFacetVersion,
  placement: 'dataset',
  baseURL: BALLAST_FACETS_BASE_URL,
  fields: z.strictObject({
    reportDigest: sha256,
    suite: z.string(),
    success: z.boolean(),
    evaluated: count,
    successful: count,
    unsuccessful: count,
    successPercent: z.number().min(0).max(100).nullable(),
    failedExpectations: z.array(
      z.strictObject({
        type: z.string(),
        column: z.string().optional(),
        severity: z.enum(['error', 'warning', 'info']),
        code: z.string().optional(),
      }),
    ),
  }),
});

/**
 * `ballast_policyDecision` run facet: the outcome of a promotion gate, with the rules that did
 * not pass and the digests of the evidence that was read.
 *
 * @example
 * ```ts
 * run.facets.ballast_policyDecision = policyDecisionFacet(decision);
 * ```
 */
export const ballastPolicyDecisionRunFacet = defineFacet({
  key: 'ballast_policyDecision',
  schemaName: 'BallastPolicyDecisionRunFacet',
  schemaVersion: ballastFacetVersion,
  placement: 'run',
  baseURL: BALLAST_FACETS_BASE_URL,
  fields: z.strictObject({
    decisionDigest: sha256,
    policy: z.strictObject({ name: z.string(), digest: sha256, version: z.string().optional() }),
    environment: z.string(),
    outcome: z.enum(['allow', 'warn', 'deny']),
    evaluatedAt: dateTime,
    ruleCounts: z.strictObject({
      pass: count,
      fail: count,
      warn: count,
      waived: count,
      error: count,
    }),
    rulesNotPassed: z.array(
      z.strictObject({
        ruleId: z.string(),
        severity: z.enum(['deny', 'warn', 'info']),
        status: z.enum(['fail', 'warn', 'waived', 'error']),
        reason: z.string(),
      }),
    ),
    evidence: z.array(z.strictObject({ kind: z.string(), digest: sha256 })),
  }),
});

/**
 * Every Ballast facet builder, for iteration (validation, docs, tests).
 *
 * @example
 * ```ts
 * for (const facet of ballastFacets) console.log(facet.key, facet.schemaURL);
 * ```
 */
export const ballastFacets = [
  ballastModelVersionDatasetFacet,
  ballastDriftReportDatasetFacet,
  ballastValidationReportDatasetFacet,
  ballastPolicyDecisionRunFacet,
] as const;

/**
 * The sha256 of a document's canonical JSON (keys sorted, undefined dropped), so the same
 * report always gets the same digest wherever it is serialised.
 *
 * @example
 * ```ts
 * documentDigest(report) === documentDigest(JSON.parse(JSON.stringify(report))); // true
 * ```
 */
export function documentDigest(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex');
}

/**
 * The `ballast_modelVersion` facet of a contracts `ModelVersion` (validated first).
 *
 * @example
 * ```ts
 * const facet = modelVersionFacet(await registry.getModelVersion('churn', '3'));
 * ```
 */
export function modelVersionFacet(
  modelVersion: ModelVersion,
  options?: FacetBuildOptions,
): BuiltFacet<z.output<typeof ballastModelVersionDatasetFacet.fields>> {
  const version = parseModelVersion(modelVersion);
  return ballastModelVersionDatasetFacet(
    {
      name: version.name,
      version: version.version,
      status: version.status,
      approval: version.approval,
      aliases: version.aliases,
      source: version.source,
      ...(version.runId === undefined ? {} : { runId: version.runId }),
      artifacts: version.artifacts.map(({ path, sha256, size }) => ({ path, sha256, size })),
      createdAt: version.createdAt,
    },
    options,
  );
}

/**
 * The `ballast_driftReport` facet of a contracts `DriftReport` (validated first).
 *
 * @example
 * ```ts
 * const facet = driftReportFacet(report);
 * ```
 */
export function driftReportFacet(
  report: DriftReport,
  options?: FacetBuildOptions,
): BuiltFacet<z.output<typeof ballastDriftReportDatasetFacet.fields>> {
  const parsed = parseDriftReport(report);
  return ballastDriftReportDatasetFacet(
    {
      reportDigest: documentDigest(parsed),
      createdAt: parsed.createdAt,
      drifted: parsed.dataset.drifted,
      driftedColumns: parsed.dataset.driftedColumns,
      totalColumns: parsed.dataset.totalColumns,
      share: parsed.dataset.share,
      driftShare: parsed.options.driftShare,
      correction: parsed.options.correction,
      referenceRows: parsed.reference.rows,
      currentRows: parsed.current.rows,
      columns: parsed.columns.map(column => ({
        column: column.column,
        method: column.method,
        statistic: column.statistic,
        ...(column.pValue === undefined ? {} : { pValue: column.pValue }),
        threshold: column.threshold,
        drifted: column.drifted,
        status: column.status,
      })),
    },
    options,
  );
}

/**
 * The `ballast_validationReport` facet of a contracts `ValidationReport` (validated first).
 *
 * @example
 * ```ts
 * const facet = validationReportFacet(report);
 * ```
 */
export function validationReportFacet(
  report: ValidationReport,
  options?: FacetBuildOptions,
): BuiltFacet<z.output<typeof ballastValidationReportDatasetFacet.fields>> {
  const parsed = parseValidationReport(report);
  return ballastValidationReportDatasetFacet(
    {
      reportDigest: documentDigest(parsed),
      suite: parsed.suite,
      success: parsed.success,
      evaluated: parsed.statistics.evaluated,
      successful: parsed.statistics.successful,
      unsuccessful: parsed.statistics.unsuccessful,
      successPercent: parsed.statistics.successPercent,
      failedExpectations: parsed.results
        .filter(result => !result.success)
        .map(result => {
          const column = result.expectation.kwargs['column'];
          return {
            type: result.expectation.type,
            ...(typeof column === 'string' ? { column } : {}),
            severity: result.severity,
            ...(result.code === undefined ? {} : { code: result.code }),
          };
        }),
    },
    options,
  );
}

/**
 * The `ballast_policyDecision` facet of a contracts `PolicyDecision` (validated first).
 *
 * @example
 * ```ts
 * const facet = policyDecisionFacet(decision);
 * ```
 */
export function policyDecisionFacet(
  decision: PolicyDecision,
  options?: FacetBuildOptions,
): BuiltFacet<z.output<typeof ballastPolicyDecisionRunFacet.fields>> {
  const parsed = parsePolicyDecision(decision);
  const { ruleCounts, rulesNotPassed } = summarizePolicyDecision(parsed);
  return ballastPolicyDecisionRunFacet(
    {
      decisionDigest: documentDigest(parsed),
      policy: parsed.policy,
      environment: parsed.environment,
      outcome: parsed.outcome,
      evaluatedAt: parsed.evaluatedAt,
      ruleCounts,
      rulesNotPassed,
      evidence: parsed.evidence,
    },
    options,
  );
}

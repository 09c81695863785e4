import {
  BALLAST_FACET_VERSION,
  type BallastFacetSpec,
  ballastFacetSpecs,
  type DriftReport,
  type ModelVersion,
  parseDriftReport,
  parseModelVersion,
  parseValidationReport,
  type ValidationReport,
} from '@ballast/contracts';
import { sha256Of } from '@ballast/kit';
import type { z } from 'zod';
import { BALLAST_FACETS_BASE_URL } from '../events/openlineage-spec';
import { type BuiltFacet, defineFacet, type FacetBuildOptions } from './define-facet';

// Ballast's own facets: key, schema name, placement and fields all come from the contracts'
// `ballastFacetSpecs`, declared once there; this module only adds the `_producer` /
// `_schemaURL` envelope (pointing at the JSON Schemas shipped in `schemas/`) and the
// conversions from contracts documents. The `ballast_policyDecision` facet is built by
// `@ballast/policy-gates`, which owns `PolicyDecision`; here it is only validated.

function ballastFacet<Spec extends BallastFacetSpec>(spec: Spec) {
  return defineFacet({
    key: spec.key,
    schemaName: spec.schemaName,
    schemaVersion: BALLAST_FACET_VERSION,
    placement: spec.placement,
    baseURL: BALLAST_FACETS_BASE_URL,
    fields: spec.fields as Spec['fields'],
  });
}

/**
 * `ballast_modelVersion` dataset facet: the registry view of a model version (status, approval,
 * aliases, artifact digests), attached to the model's dataset.
 *
 * @example
 * ```ts
 * ballastModelVersionDatasetFacet({ name: 'churn', version: '3', status: 'READY', approval: 'approved', aliases: ['champion'], source: 's3://models/churn/3', artifacts: [], createdAt });
 * ```
 */
export const ballastModelVersionDatasetFacet = ballastFacet(ballastFacetSpecs.modelVersion);

/** `ballast_driftReport` dataset facet: the verdict of a drift report on the current dataset. */
export const ballastDriftReportDatasetFacet = ballastFacet(ballastFacetSpecs.driftReport);

/**
 * `ballast_validationReport` dataset facet: the outcome of an expectation suite on a dataset,
 * with the failed expectations named.
 */
export const ballastValidationReportDatasetFacet = ballastFacet(ballastFacetSpecs.validationReport);

/**
 * `ballast_policyDecision` run facet: validates (and envelopes) the fields of a promotion gate's
 * outcome. `@ballast/policy-gates` builds these fields from a `PolicyDecision`.
 *
 * @example
 * ```ts
 * run.facets.ballast_policyDecision = ballastPolicyDecisionRunFacet(fieldsFromPolicyGates);
 * ```
 */
export const ballastPolicyDecisionRunFacet = ballastFacet(ballastFacetSpecs.policyDecision);

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
  return sha256Of(document);
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

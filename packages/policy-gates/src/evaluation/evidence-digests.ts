import { sha256Of } from '@ballast/kit';
import type { Evidence, PolicyDecision } from '@ballast/contracts';

/**
 * SHA-256 digests (over canonical JSON, sorted keys) of the evidence document and of each
 * piece embedded in it: model version, drift and validation reports, model card, candidate
 * and baseline metrics, approvals. Digests are of the validated evidence, i.e. what the gate
 * actually read.
 *
 * @example
 * ```ts
 * evidenceDigests(evidence).map(entry => entry.kind); // ['Evidence', 'ModelVersion', 'DriftReport', ...]
 * ```
 */
export function evidenceDigests(evidence: Evidence): PolicyDecision['evidence'] {
  const digests: PolicyDecision['evidence'] = [{ kind: 'Evidence', digest: sha256Of(evidence) }];
  const add = (kind: string, value: unknown) => {
    if (value !== undefined) digests.push({ kind, digest: sha256Of(value) });
  };
  add('ModelVersion', evidence.modelVersion);
  for (const report of evidence.driftReports ?? []) add('DriftReport', report);
  for (const report of evidence.validationReports ?? []) add('ValidationReport', report);
  add('ModelCard', evidence.modelCard);
  add('Metrics', evidence.metrics);
  add('BaselineMetrics', evidence.baseline);
  add('Approvals', evidence.approvals);
  add('ArtifactDigests', evidence.artifactDigests);
  add('Attributes', evidence.attributes);
  return digests;
}

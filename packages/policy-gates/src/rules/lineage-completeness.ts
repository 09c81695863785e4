import { evidenceMissing, failed, passed, type RuleEvaluator, reasonCodes } from './rule-finding';

/**
 * Evaluates `lineage-completeness` rules: the model version names its training run
 * (`runId`), lists input datasets, covers every `requiredRoles` role and, with
 * `requireDatasetVersions`, pins each dataset by version or fingerprint.
 */
export const evaluateLineageCompleteness: RuleEvaluator<'lineage-completeness'> = (
  rule,
  context,
) => {
  const expected = {
    runId: rule.requireRunId,
    datasets: rule.requireDatasets,
    ...(rule.requiredRoles ? { roles: rule.requiredRoles } : {}),
    datasetVersions: rule.requireDatasetVersions,
  };
  const modelVersion = context.evidence?.modelVersion;
  if (!modelVersion) return evidenceMissing('model version', expected);
  const datasets = modelVersion.datasets ?? [];
  const problems: string[] = [];
  if (rule.requireRunId && !modelVersion.runId?.trim()) problems.push('no training run id');
  if (rule.requireDatasets && datasets.length === 0) problems.push('no input datasets');
  const roles = new Set(datasets.map(dataset => dataset.role));
  const missingRoles = (rule.requiredRoles ?? []).filter(role => !roles.has(role));
  if (missingRoles.length > 0) problems.push(`no dataset with role ${missingRoles.join(', ')}`);
  const unpinned = rule.requireDatasetVersions
    ? datasets
        .filter(dataset => dataset.version === undefined && dataset.fingerprint === undefined)
        .map(dataset => `${dataset.namespace}/${dataset.name}`)
    : [];
  if (unpinned.length > 0) problems.push(`unversioned dataset(s): ${unpinned.join(', ')}`);
  const observed = {
    runId: modelVersion.runId ?? null,
    datasets: datasets.map(dataset => ({
      name: `${dataset.namespace}/${dataset.name}`,
      role: dataset.role ?? null,
      version: dataset.version ?? dataset.fingerprint ?? null,
    })),
  };
  if (problems.length > 0) {
    return failed(reasonCodes.lineageIncomplete, `Lineage incomplete: ${problems.join('; ')}.`, {
      observed,
      expected,
    });
  }
  return passed(
    `Trained by run ${modelVersion.runId ?? '(not required)'} on ${datasets.length} dataset(s).`,
    {
      observed,
      expected,
    },
  );
};

import {
  evidenceMissing,
  failed,
  listForMessage,
  passed,
  type RuleEvaluator,
  reasonCodes,
} from './rule-finding';

/**
 * Evaluates `drift` rules over every DriftReport in the evidence: no dataset-level drift,
 * univariate or multivariate (unless `allowDatasetDrift`), the drifted-column share within `maxDriftShare`, and each
 * named column present and not drifted. A named column with `insufficient_data` fails closed
 * unless `allowInsufficientData`.
 */
export const evaluateDrift: RuleEvaluator<'drift'> = (rule, context) => {
  const expected = {
    datasetDrift: rule.allowDatasetDrift ? 'allowed' : 'none',
    ...(rule.columns ? { columnsNotDrifted: rule.columns } : {}),
    ...(rule.maxDriftShare === undefined ? {} : { maxDriftShare: rule.maxDriftShare }),
  };
  const reports = context.evidence?.driftReports;
  if (!reports || reports.length === 0) return evidenceMissing('drift report', expected);
  const problems: Array<{ code: string; message: string }> = [];
  const driftedColumns = new Set<string>();
  // A multivariate detector's verdict counts as dataset drift too: it sees shifts no single column shows.
  const datasetDrifted = reports.some(
    report => report.dataset.drifted || report.dataset.multivariate?.drifted === true,
  );
  const maxShare = Math.max(...reports.map(report => report.dataset.share));
  for (const report of reports) {
    for (const column of report.columns) if (column.drifted) driftedColumns.add(column.column);
  }
  if (!rule.allowDatasetDrift && datasetDrifted) {
    problems.push({
      code: reasonCodes.datasetDrifted,
      message: `dataset drift detected (share of drifted columns up to ${maxShare})`,
    });
  }
  if (rule.maxDriftShare !== undefined && maxShare > rule.maxDriftShare) {
    problems.push({
      code: reasonCodes.driftShareExceeded,
      message: `drifted-column share ${maxShare} exceeds ${rule.maxDriftShare}`,
    });
  }
  const missing: string[] = [];
  const insufficient: string[] = [];
  const drifted: string[] = [];
  for (const name of rule.columns ?? []) {
    const verdicts = reports.flatMap(report =>
      report.columns.filter(column => column.column === name),
    );
    if (verdicts.length === 0) missing.push(name);
    else if (verdicts.some(verdict => verdict.drifted)) drifted.push(name);
    else if (
      !rule.allowInsufficientData &&
      verdicts.some(verdict => verdict.status === 'insufficient_data')
    ) {
      insufficient.push(name);
    }
  }
  if (drifted.length > 0) {
    problems.push({
      code: reasonCodes.columnDrifted,
      message: `drifted: ${listForMessage(drifted)}`,
    });
  }
  if (missing.length > 0) {
    problems.push({
      code: reasonCodes.columnMissing,
      message: `not in any drift report: ${listForMessage(missing)}`,
    });
  }
  if (insufficient.length > 0) {
    problems.push({
      code: reasonCodes.driftInsufficientData,
      message: `too little data to test: ${listForMessage(insufficient)}`,
    });
  }
  const observed = {
    datasetDrifted,
    share: maxShare,
    driftedColumns: [...driftedColumns].sort(),
    reports: reports.length,
  };
  if (problems.length > 0) {
    return failed(
      problems[0]!.code,
      `Drift: ${problems.map(problem => problem.message).join('; ')}.`,
      {
        observed,
        expected,
      },
    );
  }
  return passed(`No disallowed drift in ${reports.length} drift report(s).`, {
    observed,
    expected,
  });
};

import {
  evidenceMissing,
  failed,
  listForMessage,
  passed,
  type RuleEvaluator,
  reasonCodes,
} from './rule-finding';

const severityRank = { info: 0, warning: 1, error: 2 } as const;

/**
 * Evaluates `data-validation` rules over the evidence's ValidationReports (only the named
 * `suite` when set): every report succeeded (`requireSuccess`) and no failed expectation has
 * a severity at or above `failOnSeverity`.
 */
export const evaluateDataValidation: RuleEvaluator<'data-validation'> = (rule, context) => {
  const expected = {
    ...(rule.suite === undefined ? {} : { suite: rule.suite }),
    requireSuccess: rule.requireSuccess,
    ...(rule.failOnSeverity === undefined ? {} : { noFailuresAtOrAbove: rule.failOnSeverity }),
  };
  const reports = (context.evidence?.validationReports ?? []).filter(
    report => rule.suite === undefined || report.suite === rule.suite,
  );
  if (reports.length === 0) {
    return evidenceMissing(
      rule.suite === undefined
        ? 'validation report'
        : `validation report for suite "${rule.suite}"`,
      expected,
    );
  }
  const unsuccessful = reports.filter(report => !report.success).map(report => report.suite);
  const threshold = rule.failOnSeverity;
  const blocking =
    threshold === undefined
      ? []
      : reports.flatMap(report =>
          report.results
            .filter(
              result => !result.success && severityRank[result.severity] >= severityRank[threshold],
            )
            .map(result => `${report.suite}: ${result.expectation.type} (${result.severity})`),
        );
  const observed = {
    reports: reports.map(report => ({
      suite: report.suite,
      success: report.success,
      unsuccessful: report.statistics.unsuccessful,
    })),
    ...(threshold === undefined ? {} : { blockingFailures: blocking.length }),
  };
  const problems: string[] = [];
  if (rule.requireSuccess && unsuccessful.length > 0) {
    problems.push(`unsuccessful suite(s): ${listForMessage(unsuccessful)}`);
  }
  if (blocking.length > 0) {
    problems.push(
      `failed expectation(s) of severity ${threshold} or above: ${listForMessage(blocking, 3)}`,
    );
  }
  if (problems.length > 0) {
    return failed(reasonCodes.validationFailed, `Data validation: ${problems.join('; ')}.`, {
      observed,
      expected,
    });
  }
  return passed(`Data validation passed in ${reports.length} report(s).`, { observed, expected });
};

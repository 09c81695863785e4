import type { Metric } from '@ballast/contracts';
import type { RuleOfKind } from '../policy/policy-schema';
import { findMetric, sliceLabel, targetSlices } from './metric-lookup';
import {
  evidenceMissing,
  failed,
  passed,
  type RuleEvaluator,
  type RuleFinding,
  reasonCodes,
} from './rule-finding';

/** A metric threshold in TFX form, the one every rule is evaluated in. */
export interface NormalizedMetricThreshold {
  /** Inclusive bounds on the candidate's value. */
  value?: { lower?: number; upper?: number };
  /** Bounds on candidate − baseline (absolute) and (candidate − baseline) / |baseline| (relative). */
  change?: {
    direction: 'higher_is_better' | 'lower_is_better';
    absolute?: number;
    relative?: number;
  };
  /** What a relative change does when the baseline is exactly zero. */
  zeroBaseline: 'deny' | 'require-improvement';
  /** Which spelling the rule used. */
  origin: 'tfx' | 'mlflow';
}

// MLflow's own fallback at a zero baseline demands the candidate move by more than this.
const mlflowStrictImprovement = 1e-10;

/**
 * Translates a rule into TFX form. MLflow's fields map exactly (for positive baselines):
 * `threshold` → `value.lower` (greater is better) or `value.upper`; `min_absolute_change` m →
 * `change.absolute` +m or −m; `min_relative_change` r → `change.relative` +r or −r.
 *
 * @example
 * ```ts
 * normalizeMetricThreshold(rule).change; // { direction: 'lower_is_better', absolute: -0.05 }
 * ```
 */
export function normalizeMetricThreshold(
  rule: RuleOfKind<'metric-threshold'>,
): NormalizedMetricThreshold {
  const zeroBaseline = rule.zeroBaseline ?? 'deny';
  const isMlflow =
    rule.threshold !== undefined ||
    rule.min_absolute_change !== undefined ||
    rule.min_relative_change !== undefined;
  if (!isMlflow) {
    return {
      ...(rule.value ? { value: rule.value } : {}),
      ...(rule.change ? { change: rule.change } : {}),
      zeroBaseline,
      origin: 'tfx',
    };
  }
  const greaterIsBetter = (rule.greater_is_better ?? rule.higher_is_better) === true;
  const sign = greaterIsBetter ? 1 : -1;
  const hasChange =
    rule.min_absolute_change !== undefined || rule.min_relative_change !== undefined;
  return {
    ...(rule.threshold === undefined
      ? {}
      : { value: greaterIsBetter ? { lower: rule.threshold } : { upper: rule.threshold } }),
    ...(hasChange
      ? {
          change: {
            direction: greaterIsBetter ? 'higher_is_better' : 'lower_is_better',
            ...(rule.min_absolute_change === undefined
              ? {}
              : { absolute: sign * rule.min_absolute_change }),
            ...(rule.min_relative_change === undefined
              ? {}
              : { relative: sign * rule.min_relative_change }),
          },
        }
      : {}),
    zeroBaseline,
    origin: 'mlflow',
  };
}

/** What one metric comparison saw. */
export interface MetricComparison {
  passed: boolean;
  code: string;
  problems: string[];
  observed: {
    value: number;
    baseline?: number;
    delta?: number;
    relativeChange?: number | null;
  };
}

function atLeast(direction: 'higher_is_better' | 'lower_is_better', actual: number, bound: number) {
  return direction === 'higher_is_better' ? actual >= bound : actual <= bound;
}

/**
 * Compares a candidate value (and baseline, when a change threshold is set) with a
 * normalized threshold, TFX semantics: value bounds inclusive; `higher_is_better` passes iff
 * delta ≥ absolute and delta / |baseline| ≥ relative (`lower_is_better`: ≤). A zero baseline
 * under a relative bound fails with `BASELINE_ZERO` unless `zeroBaseline` is
 * `require-improvement` (MLflow's fallback: the candidate must move by more than 1e-10).
 *
 * @example
 * ```ts
 * compareMetric(threshold, 0.90, 0.91).passed; // with relative −0.02: −1.1% ≥ −2% → true
 * ```
 */
export function compareMetric(
  threshold: NormalizedMetricThreshold,
  candidate: number,
  baseline: number | undefined,
): MetricComparison {
  const problems: string[] = [];
  let code: string = reasonCodes.pass;
  const observed: MetricComparison['observed'] = { value: candidate };
  const note = (problemCode: string, problem: string) => {
    if (code === reasonCodes.pass) code = problemCode;
    problems.push(problem);
  };
  const { value, change } = threshold;
  if (value?.lower !== undefined && !(candidate >= value.lower)) {
    note(reasonCodes.thresholdNotMet, `${candidate} < lower bound ${value.lower}`);
  }
  if (value?.upper !== undefined && !(candidate <= value.upper)) {
    note(reasonCodes.thresholdNotMet, `${candidate} > upper bound ${value.upper}`);
  }
  if (change && baseline === undefined) {
    note(reasonCodes.baselineMissing, 'no baseline value to compare with');
  } else if (change && baseline !== undefined) {
    const delta = candidate - baseline;
    observed.baseline = baseline;
    observed.delta = delta;
    const comparator = change.direction === 'higher_is_better' ? '≥' : '≤';
    if (change.absolute !== undefined && !atLeast(change.direction, delta, change.absolute)) {
      note(
        reasonCodes.thresholdNotMet,
        `change ${delta} vs baseline ${baseline} is not ${comparator} ${change.absolute}`,
      );
    }
    if (change.relative !== undefined) {
      if (baseline === 0) {
        observed.relativeChange = null;
        if (threshold.zeroBaseline === 'deny') {
          note(
            reasonCodes.baselineZero,
            'baseline is 0, so a relative change is undefined; the gate fails closed',
          );
        } else {
          const step =
            change.direction === 'higher_is_better'
              ? mlflowStrictImprovement
              : -mlflowStrictImprovement;
          if (!atLeast(change.direction, candidate, baseline + step)) {
            note(
              reasonCodes.thresholdNotMet,
              `baseline is 0; require-improvement needs ${candidate} to move past 0 in the better direction`,
            );
          }
        }
      } else {
        const relativeChange = delta / Math.abs(baseline);
        observed.relativeChange = relativeChange;
        if (!atLeast(change.direction, relativeChange, change.relative)) {
          note(
            reasonCodes.thresholdNotMet,
            `relative change ${relativeChange} vs baseline ${baseline} is not ${comparator} ${change.relative}`,
          );
        }
      }
    }
  }
  return { passed: problems.length === 0, code, problems, observed };
}

function expectedOf(threshold: NormalizedMetricThreshold) {
  return {
    ...(threshold.value ? { value: threshold.value } : {}),
    ...(threshold.change ? { change: threshold.change } : {}),
    ...(threshold.change?.relative === undefined ? {} : { zeroBaseline: threshold.zeroBaseline }),
  };
}

/** Evaluates `metric-threshold` rules, slice by slice; any failing slice fails the rule. */
export const evaluateMetricThreshold: RuleEvaluator<'metric-threshold'> = (rule, context) => {
  const threshold = normalizeMetricThreshold(rule);
  const expected = expectedOf(threshold);
  const candidateMetrics = context.evidence?.metrics;
  if (!candidateMetrics) return evidenceMissing('metrics', expected);
  const baselineMetrics: readonly Metric[] | undefined = context.evidence?.baseline?.metrics;
  if (threshold.change && !baselineMetrics) {
    return { ...evidenceMissing('baseline metrics', expected), code: reasonCodes.baselineMissing };
  }
  const slices = targetSlices(candidateMetrics, rule.metric, rule.slices, rule.dataset);
  if (slices.length === 0) {
    return failed(
      reasonCodes.metricMissing,
      `The candidate reports no slices of ${rule.metric}; the gate fails closed.`,
      { expected },
    );
  }
  const observedBySlice: Record<string, unknown> = {};
  const failures: RuleFinding[] = [];
  for (const slice of slices) {
    const label = sliceLabel(slice);
    const candidate = findMetric(candidateMetrics, rule.metric, slice, rule.dataset, 'candidate');
    if ('finding' in candidate) {
      failures.push(candidate.finding);
      observedBySlice[label] = null;
      continue;
    }
    let baselineValue: number | undefined;
    if (threshold.change && baselineMetrics) {
      const baseline = findMetric(baselineMetrics, rule.metric, slice, rule.dataset, 'baseline');
      if ('finding' in baseline) {
        failures.push(baseline.finding);
        observedBySlice[label] = { value: candidate.metric.value, baseline: null };
        continue;
      }
      baselineValue = baseline.metric.value;
    }
    const comparison = compareMetric(threshold, candidate.metric.value, baselineValue);
    observedBySlice[label] = comparison.observed;
    if (!comparison.passed) {
      failures.push(
        failed(comparison.code, `${rule.metric} [${label}]: ${comparison.problems.join('; ')}`),
      );
    }
  }
  const single = slices.length === 1 && slices[0] === undefined;
  const observed = single ? observedBySlice[sliceLabel(undefined)] : observedBySlice;
  if (failures.length > 0) {
    return failed(failures[0]!.code, failures.map(failure => failure.reason).join(' | '), {
      observed,
      expected,
    });
  }
  const where = single ? '' : ` on ${slices.length} slice(s)`;
  return passed(`${rule.metric} meets its threshold${where}.`, { observed, expected });
};

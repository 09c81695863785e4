import { findMetric, targetSlices } from './metric-lookup';
import { evidenceMissing, failed, passed, type RuleEvaluator, reasonCodes } from './rule-finding';

/**
 * Evaluates `slice-gap` rules (TFX cross-slice thresholds): max − min of the metric across
 * the slices must be ≤ `maxGap`, and min / max ≥ `minRatio` (the four-fifths rule is 0.8; a
 * maximum ≤ 0 makes the ratio meaningless and fails closed). Fewer than two slices cannot show
 * a gap and fail closed.
 */
export const evaluateSliceGap: RuleEvaluator<'slice-gap'> = (rule, context) => {
  const expected = {
    ...(rule.maxGap === undefined ? {} : { maxGap: rule.maxGap }),
    ...(rule.minRatio === undefined ? {} : { minRatio: rule.minRatio }),
  };
  const metrics = context.evidence?.metrics;
  if (!metrics) return evidenceMissing('metrics', expected);
  const slices = targetSlices(metrics, rule.metric, rule.slices, rule.dataset);
  const values: Record<string, number> = {};
  for (const slice of slices) {
    const lookup = findMetric(metrics, rule.metric, slice, rule.dataset, 'candidate');
    if ('finding' in lookup) return { ...lookup.finding, expected };
    values[slice ?? '(overall)'] = lookup.metric.value;
  }
  const entries = Object.entries(values);
  if (entries.length < 2) {
    return failed(
      reasonCodes.metricMissing,
      `A gap needs ${rule.metric} on at least two slices; found ${entries.length}. The gate fails closed.`,
      { observed: { slices: values }, expected },
    );
  }
  const sorted = [...entries].sort(([, left], [, right]) => left - right);
  const [lowSlice, low] = sorted[0]!;
  const [highSlice, high] = sorted[sorted.length - 1]!;
  const gap = high - low;
  const ratio = high > 0 && low >= 0 ? low / high : null;
  const observed = {
    gap,
    ratio,
    min: { slice: lowSlice, value: low },
    max: { slice: highSlice, value: high },
    slices: values,
  };
  const between = `between ${highSlice} (${high}) and ${lowSlice} (${low})`;
  if (rule.maxGap !== undefined && gap > rule.maxGap) {
    return failed(
      reasonCodes.sliceGapExceeded,
      `${rule.metric} gap ${gap} ${between} exceeds ${rule.maxGap}.`,
      { observed, expected },
    );
  }
  if (rule.minRatio !== undefined && (ratio === null || ratio < rule.minRatio)) {
    return failed(
      reasonCodes.sliceGapExceeded,
      ratio === null
        ? `${rule.metric} ratio ${between} is undefined for non-positive values; the gate fails closed.`
        : `${rule.metric} ratio ${ratio} ${between} is below ${rule.minRatio}.`,
      { observed, expected },
    );
  }
  return passed(`${rule.metric} across ${entries.length} slices is within bounds (gap ${gap}).`, {
    observed,
    expected,
  });
};

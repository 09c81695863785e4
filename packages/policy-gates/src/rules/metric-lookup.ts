import type { Metric } from '@ballast/contracts';
import { type RuleFinding, failed, reasonCodes } from './rule-finding';

/** Label of a slice key in messages and observed values; the overall metric has no slice. */
export function sliceLabel(slice: string | undefined): string {
  return slice ?? '(overall)';
}

/** Either the one metric that matches, or the fail-closed finding explaining why there is none. */
export type MetricLookup = { metric: Metric } | { finding: RuleFinding };

/**
 * Finds the metric named `name` for `slice` (undefined = overall), optionally restricted to a
 * dataset. Two matches are ambiguous and fail closed rather than picking one silently.
 */
export function findMetric(
  metrics: readonly Metric[],
  name: string,
  slice: string | undefined,
  dataset: string | undefined,
  side: 'candidate' | 'baseline',
): MetricLookup {
  const matches = metrics.filter(
    metric =>
      metric.name === name &&
      metric.slice === slice &&
      (dataset === undefined || metric.dataset === dataset),
  );
  const label = `${name} [${sliceLabel(slice)}]${dataset === undefined ? '' : ` on ${dataset}`}`;
  if (matches.length === 0) {
    return {
      finding: failed(
        side === 'candidate' ? reasonCodes.metricMissing : reasonCodes.baselineMissing,
        `The ${side} has no metric ${label}; the gate fails closed.`,
      ),
    };
  }
  if (matches.length > 1) {
    return {
      finding: failed(
        reasonCodes.metricAmbiguous,
        `The ${side} has ${matches.length} values for ${label}; set the rule's dataset to pick one.`,
      ),
    };
  }
  return { metric: matches[0]! };
}

/** The slice keys a rule targets: the listed ones, or every slice the candidate reports for `'*'`. */
export function targetSlices(
  metrics: readonly Metric[],
  name: string,
  slices: '*' | readonly string[] | undefined,
  dataset: string | undefined,
): Array<string | undefined> {
  if (slices === undefined) return [undefined];
  if (slices !== '*') return [...slices];
  const found = new Set<string>();
  for (const metric of metrics) {
    if (
      metric.name === name &&
      metric.slice !== undefined &&
      (dataset === undefined || metric.dataset === dataset)
    ) {
      found.add(metric.slice);
    }
  }
  return [...found].sort();
}

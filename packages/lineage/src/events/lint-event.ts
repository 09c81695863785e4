import type { OpenLineageEvent } from './event-schemas';

/** One finding of {@link lintLineageEvent}: valid per the spec, but probably a mistake. */
export interface LineageLintWarning {
  /** Stable rule name, e.g. `non-empty-job-name`. */
  rule: LineageLintRule;
  /** Dotted path of the offending field, e.g. `inputs[0].name`. */
  path: string;
  /** Human-readable explanation. */
  message: string;
}

/** The lint rules {@link lintLineageEvent} applies. */
export type LineageLintRule =
  | 'non-empty-job-namespace'
  | 'non-empty-job-name'
  | 'non-empty-dataset-namespace'
  | 'non-empty-dataset-name';

interface Named {
  namespace?: unknown;
  name?: unknown;
}

function checkNamed(
  value: Named | undefined,
  path: string,
  rules: { namespace: LineageLintRule; name: LineageLintRule },
  warnings: LineageLintWarning[],
): void {
  if (value === undefined) return;
  // The spec allows empty strings; receivers such as Marquez then show nameless nodes that
  // several producers share by accident, which is why these are warnings and not schema errors.
  if (value.namespace === '') {
    warnings.push({
      rule: rules.namespace,
      path: `${path}.namespace`,
      message: `${path}.namespace is empty`,
    });
  }
  if (value.name === '') {
    warnings.push({ rule: rules.name, path: `${path}.name`, message: `${path}.name is empty` });
  }
}

const jobRules = { namespace: 'non-empty-job-namespace', name: 'non-empty-job-name' } as const;
const datasetRules = {
  namespace: 'non-empty-dataset-namespace',
  name: 'non-empty-dataset-name',
} as const;

/**
 * Checks a valid OpenLineage event against rules stricter than the spec (empty job or dataset
 * names and namespaces) and returns the findings; an empty array means nothing to report.
 *
 * @example
 * ```ts
 * for (const warning of lintLineageEvent(event)) console.warn(`${warning.rule}: ${warning.message}`);
 * ```
 */
export function lintLineageEvent(event: OpenLineageEvent): LineageLintWarning[] {
  const warnings: LineageLintWarning[] = [];
  const record = event as {
    job?: Named;
    dataset?: Named;
    inputs?: Named[];
    outputs?: Named[];
  };
  checkNamed(record.job, 'job', jobRules, warnings);
  checkNamed(record.dataset, 'dataset', datasetRules, warnings);
  for (const [index, dataset] of (record.inputs ?? []).entries()) {
    checkNamed(dataset, `inputs[${index}]`, datasetRules, warnings);
  }
  for (const [index, dataset] of (record.outputs ?? []).entries()) {
    checkNamed(dataset, `outputs[${index}]`, datasetRules, warnings);
  }
  return warnings;
}

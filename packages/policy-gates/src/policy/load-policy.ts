import type { DocumentSource } from './parse-document';
import { parseDocumentText, parseDocumentValue, readTextFile } from './parse-document';
import { type Policy, type PolicyInput, policySchema } from './policy-schema';

const sources = new WeakMap<Policy, DocumentSource>();

/** Options of {@link parsePolicy}. */
export interface ParsePolicyOptions {
  /** File path or label used in error messages and SARIF locations. Default `policy`. */
  uri?: string;
}

/**
 * Validates a policy given as YAML or JSON text, or as an already parsed object. Errors are
 * `InvalidInputError`s with code `POLICY_INVALID` (or `POLICY_SYNTAX` for unparsable text)
 * whose message names the path and, for text, the line and column; `details.issues` lists all.
 *
 * @example
 * ```ts
 * const policy = parsePolicy(`
 * name: fraud-promotion
 * rules:
 *   - id: auc-floor
 *     description: AUC stays above 0.8
 *     kind: metric-threshold
 *     metric: auc
 *     value: { lower: 0.8 }
 * `);
 * ```
 */
export function parsePolicy(input: string | unknown, options: ParsePolicyOptions = {}): Policy {
  const parseOptions = { what: 'policy', uri: options.uri ?? 'policy', code: 'POLICY_INVALID' };
  if (typeof input !== 'string') return parseDocumentValue(policySchema, input, parseOptions);
  const { value, source } = parseDocumentText(policySchema, input, parseOptions);
  sources.set(value, source);
  return value;
}

/**
 * Reads and validates a policy file (`.yaml`, `.yml` or `.json`). A missing file throws
 * `NotFoundError` (`FILE_NOT_FOUND`), an unreadable one `InvalidInputError` (`FILE_UNREADABLE`).
 *
 * @example
 * ```ts
 * const policy = await loadPolicy('policies/promotion.yaml');
 * ```
 */
export async function loadPolicy(path: string): Promise<Policy> {
  return parsePolicy(await readTextFile(path, 'policy'), { uri: path });
}

/**
 * Builds a policy in TypeScript, with the same validation and defaults as a policy file.
 *
 * @example
 * ```ts
 * const policy = definePolicy({
 *   name: 'fraud-promotion',
 *   rules: [metricThresholdRule({ id: 'auc', description: 'AUC >= 0.8', metric: 'auc', value: { lower: 0.8 } })],
 * });
 * ```
 */
export function definePolicy(input: PolicyInput): Policy {
  return parsePolicy(input);
}

/**
 * Where a policy parsed from text came from and the line each rule starts on; `undefined` for
 * policies built in code. Renderers use it to point SARIF results at the rule.
 *
 * @example
 * ```ts
 * const line = policySourceOf(policy)?.lineOf(['rules', 0]);
 * ```
 */
export function policySourceOf(policy: Policy): DocumentSource | undefined {
  return sources.get(policy);
}

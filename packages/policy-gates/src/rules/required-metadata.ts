import { metadataProfiles } from '../policy/policy-schema';
import {
  evidenceMissing,
  failed,
  listForMessage,
  passed,
  type RuleEvaluator,
  reasonCodes,
} from './rule-finding';

/**
 * Reads a dotted path (`model_details.owners`, `data.0.name`) from a model card; numeric
 * segments index arrays.
 */
export function readDottedPath(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const segment of path.split('.')) {
    // Own properties only: `constructor` or `toString` must not be "present" via the prototype.
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/**
 * Evaluates `required-metadata` rules: each field of the profile and of `fields` is present
 * in the model card and non-empty (not blank, not an empty list or object).
 */
export const evaluateRequiredMetadata: RuleEvaluator<'required-metadata'> = (rule, context) => {
  const fields = [
    ...new Set([...(rule.profile ? metadataProfiles[rule.profile] : []), ...(rule.fields ?? [])]),
  ];
  const expected = { fields, ...(rule.profile ? { profile: rule.profile } : {}) };
  const card = context.evidence?.modelCard;
  if (!card) return evidenceMissing('model card', expected);
  const missing = fields.filter(field => !isPresent(readDottedPath(card, field)));
  const observed = { present: fields.filter(field => !missing.includes(field)), missing };
  if (missing.length > 0) {
    return failed(
      reasonCodes.metadataMissing,
      `The model card lacks ${missing.length} required field(s): ${listForMessage(missing, 10)}.`,
      { observed, expected },
    );
  }
  return passed(`The model card has all ${fields.length} required field(s).`, {
    observed,
    expected,
  });
};

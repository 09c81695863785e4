import {
  BALLAST_FACET_VERSION,
  type BallastPolicyDecisionFacetFields,
  ballastFacetSpecs,
  type PolicyDecision,
  parsePolicyDecision,
  parseWithSchema,
} from '@ballast/contracts';
import { sha256Of } from '@ballast/kit';
import { summarizePolicyDecision } from './policy-decision-summary';

const spec = ballastFacetSpecs.policyDecision;

/** `_schemaURL` of the `ballast_policyDecision` run facet. */
export const POLICY_DECISION_FACET_SCHEMA_URL = `https://ballast.dev/spec/facets/${BALLAST_FACET_VERSION}/${spec.schemaName}.json#/$defs/${spec.schemaName}`;

/** Producer written to `_producer` when the caller names none. */
export const POLICY_GATES_PRODUCER = 'https://ballast.dev/policy-gates';

/** The `ballast_policyDecision` run facet: its fields plus OpenLineage's envelope. */
export type PolicyDecisionFacet = BallastPolicyDecisionFacetFields & {
  /** URI of the software that produced the facet. */
  _producer: string;
  /** The facet's versioned JSON Schema URL. */
  _schemaURL: string;
};

/** Options of {@link policyDecisionFacet}. */
export interface PolicyDecisionFacetOptions {
  /** URI of the producing code, written to `_producer`. Default {@link POLICY_GATES_PRODUCER}. */
  producer?: string;
}

/**
 * Builds the `ballast_policyDecision` run facet of a decision: outcome, counts per status, the
 * rules that did not pass with their reasons, and the digests of the decision, policy and
 * evidence. The decision is validated first and the facet's fields are checked against the
 * contracts' `ballastPolicyDecisionFacetFieldsSchema`, so an invalid facet never leaves the
 * process (`InvalidInputError`). This is the one builder of this facet in Ballast; attach it
 * under `run.facets.ballast_policyDecision`.
 *
 * @example
 * ```ts
 * event.run.facets = { ballast_policyDecision: policyDecisionFacet(decision, { producer }) };
 * ```
 */
export function policyDecisionFacet(
  decision: PolicyDecision,
  options: PolicyDecisionFacetOptions = {},
): PolicyDecisionFacet {
  const valid = parsePolicyDecision(decision);
  const { ruleCounts, rulesNotPassed } = summarizePolicyDecision(valid);
  const fields = parseWithSchema(
    spec.fields,
    {
      decisionDigest: sha256Of(valid),
      policy: valid.policy,
      environment: valid.environment,
      outcome: valid.outcome,
      evaluatedAt: valid.evaluatedAt,
      ruleCounts,
      rulesNotPassed,
      evidence: valid.evidence,
    },
    { code: 'INVALID_FACET', name: spec.schemaName, schemaURL: POLICY_DECISION_FACET_SCHEMA_URL },
  );
  return {
    _producer: options.producer ?? POLICY_GATES_PRODUCER,
    _schemaURL: POLICY_DECISION_FACET_SCHEMA_URL,
    ...fields,
  };
}

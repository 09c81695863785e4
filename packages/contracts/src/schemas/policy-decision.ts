import { z } from 'zod';
import { sha256Schema, specVersionSchema, timestampSchema } from './common';
import { modelRefSchema } from './model-ref';

/** A policy's overall outcome. */
export const policyOutcomeSchema = z.enum(['allow', 'warn', 'deny']);

/** The result of one rule. */
export const ruleResultSchema = z.object({
  ruleId: z.string(),
  severity: z.enum(['deny', 'warn', 'info']),
  status: z.enum(['pass', 'fail', 'warn', 'waived', 'error']),
  enforcement: z.enum(['enforce', 'warn', 'dryrun']).optional(),
  observed: z.unknown().optional(),
  expected: z.unknown().optional(),
  reason: z.string(),
  code: z.string().optional(),
});

/** The result of one rule. See {@link ruleResultSchema}. */
export type RuleResult = z.infer<typeof ruleResultSchema>;

/** A waiver that suppressed a failure. */
export const appliedWaiverSchema = z.object({
  ruleId: z.string(),
  reason: z.string(),
  by: z.string(),
  expires: timestampSchema.optional(),
});

/**
 * The explained outcome of evaluating a policy against evidence: every rule's result with
 * observed and expected values, the waivers used, and digests of what was read.
 *
 * @example
 * ```ts
 * const decision = parsePolicyDecision(json);
 * process.exitCode = decision.outcome === 'deny' ? 2 : 0;
 * ```
 */
export const policyDecisionSchema = z
  .object({
    kind: z.literal('PolicyDecision'),
    specVersion: specVersionSchema,
    policy: z.object({ name: z.string(), digest: sha256Schema, version: z.string().optional() }),
    subject: modelRefSchema.optional().describe('the model the decision judged'),
    environment: z.string(),
    outcome: policyOutcomeSchema,
    evaluatedAt: timestampSchema,
    results: z.array(ruleResultSchema),
    evidence: z.array(z.object({ kind: z.string(), digest: sha256Schema })),
    waivers: z.array(appliedWaiverSchema),
  })
  .meta({ id: 'PolicyDecision', title: 'PolicyDecision' });

/** A policy decision. See {@link policyDecisionSchema}. */
export type PolicyDecision = z.infer<typeof policyDecisionSchema>;

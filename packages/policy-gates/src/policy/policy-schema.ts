import { nameSchema, SPEC_VERSION, timestampSchema } from '@ballast/contracts';
import { z } from 'zod';
import { parseDuration } from './duration';
import { strictObject, suggestKey } from './strict-object';

/** How strongly a failing rule counts: `deny` blocks, `warn` warns, `info` only reports. */
export const ruleSeveritySchema = z.enum(['deny', 'warn', 'info']);

/** What a failing rule does in one environment (Gatekeeper's enforcement actions). */
export const enforcementModeSchema = z.enum(['enforce', 'warn', 'dryrun']);

/**
 * One mode for every environment, or a map from environment name to mode where the key
 * `default` covers environments not listed.
 */
export const enforcementSchema = z.union([
  enforcementModeSchema,
  z.record(z.string().min(1), enforcementModeSchema),
]);

const durationSchema = z.string().superRefine((value, context) => {
  try {
    parseDuration(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const ruleIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'expected a rule id of letters, digits, ".", "_" or "-" (for example "auc-floor")',
  );

const commonRuleFields = {
  id: ruleIdSchema,
  description: nameSchema,
  severity: ruleSeveritySchema.default('deny'),
  enforcement: enforcementSchema.optional(),
};

const slicesSchema = z.union([z.literal('*'), z.array(nameSchema).min(1)]);

/** TFX `GenericValueThreshold`: pass iff lower ≤ value ≤ upper (both inclusive). */
export const valueThresholdSchema = strictObject({
  lower: z.number().optional(),
  upper: z.number().optional(),
})
  .refine(bounds => bounds.lower !== undefined || bounds.upper !== undefined, {
    message: 'expected lower, upper or both',
  })
  .refine(
    bounds =>
      bounds.lower === undefined || bounds.upper === undefined || bounds.lower <= bounds.upper,
    { message: 'expected lower <= upper' },
  );

/** Which way a metric improves. */
export const metricDirectionSchema = z.enum(['higher_is_better', 'lower_is_better']);

/**
 * TFX `GenericChangeThreshold` against the baseline model, with signed slack: with
 * `higher_is_better`, `absolute: -0.01` allows a drop of at most 0.01 and `absolute: 0.01`
 * requires a gain of at least 0.01 (mirrored for `lower_is_better`).
 */
export const changeThresholdSchema = strictObject({
  direction: metricDirectionSchema,
  absolute: z.number().optional(),
  relative: z.number().optional(),
}).refine(change => change.absolute !== undefined || change.relative !== undefined, {
  message: 'expected absolute, relative or both',
});

/** What a relative change does when the baseline value is zero. */
export const zeroBaselineSchema = z.enum(['deny', 'require-improvement']);

const metricThresholdRuleSchema = strictObject({
  ...commonRuleFields,
  kind: z.literal('metric-threshold'),
  metric: nameSchema,
  dataset: z.string().optional(),
  slices: slicesSchema.optional(),
  value: valueThresholdSchema.optional(),
  change: changeThresholdSchema.optional(),
  threshold: z.number().optional(),
  min_absolute_change: z.number().gt(0, 'MLflow requires min_absolute_change > 0').optional(),
  min_relative_change: z
    .number()
    .min(0, 'MLflow requires min_relative_change in [0, 1]')
    .max(1, 'MLflow requires min_relative_change in [0, 1]')
    .optional(),
  greater_is_better: z.boolean().optional(),
  higher_is_better: z.boolean().optional().describe('deprecated MLflow alias of greater_is_better'),
  zeroBaseline: zeroBaselineSchema.optional(),
}).superRefine((rule, context) => {
  const tfx = rule.value !== undefined || rule.change !== undefined;
  const mlflowFields = ['threshold', 'min_absolute_change', 'min_relative_change'] as const;
  const mlflow = mlflowFields.some(field => rule[field] !== undefined);
  if (tfx && mlflow) {
    context.addIssue({
      code: 'custom',
      message:
        'mixes TFX fields (value, change) with MLflow fields (threshold, min_absolute_change, min_relative_change); use one style per rule',
    });
  } else if (!tfx && !mlflow) {
    context.addIssue({
      code: 'custom',
      message:
        'expected a threshold: value and/or change (TFX style) or threshold, min_absolute_change, min_relative_change (MLflow style)',
    });
  }
  if (mlflow && rule.greater_is_better === undefined && rule.higher_is_better === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['greater_is_better'],
      message: 'MLflow-style thresholds need greater_is_better: true or false',
    });
  }
  if (
    rule.greater_is_better !== undefined &&
    rule.higher_is_better !== undefined &&
    rule.greater_is_better !== rule.higher_is_better
  ) {
    context.addIssue({
      code: 'custom',
      path: ['higher_is_better'],
      message: 'contradicts greater_is_better; keep only greater_is_better',
    });
  }
});

const sliceGapRuleSchema = strictObject({
  ...commonRuleFields,
  kind: z.literal('slice-gap'),
  metric: nameSchema,
  dataset: z.string().optional(),
  slices: slicesSchema.default('*'),
  maxGap: z.number().nonnegative().optional().describe('bound on max − min'),
  minRatio: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe('bound on min / max, e.g. 0.8 for the four-fifths rule'),
}).refine(rule => rule.maxGap !== undefined || rule.minRatio !== undefined, {
  message: 'expected maxGap, minRatio or both',
});

const driftRuleSchema = strictObject({
  ...commonRuleFields,
  kind: z.literal('drift'),
  allowDatasetDrift: z.boolean().default(false),
  columns: z.array(nameSchema).optional(),
  maxDriftShare: z.number().min(0).max(1).optional(),
  allowInsufficientData: z.boolean().default(false),
});

const dataValidationRuleSchema = strictObject({
  ...commonRuleFields,
  kind: z.literal('data-validation'),
  suite: z.string().optional(),
  requireSuccess: z.boolean().default(true),
  failOnSeverity: z.enum(['error', 'warning', 'info']).optional(),
});

/** Named lists of model card fields (dotted paths) for `required-metadata` rules. */
export const metadataProfiles = {
  ballast: ['intendedUse', 'limitations', 'trainingData', 'evaluationData', 'license', 'owner'],
  'model-card-toolkit': [
    'considerations.use_cases',
    'considerations.limitations',
    'model_parameters.data',
    'model_details.licenses',
    'model_details.owners',
  ],
  'hugging-face': ['license', 'datasets', 'model-index'],
} as const satisfies Record<string, readonly string[]>;

const requiredMetadataRuleSchema = strictObject({
  ...commonRuleFields,
  kind: z.literal('required-metadata'),
  profile: z.enum(Object.keys(metadataProfiles) as [keyof typeof metadataProfiles]).optional(),
  fields: z.array(nameSchema).optional(),
}).refine(rule => rule.profile !== undefined || (rule.fields?.length ?? 0) > 0, {
  message: 'expected a profile, a non-empty fields list, or both',
});

const approvalsRuleSchema = strictObject({
  ...commonRuleFields,
  kind: z.literal('approvals'),
  minApprovers: z.number().int().min(1),
  allowedGroups: z.array(nameSchema).min(1).optional(),
  forbidAuthor: z.boolean().default(true),
});

const artifactIntegrityRuleSchema = strictObject({
  ...commonRuleFields,
  kind: z.literal('artifact-integrity'),
});

const lineageCompletenessRuleSchema = strictObject({
  ...commonRuleFields,
  kind: z.literal('lineage-completeness'),
  requireRunId: z.boolean().default(true),
  requireDatasets: z.boolean().default(true),
  requiredRoles: z
    .array(z.enum(['training', 'validation', 'test', 'evaluation', 'serving', 'other']))
    .optional(),
  requireDatasetVersions: z.boolean().default(false),
});

const freshnessRuleSchema = strictObject({
  ...commonRuleFields,
  kind: z.literal('freshness'),
  maxAge: durationSchema,
  maxClockSkew: durationSchema.default('5m'),
});

const customRuleSchema = strictObject({
  ...commonRuleFields,
  kind: z.literal('custom'),
  predicate: nameSchema,
  params: z.record(z.string(), z.unknown()).optional(),
});

const ruleSchemas = [
  metricThresholdRuleSchema,
  sliceGapRuleSchema,
  driftRuleSchema,
  dataValidationRuleSchema,
  requiredMetadataRuleSchema,
  approvalsRuleSchema,
  artifactIntegrityRuleSchema,
  lineageCompletenessRuleSchema,
  freshnessRuleSchema,
  customRuleSchema,
] as const;

/** Every rule kind a policy may use. */
export const ruleKinds = [
  'metric-threshold',
  'slice-gap',
  'drift',
  'data-validation',
  'required-metadata',
  'approvals',
  'artifact-integrity',
  'lineage-completeness',
  'freshness',
  'custom',
] as const;

function unknownKindMessage(kind: unknown): string {
  const suggestion = typeof kind === 'string' ? suggestKey(kind, ruleKinds) : undefined;
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  return `unknown rule kind ${JSON.stringify(kind)}${hint}; valid kinds: ${ruleKinds.join(', ')}`;
}

/** One rule of a policy; `kind` selects the check. */
export const ruleSchema = z.discriminatedUnion('kind', ruleSchemas, {
  error: issue =>
    issue.code === 'invalid_union'
      ? unknownKindMessage((issue.input as { kind?: unknown } | undefined)?.kind)
      : undefined,
});

/** A parsed rule. See {@link ruleSchema}. */
export type Rule = z.output<typeof ruleSchema>;
/** A rule as written (defaults not yet filled). */
export type RuleInput = z.input<typeof ruleSchema>;
/** A rule kind name. */
export type RuleKind = Rule['kind'];
/** A rule of one kind. */
export type RuleOfKind<Kind extends RuleKind> = Extract<Rule, { kind: Kind }>;

/** A time-limited exception to one rule. */
export const waiverSchema = strictObject({
  ruleId: ruleIdSchema,
  reason: nameSchema,
  by: nameSchema,
  expires: timestampSchema,
  environments: z.array(nameSchema).min(1).optional(),
});

/** A waiver. See {@link waiverSchema}. */
export type Waiver = z.output<typeof waiverSchema>;

/** A policy document: named rules plus waivers, as YAML, JSON or TypeScript. */
export const policySchema = strictObject({
  kind: z.literal('Policy').default('Policy'),
  specVersion: z.literal(SPEC_VERSION).default(SPEC_VERSION),
  name: nameSchema,
  version: z.string().optional(),
  description: z.string().optional(),
  enforcement: enforcementSchema.optional().describe('default for rules that set none'),
  rules: z.array(ruleSchema).min(1, 'a policy needs at least one rule'),
  waivers: z.array(waiverSchema).default([]),
}).superRefine((policy, context) => {
  const seen = new Set<string>();
  policy.rules.forEach((rule, index) => {
    if (seen.has(rule.id)) {
      context.addIssue({
        code: 'custom',
        path: ['rules', index, 'id'],
        message: `duplicate rule id "${rule.id}"; rule ids must be unique`,
      });
    }
    seen.add(rule.id);
  });
  policy.waivers.forEach((waiver, index) => {
    if (!seen.has(waiver.ruleId)) {
      context.addIssue({
        code: 'custom',
        path: ['waivers', index, 'ruleId'],
        message: `waives unknown rule "${waiver.ruleId}"; known rules: ${[...seen].join(', ')}`,
      });
    }
  });
});

/** A parsed policy. See {@link policySchema}. */
export type Policy = z.output<typeof policySchema>;
/** A policy as written, before defaults are filled. */
export type PolicyInput = z.input<typeof policySchema>;

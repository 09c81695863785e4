import { z } from 'zod';

// The part of SARIF 2.1.0 that GitHub code scanning reads (docs.github.com, "SARIF support for
// code scanning"): enums and required fields as the OASIS 2.1.0 schema defines them.
const locationSchema = z.object({
  physicalLocation: z.object({
    artifactLocation: z.object({ uri: z.string().min(1) }),
    region: z.object({ startLine: z.number().int().min(1) }).optional(),
  }),
});

const resultSchema = z.object({
  ruleId: z.string().min(1),
  ruleIndex: z.number().int().min(0).optional(),
  kind: z.enum(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational']).optional(),
  level: z.enum(['none', 'note', 'warning', 'error']).optional(),
  message: z.object({ text: z.string().min(1) }),
  locations: z.array(locationSchema).min(1),
});

const ruleSchema = z.object({
  id: z.string().min(1),
  shortDescription: z.object({ text: z.string() }).optional(),
  defaultConfiguration: z
    .object({ level: z.enum(['none', 'note', 'warning', 'error']) })
    .optional(),
});

/** A SARIF 2.1.0 log as GitHub's upload-sarif accepts it. */
export const sarifLogSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal('2.1.0'),
    runs: z
      .array(
        z.object({
          tool: z.object({
            driver: z.object({ name: z.string().min(1), rules: z.array(ruleSchema).optional() }),
          }),
          results: z.array(resultSchema),
        }),
      )
      .min(1),
  })
  .superRefine((log, context) => {
    for (const [runIndex, run] of log.runs.entries()) {
      const rules = run.tool.driver.rules ?? [];
      for (const [index, result] of run.results.entries()) {
        // ruleIndex must point at the rule with the same id (SARIF §3.27.6).
        const indexed = result.ruleIndex === undefined ? undefined : rules[result.ruleIndex];
        if (result.ruleIndex !== undefined && indexed?.id !== result.ruleId) {
          context.addIssue({
            code: 'custom',
            path: ['runs', runIndex, 'results', index, 'ruleIndex'],
            message: `ruleIndex ${result.ruleIndex} does not name rule ${result.ruleId}`,
          });
        }
      }
    }
  });

/** A parsed SARIF log. */
export type SarifLog = z.infer<typeof sarifLogSchema>;

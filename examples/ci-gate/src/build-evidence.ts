import { readFileSync, writeFileSync } from 'node:fs';
import { parseEvidence } from '@ballast/contracts';

/** Paths the CI job passes in: the reports `ballast` wrote and the evaluation run's metrics. */
export interface EvidenceInputs {
  metrics: string;
  drift: string;
  validation: string;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/**
 * Assembles the Evidence document `ballast gate` reads from the evaluation run's metrics and the
 * drift and validation reports written by `ballast drift` / `ballast validate --format json`.
 * `parseEvidence` checks it against the contracts' schema, so a malformed report fails here
 * with the path of the bad field instead of as a confusing gate result.
 */
export function buildEvidence(inputs: EvidenceInputs, collectedAt = new Date().toISOString()) {
  const run = readJson(inputs.metrics);
  return parseEvidence({
    kind: 'Evidence',
    specVersion: 'ballast.dev/v1',
    collectedAt,
    ...run,
    driftReports: [readJson(inputs.drift)],
    validationReports: [readJson(inputs.validation)],
  });
}

// CLI: tsx src/build-evidence.ts <metrics.json> <drift.json> <validation.json> <out.json>
if (import.meta.url === `file://${process.argv[1]}`) {
  const [metrics, drift, validation, out] = process.argv.slice(2);
  if (!metrics || !drift || !validation || !out) {
    console.error('usage: build-evidence <metrics.json> <drift.json> <validation.json> <out.json>');
    process.exit(3);
  }
  writeFileSync(out, `${JSON.stringify(buildEvidence({ metrics, drift, validation }), null, 2)}\n`);
  console.log(`Evidence written to ${out}`);
}

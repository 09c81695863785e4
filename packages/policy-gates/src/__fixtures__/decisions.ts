import type { PolicyDecision } from '@ballast/contracts';
import { evaluate } from '../evaluation/evaluate';
import { definePolicy } from '../policy/load-policy';
import { makeEvidence, now } from './evidence';

/** A decision with one result of every label: FAIL, ERROR, WARN, DRYRUN, INFO, WAIVED, PASS. */
export function mixedDecision(): PolicyDecision {
  const policy = definePolicy({
    name: 'mixed <&> policy',
    version: '1',
    rules: [
      {
        id: 'auc-floor',
        description: 'AUC >= 0.95',
        kind: 'metric-threshold',
        metric: 'auc',
        value: { lower: 0.95 },
      },
      { id: 'broken', description: 'throws', kind: 'custom', predicate: 'boom' },
      {
        id: 'stale',
        description: 'fresh within 1h',
        kind: 'freshness',
        maxAge: '1h',
        severity: 'warn',
      },
      {
        id: 'drift-dry',
        description: 'no drift on country',
        kind: 'drift',
        columns: ['country'],
        enforcement: 'dryrun',
      },
      {
        id: 'card-info',
        description: 'has citation',
        kind: 'required-metadata',
        fields: ['citation'],
        severity: 'info',
      },
      { id: 'digests', description: 'artifacts intact', kind: 'artifact-integrity' },
      { id: 'lineage', description: 'lineage | complete', kind: 'lineage-completeness' },
    ],
  });
  return evaluate(policy, makeEvidence({ artifactDigests: [] }), {
    environment: 'production',
    now,
    predicates: {
      boom: () => {
        throw new Error('exploded <badly> & "loudly"');
      },
    },
    waivers: [
      {
        ruleId: 'digests',
        reason: 'migration | OPS-1',
        by: 'dana',
        expires: '2027-01-01T00:00:00.000Z',
      },
    ],
  });
}

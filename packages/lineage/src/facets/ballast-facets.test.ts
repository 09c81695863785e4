import { ballastFacetSpecs, InvalidInputError } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { driftReport, modelVersion, validationReport } from '../__fixtures__/documents';
import {
  ballastFacetSchemas,
  createOpenLineageValidator,
} from '../__fixtures__/openlineage-validator';
import {
  ballastFacets,
  ballastPolicyDecisionRunFacet,
  documentDigest,
  driftReportFacet,
  modelVersionFacet,
  validationReportFacet,
} from './ballast-facets';

// The fields `@ballast/policy-gates` builds from a PolicyDecision; lineage only validates them.
const policyDecisionFields = {
  decisionDigest: 'b'.repeat(64),
  policy: { name: 'promotion', digest: 'c'.repeat(64), version: '1' },
  environment: 'production',
  outcome: 'deny' as const,
  evaluatedAt: '2026-11-22T10:00:00.000Z',
  ruleCounts: { pass: 1, fail: 1, warn: 0, waived: 1, error: 0 },
  rulesNotPassed: [
    { ruleId: 'no-drift', severity: 'deny' as const, status: 'fail' as const, reason: 'drifted' },
  ],
  evidence: [{ kind: 'drift-report', digest: 'd'.repeat(64) }],
};

const validator = createOpenLineageValidator();

describe('Ballast facets', () => {
  it('every builder has a shipped JSON Schema whose $id matches its _schemaURL', () => {
    for (const facet of ballastFacets) {
      expect(facet.key).toMatch(/^ballast_[a-z][A-Za-z]+$/);
      const [id, pointer] = facet.schemaURL.split('#');
      const schema = ballastFacetSchemas.get(id!);
      expect(schema, `no shipped schema ${id}`).toBeDefined();
      expect(pointer).toBe(`/$defs/${facet.schemaName}`);
      expect(Object.keys(schema!['properties'])).toEqual([facet.key]);
    }
    expect(ballastFacetSchemas.size).toBe(ballastFacets.length);
  });

  it('the shipped JSON Schemas list the same fields and required fields as the builders', () => {
    for (const facet of ballastFacets) {
      const schema = ballastFacetSchemas.get(facet.schemaURL.split('#')[0]!)!;
      const shipped = schema['$defs'][facet.schemaName].allOf[1];
      const fromZod = z.toJSONSchema(facet.fields, { io: 'input' }) as {
        properties: Record<string, unknown>;
        required: string[];
      };
      expect(Object.keys(shipped.properties).sort()).toEqual(
        Object.keys(fromZod.properties).sort(),
      );
      expect([...shipped.required].sort()).toEqual([...fromZod.required].sort());
    }
  });

  const built = [
    ['ballast_modelVersion', modelVersionFacet(modelVersion)],
    ['ballast_driftReport', driftReportFacet(driftReport)],
    ['ballast_validationReport', validationReportFacet(validationReport)],
    ['ballast_policyDecision', ballastPolicyDecisionRunFacet(policyDecisionFields)],
  ] as const;

  it.each(built)(
    '%s built from a contracts document validates against its schema',
    (key, facet) => {
      expect(validator.validateFacet(facet as Record<string, unknown>, key)).toEqual([]);
    },
  );

  it('the shipped schemas reject a facet with a wrong field', () => {
    const broken = { ...driftReportFacet(driftReport), share: 2 };
    expect(validator.validateFacet(broken, 'ballast_driftReport')).not.toEqual([]);
    const missing: Record<string, unknown> = {
      ...ballastPolicyDecisionRunFacet(policyDecisionFields),
    };
    delete missing['outcome'];
    expect(validator.validateFacet(missing, 'ballast_policyDecision')).not.toEqual([]);
  });

  it('summarises the documents', () => {
    const model = modelVersionFacet(modelVersion);
    expect(model).toMatchObject({ name: 'churn-classifier', version: '3', approval: 'approved' });
    expect(model.artifacts).toEqual([{ path: 'model.onnx', sha256: 'a'.repeat(64), size: 10423 }]);

    const drift = driftReportFacet(driftReport);
    expect(drift).toMatchObject({ drifted: true, driftedColumns: 1, share: 0.5, currentRows: 800 });
    expect(drift.columns[1]).toMatchObject({
      column: 'plan',
      statistic: null,
      status: 'insufficient_data',
    });

    const validation = validationReportFacet(validationReport);
    expect(validation.failedExpectations).toEqual([
      {
        type: 'expect_column_values_to_be_between',
        column: 'tenure_months',
        severity: 'warning',
        code: 'VALUE_OUT_OF_RANGE',
      },
    ]);
  });

  it('builds every facet from the contracts facet specs, not a second declaration', () => {
    expect(ballastFacets.map(facet => [facet.key, facet.schemaName, facet.fields])).toEqual(
      Object.values(ballastFacetSpecs).map(spec => [spec.key, spec.schemaName, spec.fields]),
    );
    const envelope = ballastPolicyDecisionRunFacet(policyDecisionFields);
    expect(envelope).toMatchObject({ ...policyDecisionFields, _producer: expect.any(String) });
  });

  it('digests are stable under key order and serialisation', () => {
    expect(documentDigest(driftReport)).toBe(
      documentDigest({ ...Object.fromEntries(Object.entries(driftReport).reverse()) }),
    );
    expect(documentDigest(driftReport)).toMatch(/^[0-9a-f]{64}$/);
    expect(documentDigest({ a: 1, b: [1, { c: 2 }] })).toBe(
      documentDigest({ b: [1, { c: 2 }], a: 1 }),
    );
    expect(documentDigest({ a: 1 })).not.toBe(documentDigest({ a: 2 }));
    expect(documentDigest({ a: 1, b: undefined })).toBe(documentDigest({ a: 1 }));
  });

  it('rejects an invalid document with the contracts error naming the path', () => {
    const broken = { ...modelVersion, version: 'three' };
    expect(() => modelVersionFacet(broken)).toThrow(InvalidInputError);
    try {
      modelVersionFacet(broken);
    } catch (error) {
      expect((error as InvalidInputError).details?.['path']).toBe('version');
    }
    expect(() =>
      ballastPolicyDecisionRunFacet({ ...policyDecisionFields, outcome: 'maybe' as never }),
    ).toThrow(/outcome/);
  });
});

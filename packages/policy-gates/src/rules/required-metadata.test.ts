import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../__fixtures__/evidence';
import { contextOf, ruleOf } from '../__fixtures__/rules';
import { evaluateRequiredMetadata, readDottedPath } from './required-metadata';

describe('evaluateRequiredMetadata', () => {
  it('accepts a complete ballast profile', () => {
    expect(
      evaluateRequiredMetadata(ruleOf('required-metadata', { profile: 'ballast' }), contextOf())
        .status,
    ).toBe('pass');
  });

  it('treats blank strings, empty lists and empty objects as missing', () => {
    const evidence = makeEvidence({
      modelCard: {
        intendedUse: '  ',
        limitations: [],
        trainingData: {},
        evaluationData: 'x',
        license: 'MIT',
      },
    });
    const finding = evaluateRequiredMetadata(
      ruleOf('required-metadata', { profile: 'ballast' }),
      contextOf(evidence),
    );
    expect(finding.code).toBe('METADATA_MISSING');
    expect(finding.observed).toEqual({
      present: ['evaluationData', 'license'],
      missing: ['intendedUse', 'limitations', 'trainingData', 'owner'],
    });
  });

  it('reads Model Card Toolkit paths and extra dotted fields with array indexes', () => {
    const evidence = makeEvidence({
      modelCard: {
        model_details: { owners: [{ name: 'risk' }], licenses: [{ identifier: 'Apache-2.0' }] },
        model_parameters: { data: [{ name: 'train' }] },
        considerations: { use_cases: ['fraud review'], limitations: ['EU only'] },
      },
    });
    const rule = ruleOf('required-metadata', {
      profile: 'model-card-toolkit',
      fields: ['model_details.owners.0.name', 'model_details.version.name'],
    });
    const finding = evaluateRequiredMetadata(rule, contextOf(evidence));
    expect(finding.observed).toMatchObject({ missing: ['model_details.version.name'] });
    expect(readDottedPath({ a: [{ b: 1 }] }, 'a.0.b')).toBe(1);
  });

  it('fails closed without a model card', () => {
    expect(
      evaluateRequiredMetadata(
        ruleOf('required-metadata', { fields: ['license'] }),
        contextOf(makeEvidence({ modelCard: undefined })),
      ).code,
    ).toBe('EVIDENCE_MISSING');
  });

  it('counts only own fields, never prototype members such as constructor or toString', () => {
    const names = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__'];
    const rule = ruleOf('required-metadata', { fields: names });
    const finding = evaluateRequiredMetadata(
      rule,
      contextOf(makeEvidence({ modelCard: { license: [] } })),
    );
    expect(finding).toMatchObject({ status: 'fail', code: 'METADATA_MISSING' });
    expect((finding.observed as { missing: string[] }).missing).toEqual(names);
  });
});

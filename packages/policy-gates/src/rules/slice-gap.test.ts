import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../__fixtures__/evidence';
import { contextOf, ruleOf } from '../__fixtures__/rules';
import { evaluateSliceGap } from './slice-gap';

describe('evaluateSliceGap', () => {
  it('computes max − min across all slices', () => {
    const finding = evaluateSliceGap(
      ruleOf('slice-gap', { metric: 'recall', maxGap: 0.06 }),
      contextOf(),
    );
    expect(finding.status).toBe('pass');
    expect(finding.observed).toMatchObject({
      min: { slice: 'country=FR', value: 0.77 },
      max: { slice: 'country=US', value: 0.82 },
    });
    expect((finding.observed as { gap: number }).gap).toBeCloseTo(0.05, 12);
  });

  it('fails when the gap exceeds the bound, naming both slices', () => {
    const finding = evaluateSliceGap(
      ruleOf('slice-gap', { metric: 'recall', maxGap: 0.04 }),
      contextOf(),
    );
    expect(finding.code).toBe('SLICE_GAP_EXCEEDED');
    expect(finding.reason).toMatch(/country=US \(0\.82\) and country=FR \(0\.77\)/);
  });

  it('restricts to listed slices and fails closed on a missing one or fewer than two', () => {
    const listed = ruleOf('slice-gap', {
      metric: 'recall',
      slices: ['country=DE', 'country=US'],
      maxGap: 0.02,
    });
    expect(evaluateSliceGap(listed, contextOf()).status).toBe('pass');
    const missing = ruleOf('slice-gap', {
      metric: 'recall',
      slices: ['country=DE', 'country=IT'],
      maxGap: 1,
    });
    expect(evaluateSliceGap(missing, contextOf()).code).toBe('METRIC_MISSING');
    const single = makeEvidence({ metrics: [{ name: 'recall', value: 0.8, slice: 'a' }] });
    expect(
      evaluateSliceGap(ruleOf('slice-gap', { metric: 'recall', maxGap: 1 }), contextOf(single))
        .code,
    ).toBe('METRIC_MISSING');
    expect(
      evaluateSliceGap(
        ruleOf('slice-gap', { metric: 'recall', maxGap: 1 }),
        contextOf(makeEvidence({ metrics: undefined })),
      ).code,
    ).toBe('EVIDENCE_MISSING');
  });

  it('applies a min/max ratio bound (four-fifths rule) and fails closed on non-positive values', () => {
    const ratio = (minRatio: number) => ruleOf('slice-gap', { metric: 'recall', minRatio });
    const within = evaluateSliceGap(ratio(0.9), contextOf());
    expect(within.status).toBe('pass');
    expect((within.observed as { ratio: number }).ratio).toBeCloseTo(0.77 / 0.82, 12);
    expect(evaluateSliceGap(ratio(0.95), contextOf()).reason).toMatch(
      /ratio 0\.93\d+ between .* is below 0\.95/,
    );
    const negative = makeEvidence({
      metrics: [
        { name: 'lift', value: -0.1, slice: 'a' },
        { name: 'lift', value: 0.2, slice: 'b' },
      ],
    });
    const finding = evaluateSliceGap(
      ruleOf('slice-gap', { metric: 'lift', minRatio: 0.8 }),
      contextOf(negative),
    );
    expect(finding.code).toBe('SLICE_GAP_EXCEEDED');
    expect(finding.reason).toContain('undefined for non-positive values');
  });
});

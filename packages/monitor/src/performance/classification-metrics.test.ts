import { describe, expect, it } from 'vitest';
import { classificationMetrics } from './classification-metrics';
import { rocAuc } from './roc-auc';

describe('classificationMetrics', () => {
  it('computes the sklearn values of a small case', () => {
    // y = [1,1,0,0,1], ŷ = [1,0,0,1,1]: tp 2, fn 1, tn 1, fp 1
    const metrics = classificationMetrics(
      { truePositives: 2, falsePositives: 1, trueNegatives: 1, falseNegatives: 1 },
      { scores: [0.9, 0.4, 0.2, 0.6, 0.8], labels: [1, 1, 0, 0, 1] },
    );
    expect(metrics.accuracy).toBeCloseTo(0.6);
    expect(metrics.precision).toBeCloseTo(2 / 3);
    expect(metrics.recall).toBeCloseTo(2 / 3);
    expect(metrics.f1).toBeCloseTo(2 / 3);
    // sklearn.metrics.roc_auc_score([1,1,0,0,1],[0.9,0.4,0.2,0.6,0.8]) = 0.8333...
    expect(metrics.rocAuc).toBeCloseTo(5 / 6);
  });

  it('leaves undefined metrics out and counts ties half in ROC AUC', () => {
    expect(
      classificationMetrics({
        truePositives: 0,
        falsePositives: 0,
        trueNegatives: 3,
        falseNegatives: 0,
      }),
    ).toEqual({
      accuracy: 1,
    });
    expect(rocAuc([0.5, 0.5], [1, 0])).toBe(0.5);
    expect(rocAuc([0.5, 0.7], [1, 1])).toBeUndefined();
  });
});

import { seededRandom } from '@ballast/test-utils/seeded-random';
import { describe, expect, it } from 'vitest';
import { makeEvidence, now } from '../__fixtures__/evidence';
import { parsePolicy } from '../policy/load-policy';
import type { RuleInput, RuleOfKind } from '../policy/policy-schema';
import {
  compareMetric,
  evaluateMetricThreshold,
  normalizeMetricThreshold,
} from './metric-threshold';
import type { RuleContext } from './rule-finding';

function metricRule(fields: Record<string, unknown>): RuleOfKind<'metric-threshold'> {
  const rule = { id: 'm', description: 'd', kind: 'metric-threshold', metric: 'auc', ...fields };
  return parsePolicy({ name: 'p', rules: [rule as RuleInput] })
    .rules[0] as RuleOfKind<'metric-threshold'>;
}

function context(evidence = makeEvidence()): RuleContext {
  return { evidence, environment: 'production', now, predicates: {} };
}

/**
 * MLflow's `validate_evaluation_results` for one metric, written literally from the reference
 * (validation.py): cmp is >= or <=, op is + or −, relative change divides by the signed baseline,
 * and a zero baseline falls back to strict improvement by 1e-10.
 */
function mlflowOracle(
  config: { threshold?: number; mac?: number; mrc?: number; greaterIsBetter: boolean },
  candidate: number,
  baseline: number | undefined,
): boolean {
  const cmp = config.greaterIsBetter
    ? (a: number, b: number) => a >= b
    : (a: number, b: number) => a <= b;
  const op = config.greaterIsBetter
    ? (a: number, b: number) => a + b
    : (a: number, b: number) => a - b;
  if (config.threshold !== undefined && !cmp(candidate, config.threshold)) return false;
  if ((config.mrc !== undefined || config.mac !== undefined) && baseline === undefined)
    return false;
  if (config.mac !== undefined && !cmp(candidate, op(baseline!, config.mac))) return false;
  if (config.mrc !== undefined) {
    if (baseline === 0) return cmp(candidate, op(baseline, 1e-10));
    const relative = config.greaterIsBetter
      ? (candidate - baseline!) / baseline!
      : (baseline! - candidate) / baseline!;
    if (relative < config.mrc) return false;
  }
  return true;
}

describe('TFX value and change thresholds', () => {
  it('treats value bounds as inclusive', () => {
    const threshold = normalizeMetricThreshold(metricRule({ value: { lower: 0.8, upper: 0.9 } }));
    expect(compareMetric(threshold, 0.8, undefined).passed).toBe(true);
    expect(compareMetric(threshold, 0.9, undefined).passed).toBe(true);
    expect(compareMetric(threshold, 0.7999, undefined).code).toBe('THRESHOLD_NOT_MET');
    expect(compareMetric(threshold, 0.9001, undefined).problems[0]).toContain('upper bound 0.9');
  });

  it('expresses "at most 1% regression" with a negative relative bound (higher is better)', () => {
    const threshold = normalizeMetricThreshold(
      metricRule({ change: { direction: 'higher_is_better', relative: -0.01 } }),
    );
    expect(compareMetric(threshold, 0.9, 0.905).passed).toBe(true); // −0.55%
    expect(compareMetric(threshold, 0.89, 0.9).observed.relativeChange).toBeCloseTo(-0.0111, 4);
    expect(compareMetric(threshold, 0.89, 0.9).passed).toBe(false);
    expect(compareMetric(threshold, 0.95, 0.9).passed).toBe(true);
  });

  it('expresses "at most 0.02 rise" for a lower-is-better metric with a positive absolute bound', () => {
    const threshold = normalizeMetricThreshold(
      metricRule({ change: { direction: 'lower_is_better', absolute: 0.02 } }),
    );
    expect(compareMetric(threshold, 0.31, 0.3).passed).toBe(true);
    expect(compareMetric(threshold, 0.33, 0.3).passed).toBe(false);
  });

  it('requires improvement with a positive bound and limits suspicious gains by inverting direction', () => {
    const improve = normalizeMetricThreshold(
      metricRule({ change: { direction: 'higher_is_better', absolute: 0.01 } }),
    );
    expect(compareMetric(improve, 0.905, 0.9).passed).toBe(false);
    expect(compareMetric(improve, 0.915, 0.9).passed).toBe(true);
    const suspicious = normalizeMetricThreshold(
      metricRule({ change: { direction: 'lower_is_better', absolute: 0.05 } }),
    );
    expect(compareMetric(suspicious, 0.99, 0.9).passed).toBe(false);
  });

  it('divides by |baseline| so a negative baseline does not invert the test', () => {
    const threshold = normalizeMetricThreshold(
      metricRule({ change: { direction: 'higher_is_better', relative: 0.1 } }),
    );
    const comparison = compareMetric(threshold, -1, -2);
    expect(comparison.observed.relativeChange).toBe(0.5);
    expect(comparison.passed).toBe(true);
    // MLflow divides by the signed baseline: (−1 − −2) / −2 = −0.5 < 0.1, so it would fail.
    expect(mlflowOracle({ mrc: 0.1, greaterIsBetter: true }, -1, -2)).toBe(false);
  });

  it('fails closed with BASELINE_ZERO, or applies MLflow fallback when asked', () => {
    const deny = normalizeMetricThreshold(
      metricRule({ change: { direction: 'higher_is_better', relative: 0 } }),
    );
    expect(compareMetric(deny, 0.5, 0).code).toBe('BASELINE_ZERO');
    expect(compareMetric(deny, 0.5, 0).observed.relativeChange).toBeNull();
    const fallback = normalizeMetricThreshold(
      metricRule({
        min_relative_change: 0,
        greater_is_better: true,
        zeroBaseline: 'require-improvement',
      }),
    );
    for (const candidate of [0, 1e-11, 1e-10, 0.5, -0.5]) {
      expect(compareMetric(fallback, candidate, 0).passed).toBe(
        mlflowOracle({ mrc: 0, greaterIsBetter: true }, candidate, 0),
      );
    }
  });

  it('reports a missing baseline value as BASELINE_MISSING', () => {
    const threshold = normalizeMetricThreshold(
      metricRule({ change: { direction: 'higher_is_better', absolute: 0 } }),
    );
    expect(compareMetric(threshold, 0.9, undefined).code).toBe('BASELINE_MISSING');
  });
});

describe('MLflow shorthand', () => {
  it('translates to TFX form with the sign given by greater_is_better', () => {
    expect(
      normalizeMetricThreshold(
        metricRule({
          threshold: 0.3,
          min_absolute_change: 0.05,
          min_relative_change: 0.1,
          greater_is_better: false,
        }),
      ),
    ).toEqual({
      value: { upper: 0.3 },
      change: { direction: 'lower_is_better', absolute: -0.05, relative: -0.1 },
      zeroBaseline: 'deny',
      origin: 'mlflow',
    });
    expect(
      normalizeMetricThreshold(metricRule({ threshold: 0.8, higher_is_better: true })),
    ).toEqual({
      value: { lower: 0.8 },
      zeroBaseline: 'deny',
      origin: 'mlflow',
    });
  });

  it('agrees with MLflow on 4000 random cases with positive baselines', () => {
    const random = seededRandom(7);
    let disagreements = 0;
    let failures = 0;
    for (let index = 0; index < 4000; index += 1) {
      const greaterIsBetter = random.next() < 0.5;
      const config = {
        greaterIsBetter,
        ...(random.next() < 0.6 ? { threshold: random.next() } : {}),
        ...(random.next() < 0.6 ? { mac: 0.001 + random.next() * 0.1 } : {}),
        ...(random.next() < 0.6 ? { mrc: random.next() * 0.2 } : {}),
      };
      if (config.threshold === undefined && config.mac === undefined && config.mrc === undefined)
        continue;
      const baseline = 0.05 + random.next();
      const candidate = baseline + (random.next() - 0.5) * 0.4;
      const threshold = normalizeMetricThreshold(
        metricRule({
          ...(config.threshold === undefined ? {} : { threshold: config.threshold }),
          ...(config.mac === undefined ? {} : { min_absolute_change: config.mac }),
          ...(config.mrc === undefined ? {} : { min_relative_change: config.mrc }),
          greater_is_better: greaterIsBetter,
        }),
      );
      const expected = mlflowOracle(config, candidate, baseline);
      if (!expected) failures += 1;
      if (compareMetric(threshold, candidate, baseline).passed !== expected) disagreements += 1;
    }
    expect(disagreements).toBe(0);
    // Both outcomes occur, so the comparison is not vacuous.
    expect(failures).toBeGreaterThan(500);
    expect(failures).toBeLessThan(3500);
  });
});

describe('evaluateMetricThreshold', () => {
  it('passes and reports observed against expected', () => {
    const finding = evaluateMetricThreshold(
      metricRule({ change: { direction: 'higher_is_better', relative: -0.01 } }),
      context(),
    );
    expect(finding.status).toBe('pass');
    expect(finding.observed).toMatchObject({ value: 0.91, baseline: 0.9 });
    expect(finding.expected).toEqual({
      change: { direction: 'higher_is_better', relative: -0.01 },
      zeroBaseline: 'deny',
    });
  });

  it('fails closed on a missing metric, missing metrics and a missing baseline', () => {
    expect(
      evaluateMetricThreshold(metricRule({ metric: 'f1', value: { lower: 0 } }), context()).code,
    ).toBe('METRIC_MISSING');
    expect(
      evaluateMetricThreshold(
        metricRule({ value: { lower: 0 } }),
        context(makeEvidence({ metrics: undefined })),
      ).code,
    ).toBe('EVIDENCE_MISSING');
    expect(
      evaluateMetricThreshold(
        metricRule({ change: { direction: 'higher_is_better', absolute: 0 } }),
        context(makeEvidence({ baseline: undefined })),
      ).code,
    ).toBe('BASELINE_MISSING');
    const noBaselineAuc = makeEvidence();
    noBaselineAuc.baseline!.metrics = noBaselineAuc.baseline!.metrics.filter(
      metric => metric.name !== 'auc',
    );
    expect(
      evaluateMetricThreshold(
        metricRule({ change: { direction: 'higher_is_better', absolute: 0 } }),
        context(noBaselineAuc),
      ).code,
    ).toBe('BASELINE_MISSING');
  });

  it('fails closed on two values for the same metric', () => {
    const evidence = makeEvidence({
      metrics: [
        { name: 'auc', value: 0.9, dataset: 'a' },
        { name: 'auc', value: 0.7, dataset: 'b' },
      ],
    });
    expect(
      evaluateMetricThreshold(metricRule({ value: { lower: 0.8 } }), context(evidence)).code,
    ).toBe('METRIC_AMBIGUOUS');
    expect(
      evaluateMetricThreshold(
        metricRule({ value: { lower: 0.8 }, dataset: 'b' }),
        context(evidence),
      ).status,
    ).toBe('fail');
  });

  it('checks every slice and names the failing ones', () => {
    const all = evaluateMetricThreshold(
      metricRule({ metric: 'recall', slices: '*', value: { lower: 0.78 } }),
      context(),
    );
    expect(all.status).toBe('fail');
    expect(all.reason).toContain('recall [country=FR]');
    expect(all.reason).not.toContain('country=DE');
    expect(Object.keys(all.observed as object)).toEqual(['country=DE', 'country=FR', 'country=US']);
    const listed = evaluateMetricThreshold(
      metricRule({ metric: 'recall', slices: ['country=DE', 'country=IT'], value: { lower: 0.5 } }),
      context(),
    );
    expect(listed.code).toBe('METRIC_MISSING');
    expect(listed.reason).toContain('country=IT');
    const perSliceChange = evaluateMetricThreshold(
      metricRule({
        metric: 'recall',
        slices: '*',
        change: { direction: 'higher_is_better', absolute: -0.005 },
      }),
      context(),
    );
    expect(perSliceChange.status).toBe('fail');
    expect(perSliceChange.reason).toMatch(/country=FR.*-0\.01/);
  });

  it('fails closed when "*" matches no slice', () => {
    expect(
      evaluateMetricThreshold(metricRule({ slices: '*', value: { lower: 0 } }), context()).code,
    ).toBe('METRIC_MISSING');
  });
});

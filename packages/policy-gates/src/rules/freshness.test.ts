import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../__fixtures__/evidence';
import { contextOf, ruleOf } from '../__fixtures__/rules';
import { evaluateFreshness } from './freshness';

describe('evaluateFreshness', () => {
  it('uses the injected clock (fixture: evaluated one day before now)', () => {
    expect(evaluateFreshness(ruleOf('freshness', { maxAge: 'P1D' }), contextOf()).status).toBe(
      'pass',
    );
    const stale = evaluateFreshness(ruleOf('freshness', { maxAge: '23h' }), contextOf());
    expect(stale.code).toBe('EVALUATION_STALE');
    expect(stale.observed).toMatchObject({ age: '1d' });
  });

  it('fails on timestamps beyond the clock skew and closed without evaluatedAt', () => {
    const future = makeEvidence({ evaluatedAt: '2026-11-20T12:10:00.000Z' });
    expect(evaluateFreshness(ruleOf('freshness', { maxAge: '7d' }), contextOf(future)).code).toBe(
      'EVALUATION_IN_FUTURE',
    );
    expect(
      evaluateFreshness(
        ruleOf('freshness', { maxAge: '7d', maxClockSkew: '15m' }),
        contextOf(future),
      ).status,
    ).toBe('pass');
    expect(
      evaluateFreshness(
        ruleOf('freshness', { maxAge: '7d' }),
        contextOf(makeEvidence({ evaluatedAt: undefined })),
      ).code,
    ).toBe('EVIDENCE_MISSING');
  });
});

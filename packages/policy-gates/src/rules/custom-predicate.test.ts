import { describe, expect, it } from 'vitest';
import { contextOf, ruleOf } from '../__fixtures__/rules';
import { evaluateCustomPredicate } from './custom-predicate';
import type { CustomPredicate } from './rule-finding';

const latency: CustomPredicate = ({ evidence, params }) => ({
  pass: Number(evidence.attributes?.p99LatencyMs) <= Number(params.maxMs),
  observed: evidence.attributes?.p99LatencyMs,
  expected: { maxMs: params.maxMs },
});

const rule = (params: Record<string, unknown> = { maxMs: 50 }) =>
  ruleOf('custom', { predicate: 'latency', params });

describe('evaluateCustomPredicate', () => {
  it('fails closed without evidence', () => {
    const finding = evaluateCustomPredicate(rule(), {
      ...contextOf(),
      evidence: undefined,
      predicates: { latency },
    });
    expect(finding).toMatchObject({ status: 'fail', code: 'EVIDENCE_MISSING' });
  });

  it('evaluates object and boolean results', () => {
    const passed = evaluateCustomPredicate(rule(), { ...contextOf(), predicates: { latency } });
    expect(passed).toMatchObject({ status: 'pass', observed: 42, expected: { maxMs: 50 } });
    const failed = evaluateCustomPredicate(rule({ maxMs: 10 }), {
      ...contextOf(),
      predicates: { latency },
    });
    expect(failed).toMatchObject({ status: 'fail', code: 'PREDICATE_FAILED' });
    const boolean = evaluateCustomPredicate(rule(), {
      ...contextOf(),
      predicates: { latency: () => false },
    });
    expect(boolean.status).toBe('fail');
  });

  it('turns throws, promises, bad results and unknown names into errors', () => {
    const run = (predicate: CustomPredicate) =>
      evaluateCustomPredicate(rule(), { ...contextOf(), predicates: { latency: predicate } });
    expect(
      run(() => {
        throw new Error('boom');
      }),
    ).toMatchObject({
      status: 'error',
      code: 'PREDICATE_THREW',
      reason: 'Predicate "latency" threw: boom',
    });
    expect(run((() => Promise.resolve(true)) as unknown as CustomPredicate)).toMatchObject({
      status: 'error',
      code: 'PREDICATE_INVALID_RESULT',
    });
    expect(run((() => 'yes') as unknown as CustomPredicate).code).toBe('PREDICATE_INVALID_RESULT');
    const unknown = evaluateCustomPredicate(rule(), contextOf());
    expect(unknown).toMatchObject({ status: 'error', code: 'PREDICATE_NOT_REGISTERED' });
    expect(unknown.reason).toContain('registered: none');
  });

  it('gives the predicate a copy, so mutating the evidence changes nothing', () => {
    const context = contextOf();
    const mutating: CustomPredicate = ({ evidence }) => {
      evidence.metrics!.length = 0;
      return true;
    };
    evaluateCustomPredicate(rule(), { ...context, predicates: { latency: mutating } });
    expect(context.evidence!.metrics!.length).toBe(5);
  });

  it('never calls a prototype member as a predicate', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']) {
      const finding = evaluateCustomPredicate(ruleOf('custom', { predicate: name }), contextOf());
      expect(finding).toMatchObject({ status: 'error', code: 'PREDICATE_NOT_REGISTERED' });
    }
  });
});

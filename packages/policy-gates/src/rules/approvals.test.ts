import type { Approval } from '@ballast/contracts';
import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../__fixtures__/evidence';
import { contextOf, ruleOf } from '../__fixtures__/rules';
import { evaluateApprovals } from './approvals';

const approval = (approver: string, at: string, extra: Partial<Approval> = {}): Approval => ({
  approver,
  decision: 'approved',
  groups: ['ml-leads'],
  at: `2026-11-19T${at}:00.000Z`,
  ...extra,
});

const rule = ruleOf('approvals', { minApprovers: 2, allowedGroups: ['ml-leads'] });

describe('evaluateApprovals', () => {
  it('counts distinct approvers from the allowed group', () => {
    const finding = evaluateApprovals(rule, contextOf());
    expect(finding.status).toBe('pass');
    expect(finding.observed).toMatchObject({ approvers: ['bob@example.com', 'carol@example.com'] });
  });

  it('ignores the author, outsiders and duplicate approvals by one person', () => {
    const evidence = makeEvidence({
      approvals: [
        approval('Alice@Example.com', '10:00'),
        approval('bob@example.com', '11:00'),
        approval('BOB@example.com ', '12:00'),
        approval('dave@example.com', '13:00', { groups: ['interns'] }),
      ],
    });
    const finding = evaluateApprovals(rule, contextOf(evidence));
    expect(finding.code).toBe('APPROVALS_INSUFFICIENT');
    expect(finding.reason).toContain('1 of 2');
    expect(finding.reason).toContain('Alice@Example.com (author)');
    expect(finding.reason).toContain('dave@example.com (not in ml-leads)');
  });

  it('lets a standing rejection veto, and a later approval lift it', () => {
    const rejected = makeEvidence({
      approvals: [
        approval('bob@example.com', '10:00'),
        approval('carol@example.com', '11:00'),
        approval('erin@example.com', '12:00', { decision: 'rejected', groups: [] }),
      ],
    });
    expect(evaluateApprovals(rule, contextOf(rejected)).code).toBe('APPROVAL_REJECTED');
    const changedMind = makeEvidence({
      approvals: [
        approval('bob@example.com', '10:00', { decision: 'rejected' }),
        approval('bob@example.com', '11:00'),
        approval('carol@example.com', '11:00'),
      ],
    });
    expect(evaluateApprovals(rule, contextOf(changedMind)).status).toBe('pass');
  });

  it('treats a rejected registry status as a veto', () => {
    const evidence = makeEvidence();
    evidence.modelVersion!.approval = 'rejected';
    const finding = evaluateApprovals(rule, contextOf(evidence));
    expect(finding.code).toBe('APPROVAL_REJECTED');
    expect(finding.reason).toBe('Rejected by (registry status).');
  });

  it('fails closed on an unknown author or missing approvals', () => {
    expect(evaluateApprovals(rule, contextOf(makeEvidence({ author: undefined }))).code).toBe(
      'AUTHOR_UNKNOWN',
    );
    const withoutAuthorCheck = ruleOf('approvals', { minApprovers: 1, forbidAuthor: false });
    expect(
      evaluateApprovals(withoutAuthorCheck, contextOf(makeEvidence({ author: undefined }))).status,
    ).toBe('pass');
    expect(evaluateApprovals(rule, contextOf(makeEvidence({ approvals: undefined }))).code).toBe(
      'EVIDENCE_MISSING',
    );
  });
});

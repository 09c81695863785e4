import type { Approval } from '@ballast/contracts';
import {
  evidenceMissing,
  failed,
  listForMessage,
  passed,
  type RuleEvaluator,
  reasonCodes,
} from './rule-finding';

// Identities are compared trimmed and lowercased so "Ana@x.io" and "ana@x.io" are one person.
function identity(name: string): string {
  return name.trim().toLowerCase();
}

function latestPerApprover(approvals: readonly Approval[]): Map<string, Approval> {
  const latest = new Map<string, Approval>();
  for (const approval of approvals) {
    const key = identity(approval.approver);
    const previous = latest.get(key);
    if (!previous || Date.parse(approval.at) >= Date.parse(previous.at)) latest.set(key, approval);
  }
  return latest;
}

/**
 * Evaluates `approvals` rules. Only each person's latest decision counts. Any standing
 * rejection vetoes, as does a model version whose registry approval status is `rejected`. An approval counts when its approver is not the author (with
 * `forbidAuthor`, the default; an unknown author then fails closed) and belongs to one of
 * `allowedGroups` when set; at least `minApprovers` distinct people must count.
 */
export const evaluateApprovals: RuleEvaluator<'approvals'> = (rule, context) => {
  const expected = {
    minApprovers: rule.minApprovers,
    forbidAuthor: rule.forbidAuthor,
    ...(rule.allowedGroups ? { allowedGroups: rule.allowedGroups } : {}),
  };
  const approvals = context.evidence?.approvals;
  if (!approvals) return evidenceMissing('approvals', expected);
  const author = context.evidence?.author;
  if (rule.forbidAuthor && (author === undefined || author.trim() === '')) {
    return failed(
      reasonCodes.authorUnknown,
      'The evidence does not name the author, so self-approval cannot be excluded; the gate fails closed.',
      { expected },
    );
  }
  const latest = [...latestPerApprover(approvals).values()];
  const rejectedBy = latest
    .filter(approval => approval.decision === 'rejected')
    .map(a => a.approver);
  const ignored: string[] = [];
  const counted: string[] = [];
  for (const approval of latest) {
    if (approval.decision !== 'approved') continue;
    if (
      rule.forbidAuthor &&
      author !== undefined &&
      identity(approval.approver) === identity(author)
    ) {
      ignored.push(`${approval.approver} (author)`);
    } else if (
      rule.allowedGroups &&
      !(approval.groups ?? []).some(group => rule.allowedGroups!.includes(group))
    ) {
      ignored.push(`${approval.approver} (not in ${rule.allowedGroups.join('/')})`);
    } else {
      counted.push(approval.approver);
    }
  }
  if (context.evidence?.modelVersion?.approval === 'rejected') rejectedBy.push('(registry status)');
  const observed = { approvers: counted, ignored, rejectedBy };
  if (rejectedBy.length > 0) {
    return failed(reasonCodes.approvalRejected, `Rejected by ${listForMessage(rejectedBy)}.`, {
      observed,
      expected,
    });
  }
  if (counted.length < rule.minApprovers) {
    const ignoredNote = ignored.length > 0 ? ` Not counted: ${listForMessage(ignored)}.` : '';
    return failed(
      reasonCodes.approvalsInsufficient,
      `${counted.length} of ${rule.minApprovers} required approval(s).${ignoredNote}`,
      { observed, expected },
    );
  }
  return passed(`Approved by ${listForMessage(counted)}.`, { observed, expected });
};

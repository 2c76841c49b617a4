/**
 * Invariant: the agency head decides on a transfer report within 3 days of its submission.
 * Source: Decree 310 art. 5 (移送前审批, 3 days). Yellow once the period's last day has begun (the 3rd
 * day, or the working day a holiday moved the end to), red past the due time (24:00 of that day).
 * (A refusal without a reason cannot happen: the workflow refuses it as BAD_USER_INPUT.)
 */
import type { WarningRule } from '../types';
import { clockFinding, clockLevel, openClock } from './clockRule';

export const approvalOverdue: WarningRule = {
  name: 'APPROVAL_OVERDUE',
  code: 'W310-05-APPROVAL',
  title: 'Transfer approval overdue',
  article: 'Decree 310 art. 5',
  curedReason: 'the agency head decided on the transfer report',
  evaluate(facts, now, config) {
    const clock = openClock(facts, 'APPROVAL');
    return clockFinding(clockLevel(clock, now, 'APPROVAL', config), 'HANDLING_AGENCY', clock, now, 'transfer report without a decision by the agency head (Decree 310 art. 5)');
  },
};

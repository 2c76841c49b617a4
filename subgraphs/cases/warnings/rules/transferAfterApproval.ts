/**
 * Invariant: an approved transfer reaches the police at the same level within 24 hours.
 * Source: Decree 310 art. 5–6. Yellow once the 24 h have passed (the due time), red 48 h after it
 * (past 72 h from the approval).
 */
import type { WarningRule } from '../types';
import { clockFinding, clockLevel, openClock } from './clockRule';

export const transferAfterApproval: WarningRule = {
  name: 'TRANSFER_AFTER_APPROVAL',
  code: 'W310-06-TRANSFER',
  title: 'Approved case not transferred',
  article: 'Decree 310 art. 5–6',
  curedReason: 'the case was transferred to the police',
  evaluate(facts, now, config) {
    const clock = openClock(facts, 'TRANSFER');
    return clockFinding(clockLevel(clock, now, 'TRANSFER', config), 'HANDLING_AGENCY', clock, now, 'approved transfer not sent to the police (Decree 310 art. 5–6)');
  },
};

/**
 * Invariant: the police decide a reconsideration request within 3 days. Source: Decree 310 art. 9.
 * Yellow past the 3 days (the due time), red 4 days after it (past 7 days).
 */
import type { WarningRule } from '../types';
import { clockFinding, clockLevel, openClock } from './clockRule';

export const reconsiderationDecision: WarningRule = {
  name: 'RECONSIDERATION_DECISION',
  code: 'W310-09-RECONSIDERATION',
  title: 'Reconsideration decision overdue',
  article: 'Decree 310 art. 9',
  curedReason: 'the police decided the reconsideration',
  evaluate(facts, now, config) {
    const clock = openClock(facts, 'RECONSIDERATION_DECISION');
    return clockFinding(clockLevel(clock, now, 'RECONSIDERATION_DECISION', config), 'RECEIVING_POLICE', clock, now, 'reconsideration not decided (Decree 310 art. 9)');
  },
};

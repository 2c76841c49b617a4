/**
 * Invariant: the police decide to file or not within 3 days of accepting a transferred case.
 * Source: Decree 310 art. 8. Yellow once the 3 days have passed (the due time), red 4 days after it
 * (past 7 days): the case is then for the procuratorate (CPR 562: it may demand the reasons for the
 * missed decision).
 */
import type { WarningRule } from '../types';
import { clockFinding, clockLevel, openClock } from './clockRule';

export const filingDecision: WarningRule = {
  name: 'FILING_DECISION',
  code: 'W310-08-FILING',
  title: 'Filing decision overdue',
  article: 'Decree 310 art. 8; CPR 562',
  curedReason: 'the police decided on filing',
  evaluate(facts, now, config) {
    const clock = openClock(facts, 'FILING_DECISION');
    const level = clockLevel(clock, now, 'FILING_DECISION', config);
    const what = level === 'RED' ? 'no filing decision (Decree 310 art. 8); for the procuratorate (CPR 562)' : 'no filing decision (Decree 310 art. 8)';
    return clockFinding(level, 'RECEIVING_POLICE', clock, now, what);
  },
};

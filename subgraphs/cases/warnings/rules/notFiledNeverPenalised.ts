/**
 * Invariant: when the police do not file for good, the agency still imposes the administrative
 * penalty that is due. Source: Decree 310 art. 10. Yellow past the PENALTY clock's due time (X days
 * from when the non-filing became final; X = 30 days [design, CASES_DEADLINE_PENALTY]), red once
 * the same X days have run again after it (2X). One number: the clock's own period.
 */
import type { WarningRule } from '../types';
import { clockFinding, clockLevel, openClock } from './clockRule';

export const notFiledNeverPenalised: WarningRule = {
  name: 'NOT_FILED_NEVER_PENALISED',
  code: 'W310-10-PENALTY',
  title: 'Not filed and never penalised',
  article: 'Decree 310 art. 10',
  curedReason: 'the administrative penalty was imposed, or the case moved on',
  evaluate(facts, now, config) {
    const clock = openClock(facts, 'PENALTY');
    return clockFinding(clockLevel(clock, now, 'PENALTY', config), 'HANDLING_AGENCY', clock, now, 'not filed by the police and no administrative penalty imposed (Decree 310 art. 10)');
  },
};

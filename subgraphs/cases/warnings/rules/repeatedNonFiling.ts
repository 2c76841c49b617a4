/**
 * Invariant: non-filing is the exception. A police unit that declines to file again and again, or
 * cases about one party that are never filed, call for filing supervision. Source: Decree 310
 * art. 8–9 and 17; CPR 560. On a case the police declined to file: yellow when the same police
 * unit declined at least N cases in the repeat period, or cases with the same party were declined
 * N times (CASES_WARN_REPEAT_COUNT, CASES_WARN_REPEAT_PERIOD_DAYS); red when the reconsideration
 * upheld the non-filing as well.
 */
import type { Stage } from '../../workflow/stages';
import type { WarningRule } from '../types';

/** Stages of a case whose non-filing stands (before the procuratorate takes it up or it is filed). */
const NOT_FILED: readonly Stage[] = ['NOT_FILED', 'RECONSIDERATION_REQUESTED', 'RECONSIDERATION_UPHELD', 'SUPERVISION_REQUESTED'];
const UPHELD: readonly Stage[] = ['RECONSIDERATION_UPHELD', 'SUPERVISION_REQUESTED'];

export const repeatedNonFiling: WarningRule = {
  name: 'REPEATED_NON_FILING',
  code: 'W310-17-NONFILING',
  title: 'Repeated non-filing',
  article: 'Decree 310 art. 8–9, 17; CPR 560',
  curedReason: 'the case was filed or taken up by filing supervision',
  evaluate(facts, _now, config) {
    if (!NOT_FILED.includes(facts.stage)) return null;
    const byPolice = facts.policeNonFilings >= config.repeatCount;
    const byParty = facts.partyNonFilings >= config.repeatCount;
    if (!byPolice && !byParty) return null;
    const what = [
      byPolice ? `${facts.policeNonFilings} non-filings by the same police unit` : null,
      byParty ? `${facts.partyNonFilings} non-filings for the same party` : null,
    ]
      .filter(Boolean)
      .join(' and ');
    const upheld = UPHELD.includes(facts.stage);
    return { level: upheld ? 'RED' : 'YELLOW', responsible: 'RECEIVING_POLICE', reason: `${what} within ${config.repeatPeriodDays} days${upheld ? '; reconsideration upheld the non-filing too' : ''} (Decree 310 art. 17)` };
  },
};

/**
 * Invariant: an agency that finds a suspected crime transfers it; it may not impose a penalty
 * instead (以罚代刑). Source: Decree 310 art. 11 (and art. 16: correction and notification; CPR 557:
 * the procuratorate may advise transfer). On the agency's penalty records of a case never
 * transferred: yellow when one penalty reaches CASES_WARN_PENALTY_SHARE (80 %) of the sector's
 * criminal threshold, or the agency's penalties on one party (same unified social credit code or
 * ID number) within the split period add up past the threshold; red when one penalty alone
 * reaches the threshold.
 */
import type { WarningRule } from '../types';

const yuan = (n: number) => `¥${n.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

export const penaltyInsteadOfTransfer: WarningRule = {
  name: 'PENALTY_INSTEAD_OF_TRANSFER',
  code: 'W310-11-PENALTY-INSTEAD',
  title: 'Suspected penalty instead of transfer',
  article: 'Decree 310 art. 11; CPR 557',
  curedReason: 'the case was transferred to the police',
  evaluate(facts, _now, config) {
    if (facts.transferred || !facts.penalties.length) return null;
    const threshold = config.penaltyThresholds[facts.sector];
    const largest = Math.max(...facts.penalties.map((p) => p.amount));
    if (largest >= threshold) {
      return { level: 'RED', responsible: 'HANDLING_AGENCY', reason: `a penalty of ${yuan(largest)} reaches the ${facts.sector} criminal threshold of ${yuan(threshold)} and the case was not transferred (Decree 310 art. 11)` };
    }
    if (largest >= threshold * config.penaltyShare) {
      return { level: 'YELLOW', responsible: 'HANDLING_AGENCY', reason: `a penalty of ${yuan(largest)} is ${Math.round((largest / threshold) * 100)} % of the ${facts.sector} criminal threshold of ${yuan(threshold)} (Decree 310 art. 11)` };
    }
    if (facts.partyPenaltySum >= threshold) {
      return {
        level: 'YELLOW',
        responsible: 'HANDLING_AGENCY',
        reason: `split penalties on one party add up to ${yuan(facts.partyPenaltySum)} within ${config.splitPeriodDays} days, past the ${facts.sector} criminal threshold of ${yuan(threshold)} (Decree 310 art. 11)`,
      };
    }
    return null;
  },
};

/**
 * Invariant: an agency that finds a suspected crime transfers it; it may not impose a penalty
 * instead (以罚代刑). Source: Decree 310 art. 11 (and art. 16: correction and notification; CPR 557:
 * the procuratorate may advise transfer). On the penalties of a case never transferred (its own
 * records, or the register penalties a proposal carries, decision 94), each compared with its
 * threshold entry of the 立案追诉标准 (thresholds.ts, named in the reason): red when one penalty
 * alone reaches the threshold; yellow when one reaches CASES_WARN_PENALTY_SHARE (80 %) of it, when
 * penalties on one party (same unified social credit code or ID number) within the split period add
 * up past it (across the agency's cases, or within any split period among the case's own), or when
 * CASES_WARN_PENALTY_REPEAT_COUNT penalties on one party for the same offence fall within the repeat
 * period (Criminal Law art. 153 and art. 201 treat repeated administrative penalties so).
 */
import type { Sector } from '../../../../schema/vocabulary';
import type { WarningsConfig } from '../config';
import { entryKey, thresholdFor, type ThresholdEntry } from '../thresholds';
import type { Finding, PenaltyFact, WarningRule } from '../types';

const yuan = (n: number) => `¥${n.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
const DAY = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
const partyOf = (p: PenaltyFact) => p.partyCreditCode ?? p.partyIdNumber ?? null;

/** The largest sum of amounts whose decision dates fall within `days` days of the first of them. */
export function largestWindow(ps: readonly PenaltyFact[], days: number): { sum: number; count: number } {
  const sorted = [...ps].sort((a, b) => a.decidedOn.localeCompare(b.decidedOn));
  let best = { sum: 0, count: 0 };
  for (let i = 0; i < sorted.length; i++) {
    const start = dayNumber(sorted[i]!.decidedOn);
    let sum = 0;
    let count = 0;
    for (let j = i; j < sorted.length && dayNumber(sorted[j]!.decidedOn) - start < days; j++) {
      sum += sorted[j]!.amount;
      count++;
    }
    if (sum > best.sum || (sum === best.sum && count > best.count)) best = { sum, count };
  }
  return best;
}

const groupBy = <T>(xs: readonly T[], key: (x: T) => string | null) => {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    if (k !== null) out.set(k, [...(out.get(k) ?? []), x]);
  }
  return out;
};

const cite = (e: ThresholdEntry) => `the ${e.sector}${e.offence ? ` (${e.offence})` : ''} criminal threshold of ${yuan(e.yuan)} (${e.source})`;

/** The finding over a set of penalties in one sector, never transferred; exported for the register's proposals (register/detect.ts). */
export function penaltyFinding(sector: Sector, penalties: readonly PenaltyFact[], partyPenaltySum: number, config: WarningsConfig): Finding | null {
  if (!penalties.length) return null;
  const judged = penalties.map((p) => ({ p, entry: thresholdFor(config.thresholdTable, sector, p.offence) }));
  const red = judged.filter(({ p, entry }) => p.amount >= entry.yuan).sort((a, b) => b.p.amount - a.p.amount)[0];
  if (red) return { level: 'RED', responsible: 'HANDLING_AGENCY', reason: `a penalty of ${yuan(red.p.amount)} reaches ${cite(red.entry)} and the case was not transferred (Decree 310 art. 11)` };
  const near = judged.filter(({ p, entry }) => p.amount >= entry.yuan * config.penaltyShare).sort((a, b) => b.p.amount - a.p.amount)[0];
  if (near) return { level: 'YELLOW', responsible: 'HANDLING_AGENCY', reason: `a penalty of ${yuan(near.p.amount)} is ${Math.round((near.p.amount / near.entry.yuan) * 100)} % of ${cite(near.entry)} (Decree 310 art. 11)` };
  const sectorEntry = thresholdFor(config.thresholdTable, sector, null);
  const split = (sum: number, entry: ThresholdEntry): Finding => ({
    level: 'YELLOW',
    responsible: 'HANDLING_AGENCY',
    reason: `split penalties on one party add up to ${yuan(sum)} within ${config.splitPeriodDays} days, past ${cite(entry)} (Decree 310 art. 11)`,
  });
  if (partyPenaltySum >= sectorEntry.yuan) return split(partyPenaltySum, sectorEntry);
  // Within the case's own penalties: per party and threshold entry, any split period.
  for (const group of groupBy(judged, ({ p, entry }) => (partyOf(p) ? `${partyOf(p)}|${entryKey(entry)}` : null)).values()) {
    const { sum } = largestWindow(group.map((g) => g.p), config.splitPeriodDays);
    if (sum >= group[0]!.entry.yuan) return split(sum, group[0]!.entry);
  }
  for (const group of groupBy(penalties, (p) => (partyOf(p) && p.offence ? `${partyOf(p)}|${p.offence.trim()}` : null)).values()) {
    const { count } = largestWindow(group.map((p) => ({ ...p, amount: 1 })), config.penaltyRepeatPeriodDays);
    if (count >= config.penaltyRepeatCount) {
      return {
        level: 'YELLOW',
        responsible: 'HANDLING_AGENCY',
        reason: `${count} penalties on one party for the same offence (${group[0]!.offence!.trim()}) within ${config.penaltyRepeatPeriodDays} days: repeated penalties instead of transfer (Decree 310 art. 11; cf. Criminal Law art. 153, art. 201)`,
      };
    }
  }
  return null;
}

export const penaltyInsteadOfTransfer: WarningRule = {
  name: 'PENALTY_INSTEAD_OF_TRANSFER',
  code: 'W310-11-PENALTY-INSTEAD',
  title: 'Suspected penalty instead of transfer',
  article: 'Decree 310 art. 11; CPR 557',
  curedReason: 'the case was transferred to the police',
  evaluate(facts, _now, config) {
    if (facts.transferred) return null;
    return penaltyFinding(facts.sector, facts.penalties, facts.partyPenaltySum, config);
  },
};

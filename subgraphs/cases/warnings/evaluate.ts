import type { WarningsConfig } from './config';
import { RULES } from './rules/index';
import { OPEN_STEPS, type LoopStep } from './tables';
import { levelRank, type CaseFacts, type Finding, type Level, type RuleName, type WarningRule } from './types';

/**
 * The rules engine in one pure function: every rule over one case's facts at one time, compared with
 * the warnings the case already has, gives the changes to write. A rule that first holds raises a
 * warning; a yellow whose rule now says red escalates; an open warning whose rule no longer holds is
 * resolved by the system (its cause was cured). A level never goes down while a warning is open,
 * and a warning a supervisor closed is not raised again at the same or a lower level.
 */
export interface KnownWarning {
  id: string;
  rule: RuleName;
  level: Level;
  step: LoopStep;
  raisedAt: Date;
}

export type Change =
  | { kind: 'RAISE'; rule: WarningRule; finding: Finding }
  | { kind: 'ESCALATE'; rule: WarningRule; warningId: string; finding: Finding }
  | { kind: 'RESOLVE'; rule: WarningRule; warningId: string };

export const isOpen = (w: { step: LoopStep }) => OPEN_STEPS.includes(w.step);

/** The latest warning of each rule (open ones first: at most one is open per case and rule). */
export function latestByRule(known: readonly KnownWarning[]): Map<RuleName, KnownWarning> {
  const out = new Map<RuleName, KnownWarning>();
  for (const w of known) {
    const cur = out.get(w.rule);
    if (!cur || (isOpen(w) && !isOpen(cur)) || (isOpen(w) === isOpen(cur) && w.raisedAt > cur.raisedAt)) out.set(w.rule, w);
  }
  return out;
}

export function evaluateCase(
  facts: CaseFacts,
  known: readonly KnownWarning[],
  now: Date,
  config: WarningsConfig,
  rules: readonly WarningRule[] = RULES,
): Change[] {
  const latest = latestByRule(known);
  const changes: Change[] = [];
  for (const rule of rules) {
    const finding = rule.evaluate(facts, now, config);
    const last = latest.get(rule.name);
    if (last && isOpen(last)) {
      if (!finding) changes.push({ kind: 'RESOLVE', rule, warningId: last.id });
      else if (levelRank(finding.level) > levelRank(last.level)) changes.push({ kind: 'ESCALATE', rule, warningId: last.id, finding });
      continue;
    }
    if (!finding) continue;
    if (last?.step === 'CLOSED' && levelRank(last.level) >= levelRank(finding.level)) continue;
    changes.push({ kind: 'RAISE', rule, finding });
  }
  return changes;
}

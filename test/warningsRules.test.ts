import { describe, expect, it } from 'vitest';
import { DEFAULT_WARNINGS_CONFIG, loadWarningsConfig } from '../subgraphs/cases/warnings/config';
import { evaluateCase, type KnownWarning } from '../subgraphs/cases/warnings/evaluate';
import { ancestorDivision, parentDivision } from '../subgraphs/cases/warnings/divisions';
import { isReplyOverdue, planLoopStep, type LoopActor } from '../subgraphs/cases/warnings/loop';
import { RULES } from '../subgraphs/cases/warnings/rules/index';
import { approvalOverdue } from '../subgraphs/cases/warnings/rules/approvalOverdue';
import { filingDecision } from '../subgraphs/cases/warnings/rules/filingDecision';
import { goodsHandover } from '../subgraphs/cases/warnings/rules/goodsHandover';
import { notFiledNeverPenalised } from '../subgraphs/cases/warnings/rules/notFiledNeverPenalised';
import { penaltyInsteadOfTransfer } from '../subgraphs/cases/warnings/rules/penaltyInsteadOfTransfer';
import { policeReceipt } from '../subgraphs/cases/warnings/rules/policeReceipt';
import { reconsiderationDecision } from '../subgraphs/cases/warnings/rules/reconsiderationDecision';
import { repeatedNonFiling } from '../subgraphs/cases/warnings/rules/repeatedNonFiling';
import { reverseLinkageReply } from '../subgraphs/cases/warnings/rules/reverseLinkageReply';
import { transferAfterApproval } from '../subgraphs/cases/warnings/rules/transferAfterApproval';
import type { WarningRow } from '../subgraphs/cases/warnings/tables';
import { RULE_NAMES } from '../subgraphs/cases/warnings/types';
import { readFileSync } from 'node:fs';
import { at, clock, DAY, expectLevels, facts, HOUR, level, T0 } from './warningsHarness';

describe('warning rules: yellow and red points (shared/domain.md table)', () => {
  it('every rule opens with its invariant and legal article, and has a unique name and code', () => {
    expect(RULES.map((r) => r.name)).toEqual([...RULE_NAMES]);
    expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
    for (const r of RULES) {
      const file = readFileSync(new URL(`../subgraphs/cases/warnings/rules/${r.name.toLowerCase().replace(/_(\w)/g, (_, c) => c.toUpperCase())}.ts`, import.meta.url), 'utf8');
      expect(file.startsWith('/**\n * Invariant:'), r.name).toBe(true);
      expect(file).toContain(r.article.split(';')[0]!.split(' art.')[0]);
    }
  });

  // T0 is Monday 2 Nov 2026, 10:00 Beijing. A 3-day clock started then is due at 24:00 of Thursday
  // 5 Nov (2026-11-05T16:00Z, 86 h after T0); its last day begins at 00:00 of Thursday (62 h).
  // test/warningTiming.test.ts pins the same points to the millisecond and across holidays.
  it('approval: yellow once the last day has begun, red past the due time (Decree 310 art. 5)', () => {
    const f = facts({ stage: 'PENDING_APPROVAL', clocks: [clock('APPROVAL', 86)] });
    expectLevels(approvalOverdue, f, [[0, null], [48, null], [61, null], [62, 'YELLOW'], [72, 'YELLOW'], [86, 'YELLOW'], [87, 'RED'], [200, 'RED']]);
    expect(approvalOverdue.evaluate(f, at(87), DEFAULT_WARNINGS_CONFIG)?.reason).toMatch(/Decree 310 art\. 5.*overdue by 1 h \(legal deadline 2026-11-05T16:00:00\.000Z/);
    expect(level(approvalOverdue, facts({ clocks: [clock('APPROVAL', 86, { closedAt: at(10) })] }), 100)).toBeNull();
  });

  it('transfer after approval: yellow past its 24 h, red 48 h later, past 72 h (art. 5–6)', () => {
    expectLevels(transferAfterApproval, facts({ stage: 'APPROVED', clocks: [clock('TRANSFER', 24)] }), [[23, null], [24, null], [25, 'YELLOW'], [72, 'YELLOW'], [73, 'RED']]);
  });

  it('police receipt: yellow past its 24 h; red when the same unit let receipts run out repeatedly (art. 7)', () => {
    const f = facts({ stage: 'TRANSFERRED', receivingAgencyId: 'ag-330106-psb', transferred: true, clocks: [clock('RECEIPT', 24)], policeLateReceipts: 1 });
    expectLevels(policeReceipt, f, [[23, null], [24, null], [25, 'YELLOW'], [500, 'YELLOW']]);
    expectLevels(policeReceipt, { ...f, policeLateReceipts: 2 }, [[24, null], [25, 'RED']]);
    expect(policeReceipt.evaluate({ ...f, policeLateReceipts: 2 }, at(25), DEFAULT_WARNINGS_CONFIG)!.responsible).toBe('RECEIVING_POLICE');
  });

  it('filing decision: yellow past the 3 days, red past 7 (4 days after the due time) and for the procuratorate (art. 8, CPR 562)', () => {
    // red: 4 days after 24:00 of Thu 5 Nov is 24:00 of Mon 9 Nov (182 h)
    const f = facts({ stage: 'RECEIVED', receivingAgencyId: 'p', transferred: true, clocks: [clock('FILING_DECISION', 86)] });
    expectLevels(filingDecision, f, [[72, null], [86, null], [87, 'YELLOW'], [168, 'YELLOW'], [182, 'YELLOW'], [183, 'RED']]);
    expect(filingDecision.evaluate(f, at(183), DEFAULT_WARNINGS_CONFIG)!.reason).toMatch(/CPR 562/);
  });

  it('seized goods: yellow past the due time after the filing notice, red when goods are reported missing (art. 12)', () => {
    const f = facts({ stage: 'FILED', receivingAgencyId: 'p', transferred: true, clocks: [clock('GOODS_HANDOVER', 86)] });
    expectLevels(goodsHandover, f, [[72, null], [86, null], [87, 'YELLOW'], [1000, 'YELLOW']]);
    expectLevels(goodsHandover, { ...f, goodsReportedMissing: true }, [[1, 'RED']]);
  });

  it('reconsideration decision: yellow past the 3 days, red past 7 (art. 9)', () => {
    expectLevels(reconsiderationDecision, facts({ stage: 'RECONSIDERATION_REQUESTED', clocks: [clock('RECONSIDERATION_DECISION', 86)] }), [[72, null], [87, 'YELLOW'], [182, 'YELLOW'], [183, 'RED']]);
  });

  it('reverse linkage: hand-off past its working days yellow; opinion reply overdue red', () => {
    // 3 working days from Mon 10:00: Tue, Wed, Thu → 24:00 of Thu 5 Nov (86 h)
    expectLevels(reverseLinkageReply, facts({ stage: 'NOT_PROSECUTED', clocks: [clock('REVERSE_HANDOFF', 86)] }), [[86, null], [87, 'YELLOW'], [500, 'YELLOW']]);
    expectLevels(reverseLinkageReply, facts({ stage: 'OPINION_ISSUED', clocks: [clock('OPINION_REPLY', 61 * 24)] }), [[61 * 24 - 12, null], [61 * 24, null], [61 * 24 + 1, 'RED']]);
    expect(reverseLinkageReply.evaluate(facts({ clocks: [clock('REVERSE_HANDOFF', 1)] }), at(2), DEFAULT_WARNINGS_CONFIG)!.responsible).toBe('SUPERVISING_PROCURATORATE');
  });

  it('not filed, never penalised: yellow past the PENALTY clock’s X days, red once X days more have run (art. 10)', () => {
    // Started Tue 1 Sep 10:00; 30 days to 1 Oct, National Day, so due at 24:00 of Thu 8 Oct (2026-10-08T16:00Z).
    // 30 days more: Sat 7 Nov, a rest day, so red past 24:00 of Mon 9 Nov (2026-11-09T16:00Z, 182 h after T0).
    const penalty = { ...clock('PENALTY', 0), startedAt: new Date('2026-09-01T02:00:00Z'), dueAt: new Date('2026-10-08T16:00:00Z') };
    const f = facts({ stage: 'NOT_FILED', clocks: [penalty] });
    // 2026-10-08T14:00Z is 588 h before T0
    expectLevels(notFiledNeverPenalised, f, [[-588, null], [-586, null], [-585, 'YELLOW'], [0, 'YELLOW'], [182, 'YELLOW'], [183, 'RED']]);
  });

  it('a paused clock raises nothing (reverse review during an appeal)', () => {
    expect(level(reverseLinkageReply, facts({ clocks: [clock('REVERSE_HANDOFF', 1, { pausedAt: at(0.5) })] }), 100)).toBeNull();
  });

  describe('penalty instead of transfer (art. 11)', () => {
    const p = (amount: number) => ({ amount, decidedOn: '2026-10-01', partyIdNumber: null, partyCreditCode: '91330106MA2XXXXX0X' });
    it('yellow at 80 % of the sector threshold, red at the threshold, nothing once transferred', () => {
      // market supervision threshold: 50,000 yuan
      expect(level(penaltyInsteadOfTransfer, facts({ penalties: [p(39_999)] }))).toBeNull();
      expect(level(penaltyInsteadOfTransfer, facts({ penalties: [p(40_000)] }))).toBe('YELLOW');
      expect(level(penaltyInsteadOfTransfer, facts({ penalties: [p(50_000)] }))).toBe('RED');
      expect(level(penaltyInsteadOfTransfer, facts({ penalties: [p(50_000)], transferred: true, receivingAgencyId: 'p' }))).toBeNull();
      expect(level(penaltyInsteadOfTransfer, facts({ sector: 'TAX', penalties: [p(50_000)] }))).toBeNull();
    });
    it('split penalties on one party adding up past the threshold are yellow', () => {
      expect(level(penaltyInsteadOfTransfer, facts({ penalties: [p(20_000)], partyPenaltySum: 49_999 }))).toBeNull();
      const f = facts({ penalties: [p(20_000)], partyPenaltySum: 60_000 });
      expect(level(penaltyInsteadOfTransfer, f)).toBe('YELLOW');
      expect(penaltyInsteadOfTransfer.evaluate(f, T0, DEFAULT_WARNINGS_CONFIG)!.reason).toMatch(/split penalties on one party add up to ¥60,000/);
    });
    it('sector thresholds are configuration', () => {
      const config = loadWarningsConfig({ CASES_WARN_PENALTY_THRESHOLDS: '{"MARKET_SUPERVISION":30000}' });
      expect(level(penaltyInsteadOfTransfer, facts({ penalties: [p(30_000)] }), 0, config)).toBe('RED');
    });
  });

  it('repeated non-filing: yellow at N non-filings by the unit or for the party, red when reconsideration upheld it', () => {
    expect(level(repeatedNonFiling, facts({ stage: 'NOT_FILED', policeNonFilings: 2 }))).toBeNull();
    expect(level(repeatedNonFiling, facts({ stage: 'NOT_FILED', policeNonFilings: 3 }))).toBe('YELLOW');
    expect(level(repeatedNonFiling, facts({ stage: 'NOT_FILED', partyNonFilings: 3 }))).toBe('YELLOW');
    expect(level(repeatedNonFiling, facts({ stage: 'RECONSIDERATION_UPHELD', policeNonFilings: 3 }))).toBe('RED');
    expect(level(repeatedNonFiling, facts({ stage: 'FILED', policeNonFilings: 9 }))).toBeNull();
  });
});

describe('the engine: raise, escalate, resolve', () => {
  const f = facts({ stage: 'PENDING_APPROVAL', clocks: [clock('APPROVAL', 86)] });
  const w = (over: Partial<KnownWarning>): KnownWarning => ({ id: 'w1', rule: 'APPROVAL_OVERDUE', level: 'YELLOW', step: 'NOTIFIED', raisedAt: T0, ...over });

  it('raises once when a rule first holds, escalates yellow to red, resolves a cured cause', () => {
    expect(evaluateCase(f, [], at(50), DEFAULT_WARNINGS_CONFIG)).toEqual([]);
    expect(evaluateCase(f, [], at(70), DEFAULT_WARNINGS_CONFIG).map((c) => [c.kind, c.rule.name, 'finding' in c && c.finding.level])).toEqual([['RAISE', 'APPROVAL_OVERDUE', 'YELLOW']]);
    expect(evaluateCase(f, [w({})], at(80), DEFAULT_WARNINGS_CONFIG)).toEqual([]);
    expect(evaluateCase(f, [w({})], at(90), DEFAULT_WARNINGS_CONFIG).map((c) => c.kind)).toEqual(['ESCALATE']);
    const cured = facts({ stage: 'APPROVED', clocks: [] });
    expect(evaluateCase(cured, [w({ step: 'HANDLED' })], at(90), DEFAULT_WARNINGS_CONFIG).map((c) => c.kind)).toEqual(['RESOLVE']);
  });

  it('a level never goes down while open; a closed warning is not raised again at the same level', () => {
    expect(evaluateCase(f, [w({ level: 'RED' })], at(70), DEFAULT_WARNINGS_CONFIG)).toEqual([]);
    expect(evaluateCase(f, [w({ step: 'CLOSED' })], at(70), DEFAULT_WARNINGS_CONFIG)).toEqual([]);
    expect(evaluateCase(f, [w({ step: 'CLOSED' })], at(90), DEFAULT_WARNINGS_CONFIG).map((c) => c.kind)).toEqual(['RAISE']);
    expect(evaluateCase(f, [w({ step: 'RESOLVED' })], at(70), DEFAULT_WARNINGS_CONFIG).map((c) => c.kind)).toEqual(['RAISE']);
  });
});

describe('the loop table', () => {
  const warning = {
    id: 'w1', caseId: 'c1', caseNumber: 'XF-1', rule: 'FILING_DECISION', code: 'W310-08-FILING', level: 'YELLOW', step: 'NOTIFIED', responsible: 'RECEIVING_POLICE',
    responsibleAgencyId: 'ag-330106-psb', handlingAgencyId: 'ag-330106-msa', receivingAgencyId: 'ag-330106-psb', divisionCode: '330106', reason: 'x', raisedAt: T0,
    replyDueAt: at(5 * 24), escalations: 0, endedAt: null, updatedAt: T0, timelineLength: 2, timelineHead: 'a'.repeat(64),
  } as WarningRow;
  const police: LoopActor = { sub: 'o1', agencyId: 'ag-330106-psb', roles: ['CASE_OFFICER'], relations: ['RECEIVING_POLICE'] };
  const agency: LoopActor = { sub: 'o2', agencyId: 'ag-330106-msa', roles: ['CASE_OFFICER'], relations: ['HANDLING_AGENCY'] };
  const supervisor: LoopActor = { sub: 'o3', agencyId: 'ag-330106-proc', roles: ['SUPERVISOR'], relations: ['SUPERVISING_PROCURATORATE'] };
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as { extensions?: { code?: string } }).extensions?.code;
    }
    return 'OK';
  };
  it('the responsible unit handles and replies; only supervisors close and reopen', () => {
    expect(code(() => planLoopStep(warning, 'handle', agency, 'x', T0, DEFAULT_WARNINGS_CONFIG))).toBe('FORBIDDEN');
    expect(code(() => planLoopStep(warning, 'handle', police, '', T0, DEFAULT_WARNINGS_CONFIG))).toBe('BAD_USER_INPUT');
    expect(planLoopStep(warning, 'handle', police, 'filed today', T0, DEFAULT_WARNINGS_CONFIG).to).toBe('HANDLED');
    expect(code(() => planLoopStep(warning, 'reply', police, 'x', T0, DEFAULT_WARNINGS_CONFIG))).toBe('CONFLICT');
    expect(planLoopStep({ ...warning, step: 'HANDLED' }, 'reply', police, 'reply', T0, DEFAULT_WARNINGS_CONFIG).to).toBe('REPLIED');
    expect(code(() => planLoopStep({ ...warning, step: 'REPLIED' }, 'close', police, null, T0, DEFAULT_WARNINGS_CONFIG))).toBe('FORBIDDEN');
    expect(planLoopStep({ ...warning, step: 'REPLIED' }, 'close', supervisor, null, T0, DEFAULT_WARNINGS_CONFIG).to).toBe('CLOSED');
    const reopened = planLoopStep({ ...warning, step: 'CLOSED' }, 'reopen', supervisor, 'not corrected', at(1), DEFAULT_WARNINGS_CONFIG);
    expect([reopened.to, reopened.replyDueAt?.getTime(), reopened.notify.map((n) => n.recipient)]).toEqual(['NOTIFIED', at(1).getTime() + 5 * DAY, ['RESPONSIBLE', 'SUPERIOR_AGENCY', 'SUPERVISING', 'SUPERIOR']]);
  });
  it('a missed feed-back deadline is overdue only while waiting for the responsible unit', () => {
    expect(isReplyOverdue(warning, at(5 * 24 + 1))).toBe(true);
    expect(isReplyOverdue({ ...warning, step: 'REPLIED' }, at(5 * 24 + 1))).toBe(false);
    expect(isReplyOverdue(warning, at(5 * 24 - 1))).toBe(false);
  });
  it('divisions above: county → city → province', () => {
    expect([parentDivision('330106'), parentDivision('330100'), parentDivision('330000'), ancestorDivision('330106', 2)]).toEqual(['330100', '330000', null, '330000']);
  });
});

describe('configuration', () => {
  it('defaults are the domain table; overrides are validated by name', () => {
    expect(loadWarningsConfig({})).toEqual(DEFAULT_WARNINGS_CONFIG);
    expect(loadWarningsConfig({ CASES_WARN_APPROVAL_YELLOW: 'due' }).clocks.APPROVAL).toEqual({ yellow: { at: 'DUE' }, red: { at: 'DUE' } });
    expect(loadWarningsConfig({ CASES_WARN_FILING_DECISION_RED: 'due+2wd' }).clocks.FILING_DECISION).toEqual({ yellow: { at: 'DUE' }, red: { at: 'AFTER_DUE', period: { amount: 2, unit: 'WORKING_DAYS' } } });
    expect(loadWarningsConfig({ CASES_WARN_PENALTY_RED: 'due+period' }).clocks.PENALTY.red).toEqual({ at: 'AFTER_DUE_AGAIN' });
    expect(() => loadWarningsConfig({ CASES_WARN_APPROVAL_RED: 'soon' })).toThrow('CASES_WARN_APPROVAL_RED must be one of last-day, due, due+<period> (due+48h, due+4d, due+2wd, due+1mo), due+period or none, got "soon"');
    expect(() => loadWarningsConfig({ CASES_WARN_APPROVAL_RED: 'due+3 days' })).toThrow('CASES_WARN_APPROVAL_RED must be one of');
    expect(() => loadWarningsConfig({ CASES_WARN_TRANSFER_RED: 'last-day' })).toThrow('CASES_WARN_TRANSFER_RED (last-day) must not be before CASES_WARN_TRANSFER_YELLOW (due)');
    expect(() => loadWarningsConfig({ CASES_WARN_TRANSFER_YELLOW: 'due+72h' })).toThrow('CASES_WARN_TRANSFER_RED (due+48h) must not be before CASES_WARN_TRANSFER_YELLOW (due+72h)');
    // the old hours-since-start settings are refused by name, with the replacement
    expect(() => loadWarningsConfig({ CASES_WARN_APPROVAL_YELLOW_HOURS: '48' })).toThrow('CASES_WARN_APPROVAL_YELLOW_HOURS is no longer read (warnings are timed against the clock\'s legal due time, not hours since it started): set CASES_WARN_APPROVAL_YELLOW to last-day');
    expect(() => loadWarningsConfig({ CASES_WARN_PENALTY_THRESHOLDS: '{"FISHING":1}' })).toThrow('CASES_WARN_PENALTY_THRESHOLDS names no sector "FISHING"');
    expect(() => loadWarningsConfig({ CASES_WARN_PENALTY_THRESHOLDS: '{"TAX":-1}' })).toThrow('CASES_WARN_PENALTY_THRESHOLDS.TAX must be a positive number of yuan, got -1');
    expect(() => loadWarningsConfig({ CASES_WARN_PENALTY_SHARE: '2' })).toThrow('CASES_WARN_PENALTY_SHARE must be a number between 0.01 and 1, got "2"');
    expect(() => loadWarningsConfig({ CASES_WARN_SOMETHING: '1' })).toThrow('CASES_WARN_SOMETHING is not a warning setting');
    expect(loadWarningsConfig({ CASES_WARN_TRANSFER_RED: 'none' }).clocks.TRANSFER.red).toBeNull();
    // the periods and calendar come from the same variables as the cases subgraph's
    expect(loadWarningsConfig({ CASES_DEADLINE_PENALTY: '60d' }).periods.PENALTY).toEqual({ amount: 60, unit: 'CALENDAR_DAYS' });
    expect(HOUR).toBe(3_600_000);
  });
});

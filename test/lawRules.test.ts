/**
 * The law of shared/domain.md, rule by rule, on the workflow's pure functions (docs/law.md numbers
 * the rules; each test names the rows it pins). Every expected value is written out by hand from
 * the domain table — stages, actors, roles, periods and due times in Beijing time — never computed
 * with the production calendar or read back from the table under test, so a changed period,
 * precondition or role makes a test here fail. The late-request policy (decision 83: a late
 * reconsideration or supervision request is recorded with its lateness, not refused) is pinned
 * here on the engine and once through the gateway.
 */
import { readFileSync } from 'node:fs';
import { buildASTSchema, getNamedType, parse, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_KINDS, type CaseStatus } from '../schema/vocabulary';
import { loadDeadlines } from '../subgraphs/cases/config';
import { CLOCKS, type ClockName } from '../subgraphs/cases/deadlines/clocks';
import { formatDuration } from '../subgraphs/cases/deadlines/duration';
import { Deadline } from '../subgraphs/cases/resolvers/Case';
import { checkGuard, checkInputs, planStep, selectTransition, type Actor, type CaseState, type ClockRow } from '../subgraphs/cases/workflow/engine';
import type { StepInput } from '../subgraphs/cases/workflow/inputs';
import type { Stage } from '../subgraphs/cases/workflow/stages';
import { rowsFor, type TableAction, type Transition } from '../subgraphs/cases/workflow/transitions';
import { REQUIRED_MATERIALS } from '../subgraphs/cases/transferPackage/seal';
import { CLOCK_RULE_KEYS, DEFAULT_WARNINGS_CONFIG, type ClockRuleKey } from '../subgraphs/cases/warnings/config';
import { ackDue, noticeTargets, overdueNoticeTargets } from '../subgraphs/cases/warnings/loop';
import { approvalOverdue } from '../subgraphs/cases/warnings/rules/approvalOverdue';
import { warningTimes } from '../subgraphs/cases/warnings/rules/clockRule';
import { filingDecision } from '../subgraphs/cases/warnings/rules/filingDecision';
import { goodsHandover } from '../subgraphs/cases/warnings/rules/goodsHandover';
import { notFiledNeverPenalised } from '../subgraphs/cases/warnings/rules/notFiledNeverPenalised';
import { policeReceipt } from '../subgraphs/cases/warnings/rules/policeReceipt';
import { reconsiderationDecision } from '../subgraphs/cases/warnings/rules/reconsiderationDecision';
import { reverseLinkageReply } from '../subgraphs/cases/warnings/rules/reverseLinkageReply';
import { transferAfterApproval } from '../subgraphs/cases/warnings/rules/transferAfterApproval';
import type { WarningRule } from '../subgraphs/cases/warnings/types';
import { DEFAULT_REQUIRED_MATERIALS } from '../subgraphs/dossiers/materials';
import { DATABASE_KIND, SUPERGRAPH_PATH } from './harness';
import { facts } from './warningsHarness';
import { AGENCY, bringToReceived, DAY, HOUR, running, startWorkflowGraph, type WorkflowGraph } from './workflowKit';

const deadlines = loadDeadlines({});
/** Monday 2 November 2026, 10:00 in Beijing (no holiday in November 2026; 7–8 Nov is a weekend). */
const MON = new Date('2026-11-02T02:00:00.000Z');
/** 24:00 of a Beijing day, as a UTC instant (local midnight is 16:00 UTC the day before). */
const endOf = (isoDay: string) => Date.parse(`${isoDay}T00:00:00+08:00`) + DAY;
const endOfIso = (isoDay: string) => new Date(endOf(isoDay)).toISOString();

const actor = (agencyId: string, agencyKind: Actor['agencyKind'], division: string, roles: Actor['roles'], sub = 'of-0047'): Actor => ({ sub, agencyId, agencyKind, division, roles, purpose: null });
const WHO = {
  officer: actor(AGENCY.handling, 'ADMINISTRATIVE', '330106', ['CASE_OFFICER'], 'of-0047'),
  head: actor(AGENCY.handling, 'ADMINISTRATIVE', '330106', ['APPROVER'], 'of-0049'),
  police: actor(AGENCY.police, 'PUBLIC_SECURITY', '330106', ['CASE_OFFICER'], 'of-0101'),
  policeHead: actor(AGENCY.police, 'PUBLIC_SECURITY', '330106', ['APPROVER'], 'of-0102'),
  cityPolice: actor(AGENCY.cityPolice, 'PUBLIC_SECURITY', '330100', ['CASE_OFFICER'], 'of-0201'),
  procurator: actor(AGENCY.procuratorate, 'PROCURATORATE', '330106', ['SUPERVISOR'], 'of-0301'),
  cityProcurator: actor('ag-330100-proc', 'PROCURATORATE', '330100', ['SUPERVISOR'], 'of-0401'),
  analyst: actor(AGENCY.handling, 'ADMINISTRATIVE', '330106', ['ANALYST'], 'of-0500'),
} as const;
type Who = keyof typeof WHO;

const caseAt = (stage: Stage, status: CaseStatus = stage as CaseStatus, extra: Partial<CaseState> = {}): CaseState => ({
  id: 'cs-law',
  number: 'XF-330106-2026-0001',
  stage,
  status,
  handlingAgencyId: AGENCY.handling,
  receivingAgencyId: AGENCY.police,
  divisionCode: '330106',
  timelineLength: 3,
  timelineHead: 'a'.repeat(64),
  goodsSeized: true,
  ...extra,
});

const openClock = (clock: ClockName, startedAt: Date, dueAt: Date, extra: Partial<ClockRow> = {}): ClockRow => ({
  id: `k-${clock}`,
  caseId: 'cs-law',
  clock,
  awaits: [],
  responsible: 'HANDLING_AGENCY',
  period: formatDuration(CLOCKS[clock].period),
  startedAt,
  dueAt,
  pausedAt: null,
  closedAt: null,
  outcome: null,
  openedBySeq: 2,
  closedBySeq: null,
  ...extra,
});

/** The error code (and field) a call throws, or 'OK'. */
function outcomeOf(fn: () => unknown): string {
  try {
    fn();
    return 'OK';
  } catch (e: any) {
    const ext = e?.extensions ?? {};
    return ext.field ? `${ext.code} ${ext.field}` : String(ext.code ?? e);
  }
}

describe('R11–R23, R29–R38: every period of the domain table (Decree 310, CPR, reverse linkage)', () => {
  // [clock, period as the law states it, where]
  const table: [ClockName, string, string][] = [
    ['APPROVAL', '3d', 'Decree 310 art. 5: 3 days from the report'],
    ['TRANSFER', '24h', 'art. 5–6: 24 hours from approval'],
    ['RECEIPT', '24h', 'art. 7: receipt or forward within 24 hours'],
    ['MATERIALS_SUPPLEMENT', '3d', '[design] agency supplements within 3 days'],
    ['FILING_DECISION', '3d', 'art. 8: 3 days from acceptance'],
    ['GOODS_HANDOVER', '3d', 'art. 12: 3 days from the filing notice'],
    ['RECONSIDERATION_REQUEST', '3d', 'art. 9: request within 3 days'],
    ['RECONSIDERATION_DECISION', '3d', 'art. 9: decide within 3 days'],
    ['SUPERVISION_REQUEST', '3d', 'art. 9: within 3 days of the reconsideration decision'],
    ['PENALTY', '30d', 'art. 10 [design, e.g. 30 days]'],
    ['NON_FILING_REASONS', '7d', 'CPR 560: answer within 7 days'],
    ['REASONS_REVIEW', '10d', 'CPR 561: tell the agency within 10 days'],
    ['FILING_AFTER_NOTICE', '15d', 'CPR 563: file within 15 days'],
    ['REVERSE_HANDOFF', '3wd', 'reverse linkage: 3 working days'],
    ['REVERSE_REVIEW', '10wd', 'reverse linkage: 10 working days'],
    ['OPINION_REPLY', '2mo', 'reverse linkage: 2 months [unverified]'],
  ];
  it('names every clock once', () => {
    expect(table.map(([c]) => c).sort()).toEqual(Object.keys(CLOCKS).sort());
  });
  it.each(table)('%s is %s (%s)', (clock, period) => {
    expect(formatDuration(CLOCKS[clock].period)).toBe(period);
    expect(formatDuration(deadlines.periods[clock])).toBe(period);
  });
});

describe('R9–R38: each legal step is a row of the transition table, with its source stage, actor, role, clock and required inputs', () => {
  type Expected = Partial<Pick<Transition, 'outcome' | 'to' | 'deadline' | 'when' | 'level' | 'returnsDossier' | 'clocks'>> & {
    from: Stage[];
    actors: string[];
    roles: string[];
    requires?: string[];
    documentKinds?: string[];
    guard?: Transition['guard'];
  };
  const H = 'HANDLING_AGENCY';
  const P = 'RECEIVING_POLICE';
  const PROC = 'SUPERVISING_PROCURATORATE';
  const OFFICERS = ['CASE_OFFICER', 'APPROVER'];
  const PROCURATORS = ['SUPERVISOR', 'CASE_OFFICER'];
  // [rule, action, the row as the law gives it]
  const table: [string, TableAction, Expected][] = [
    ['R9/R10 task group of ≥ 2 writes the report; the case officer submits (resubmission after a refusal [design])', 'submitForApproval', { from: ['DRAFT', 'NOT_APPROVED'], to: 'PENDING_APPROVAL', actors: [H], roles: ['CASE_OFFICER'], requires: ['taskGroup'] }],
    ['R11 the head approves within 3 days', 'approveTransfer', { from: ['PENDING_APPROVAL'], to: 'APPROVED', actors: [H], roles: ['APPROVER'], deadline: 'APPROVAL' }],
    ['R11/R12 the head refuses within 3 days, with reasons', 'refuseTransfer', { from: ['PENDING_APPROVAL'], to: 'NOT_APPROVED', actors: [H], roles: ['APPROVER'], deadline: 'APPROVAL', requires: ['reasons'] }],
    ['R13/R55 the sealed package goes to the police within 24 h', 'transferCase', { from: ['APPROVED'], to: 'TRANSFERRED', actors: [H], roles: OFFICERS, deadline: 'TRANSFER', requires: ['receivingAgencyId', 'seal'] }],
    ['R14 receipt by the police at the same level within 24 h', 'acknowledgeReceipt', { from: ['TRANSFERRED'], to: 'RECEIVED', actors: [P], roles: OFFICERS, deadline: 'RECEIPT', level: 'CASE' }],
    ['R14 not their jurisdiction: forward, naming why, within 24 h', 'forwardCase', { from: ['TRANSFERRED', 'FORWARDED'], to: 'FORWARDED', actors: [P], roles: OFFICERS, deadline: 'RECEIPT', requires: ['receivingAgencyId', 'reasons'] }],
    ['R15 police ask for missing materials', 'requestMaterials', { from: ['RECEIVED'], to: 'MATERIALS_REQUESTED', actors: [P], roles: OFFICERS, requires: ['materials'] }],
    ['R15 the agency supplements within 3 days [design]', 'supplementMaterials', { from: ['MATERIALS_REQUESTED'], to: 'RECEIVED', actors: [H], roles: OFFICERS, deadline: 'MATERIALS_SUPPLEMENT', requires: ['documents'] }],
    ['R17 the police head files within 3 days of acceptance', 'fileCase', { from: ['RECEIVED'], to: 'FILED', actors: [P], roles: ['APPROVER'], deadline: 'FILING_DECISION' }],
    ['R17/R18 non-filing within 3 days, reasons required, dossier returned', 'declineToFile', { from: ['RECEIVED'], to: 'NOT_FILED', actors: [P], roles: ['APPROVER'], deadline: 'FILING_DECISION', requires: ['reasons'], returnsDossier: true }],
    ['R19 seized goods handed over with a handover list within 3 days of the filing notice', 'handOverGoods', { from: ['FILED', 'GOODS_REPORTED_MISSING'], to: 'GOODS_HANDED_OVER', actors: [H], roles: OFFICERS, deadline: 'GOODS_HANDOVER', requires: ['documents'], documentKinds: ['HANDOVER_LIST'], when: 'GOODS_SEIZED' }],
    ['R45 goods reported missing, the handover clock running on', 'reportGoodsMissing', { from: ['FILED'], to: 'GOODS_REPORTED_MISSING', actors: [P, H], roles: OFFICERS, requires: ['reasons'], when: 'GOODS_SEIZED', clocks: 'KEEP' }],
    ['R20 the agency asks for reconsideration within 3 days', 'requestReconsideration', { from: ['NOT_FILED'], to: 'RECONSIDERATION_REQUESTED', actors: [H], roles: OFFICERS, deadline: 'RECONSIDERATION_REQUEST', requires: ['reasons'] }],
    ['R21 the police head decides within 3 days: file', 'decideReconsideration', { outcome: 'FILE', from: ['RECONSIDERATION_REQUESTED'], to: 'FILED', actors: [P], roles: ['APPROVER'], deadline: 'RECONSIDERATION_DECISION' }],
    ['R21 … or uphold the non-filing, with reasons', 'decideReconsideration', { outcome: 'UPHOLD', from: ['RECONSIDERATION_REQUESTED'], to: 'RECONSIDERATION_UPHELD', actors: [P], roles: ['APPROVER'], deadline: 'RECONSIDERATION_DECISION', requires: ['reasons'] }],
    ['R22 upheld: the agency asks for filing supervision within 3 days', 'requestFilingSupervision', { from: ['RECONSIDERATION_UPHELD'], to: 'SUPERVISION_REQUESTED', actors: [H], roles: OFFICERS, deadline: 'SUPERVISION_REQUEST', requires: ['reasons'] }],
    ['R23 not filed for good: the agency imposes the penalty due', 'imposeAdministrativePenalty', { from: ['NOT_FILED', 'RECONSIDERATION_UPHELD', 'NON_FILING_CONFIRMED'], to: 'ADMINISTRATIVE_PENALTY', actors: [H], roles: OFFICERS, deadline: 'PENALTY', requires: ['penalties'] }],
    ['R29 CPR 560: the police are asked for their non-filing reasons', 'requestNonFilingReasons', { from: ['SUPERVISION_REQUESTED', 'NOT_FILED', 'RECONSIDERATION_UPHELD'], to: 'NON_FILING_REASONS_REQUESTED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'] }],
    ['R29 CPR 560: the police answer in writing within 7 days', 'answerNonFilingReasons', { from: ['NON_FILING_REASONS_REQUESTED'], to: 'NON_FILING_REASONS_ANSWERED', actors: [P], roles: OFFICERS, deadline: 'NON_FILING_REASONS', requires: ['reasons'] }],
    ['R30 CPR 561: the reasons stand, the agency told within 10 days', 'acceptNonFilingReasons', { from: ['NON_FILING_REASONS_ANSWERED'], to: 'NON_FILING_CONFIRMED', actors: [PROC], roles: PROCURATORS, deadline: 'REASONS_REVIEW', requires: ['reasons'] }],
    ['R31 CPR 563: the reasons fail, notice to file', 'notifyFiling', { from: ['NON_FILING_REASONS_ANSWERED'], to: 'FILING_NOTIFIED', actors: [PROC], roles: PROCURATORS, deadline: 'REASONS_REVIEW', requires: ['reasons'] }],
    ['R32 CPR 564: still not filed after the 15 days, correction notice', 'issueCorrectionNotice', { from: ['FILING_NOTIFIED'], to: 'CORRECTION_NOTICE_ISSUED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], guard: { overdue: 'FILING_AFTER_NOTICE' } }],
    ['R32 CPR 564: then escalate to the procuratorate one level up', 'escalateSupervision', { from: ['CORRECTION_NOTICE_ISSUED'], to: 'SUPERVISION_ESCALATED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], level: 'CASE' }],
    ['R32 CPR 564: the higher procuratorate consults the police at its level', 'consultHigherPolice', { from: ['SUPERVISION_ESCALATED'], to: 'SAME', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], level: 'ABOVE' }],
    ['R33 CPR 562: correction opinion once the 7 days passed without reasons or decision', 'issueCorrectionOpinion', { from: ['NON_FILING_REASONS_REQUESTED'], to: 'CORRECTION_OPINION_ISSUED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], guard: { overdue: 'NON_FILING_REASONS' }, when: 'NO_FILING_DECISION' }],
    ['R34 CPR 557: advice to transfer while the agency has not transferred', 'adviseTransfer', { from: ['DRAFT', 'PENDING_APPROVAL', 'APPROVED', 'NOT_APPROVED'], to: 'SAME', actors: [PROC], roles: PROCURATORS, requires: ['reasons'] }],
    ['R35 not prosecuted (CPL art. 177)', 'decideNotToProsecute', { from: ['FILED', 'GOODS_HANDED_OVER', 'GOODS_REPORTED_MISSING'], to: 'NOT_PROSECUTED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'] }],
    ['R35 internal hand-off within 3 working days', 'handOffReverse', { from: ['NOT_PROSECUTED'], to: 'REVERSE_REVIEW', actors: [PROC], roles: PROCURATORS, deadline: 'REVERSE_HANDOFF' }],
    ['R36 review suspended while a reconsideration or appeal runs', 'suspendReverseReview', { from: ['REVERSE_REVIEW'], to: 'REVERSE_REVIEW_SUSPENDED', actors: [PROC], roles: PROCURATORS, requires: ['reasons'], clocks: 'PAUSE' }],
    ['R36 … and resumed', 'resumeReverseReview', { from: ['REVERSE_REVIEW_SUSPENDED'], to: 'REVERSE_REVIEW', actors: [PROC], roles: PROCURATORS, clocks: 'RESUME' }],
    ['R37 review closed within 10 working days', 'closeReverseReview', { from: ['REVERSE_REVIEW'], to: 'REVERSE_REVIEW_CLOSED', actors: [PROC], roles: PROCURATORS, deadline: 'REVERSE_REVIEW', requires: ['reasons'] }],
    ['R37 … or a procuratorial opinion (facts, evidence, proposed penalty, seized property)', 'issueProcuratorialOpinion', { from: ['REVERSE_REVIEW'], to: 'OPINION_ISSUED', actors: [PROC], roles: PROCURATORS, deadline: 'REVERSE_REVIEW', requires: ['opinion'] }],
    ['R38 the agency replies in writing within 2 months', 'replyToOpinion', { from: ['OPINION_ISSUED'], to: 'OPINION_REPLIED', actors: [H], roles: OFFICERS, deadline: 'OPINION_REPLY', requires: ['result'] }],
  ];

  it.each(table)('%s (%s)', (_rule, action, expected) => {
    const row = rowsFor(action).find((r) => (!expected.outcome || r.outcome === expected.outcome) && r.from !== 'ANY' && r.from.includes(expected.from[0]!));
    expect(row, `${action} from ${expected.from[0]}`).toBeDefined();
    const { source: _s, action: _a, ...shape } = row!;
    expect({ ...shape, from: [...(shape.from as Stage[])], actors: [...shape.actors], roles: [...shape.roles], ...(shape.requires ? { requires: [...shape.requires] } : {}), ...(shape.documentKinds ? { documentKinds: [...shape.documentKinds] } : {}) }).toEqual(expected);
  });
});

describe('R26/R27/R16/R14/R32/R33: who may take a step, and from where (selectTransition)', () => {
  // [rule, who, action, stage, status, case facts, expected]
  const table: [string, Who, TableAction, Stage, CaseStatus, Partial<CaseState>, string][] = [
    ['R11 the head approves', 'head', 'approveTransfer', 'PENDING_APPROVAL', 'PENDING_APPROVAL', {}, 'OK'],
    ['R11/R27 a case officer may not approve', 'officer', 'approveTransfer', 'PENDING_APPROVAL', 'PENDING_APPROVAL', {}, 'FORBIDDEN'],
    ['R26 no approval of a draft that was never submitted', 'head', 'approveTransfer', 'DRAFT', 'DRAFT', {}, 'CONFLICT'],
    ['R13/R55 no transfer before approval', 'officer', 'transferCase', 'PENDING_APPROVAL', 'PENDING_APPROVAL', {}, 'CONFLICT'],
    ['R17/R27 filing is the police head’s', 'police', 'fileCase', 'RECEIVED', 'RECEIVED', {}, 'FORBIDDEN'],
    ['R17 the police head files', 'policeHead', 'fileCase', 'RECEIVED', 'RECEIVED', {}, 'OK'],
    ['R27 the agency may not file its own case', 'head', 'fileCase', 'RECEIVED', 'RECEIVED', {}, 'FORBIDDEN'],
    ['R16 no non-filing while materials are requested', 'policeHead', 'declineToFile', 'MATERIALS_REQUESTED', 'MATERIALS_REQUESTED', {}, 'CONFLICT'],
    ['R14 the police at the same level sign the receipt', 'police', 'acknowledgeReceipt', 'TRANSFERRED', 'TRANSFERRED', {}, 'OK'],
    ['R14 police of another level may not receive: they forward', 'cityPolice', 'acknowledgeReceipt', 'TRANSFERRED', 'TRANSFERRED', { receivingAgencyId: AGENCY.cityPolice }, 'FORBIDDEN'],
    ['R14 … and may forward', 'cityPolice', 'forwardCase', 'TRANSFERRED', 'TRANSFERRED', { receivingAgencyId: AGENCY.cityPolice }, 'OK'],
    ['R19 no handover where no goods were seized', 'officer', 'handOverGoods', 'FILED', 'FILED', { goodsSeized: false }, 'CONFLICT'],
    ['R20/R27 reconsideration is the agency’s request', 'police', 'requestReconsideration', 'NOT_FILED', 'NOT_FILED', {}, 'FORBIDDEN'],
    ['R22 no supervision request before the reconsideration was upheld', 'officer', 'requestFilingSupervision', 'NOT_FILED', 'NOT_FILED', {}, 'CONFLICT'],
    ['R22 supervision requested once upheld', 'officer', 'requestFilingSupervision', 'RECONSIDERATION_UPHELD', 'NOT_FILED', {}, 'OK'],
    ['R23 no penalty instead of filing while reconsideration is pending', 'officer', 'imposeAdministrativePenalty', 'RECONSIDERATION_REQUESTED', 'RECONSIDERATION_REQUESTED', {}, 'CONFLICT'],
    ['R32 escalation is by the procuratorate of the case’s own level', 'cityProcurator', 'escalateSupervision', 'CORRECTION_NOTICE_ISSUED', 'NOT_FILED', {}, 'FORBIDDEN'],
    ['R32 the higher procuratorate consults, not the county one', 'procurator', 'consultHigherPolice', 'SUPERVISION_ESCALATED', 'NOT_FILED', {}, 'FORBIDDEN'],
    ['R32 the higher procuratorate consults', 'cityProcurator', 'consultHigherPolice', 'SUPERVISION_ESCALATED', 'NOT_FILED', {}, 'OK'],
    ['R33 CPR 562 path only where no filing decision was made', 'policeHead', 'declineToFile', 'NON_FILING_REASONS_REQUESTED', 'NOT_FILED', {}, 'CONFLICT'],
    ['R33 … the overdue decision made at last', 'policeHead', 'declineToFile', 'NON_FILING_REASONS_REQUESTED', 'RECEIVED', {}, 'OK'],
    ['R34 advice to transfer is the procuratorate’s', 'officer', 'adviseTransfer', 'APPROVED', 'APPROVED', {}, 'FORBIDDEN'],
    ['R34 … not after the transfer', 'procurator', 'adviseTransfer', 'TRANSFERRED', 'TRANSFERRED', {}, 'CONFLICT'],
    ['R38 the reply is the agency’s', 'procurator', 'replyToOpinion', 'OPINION_ISSUED', 'ADMINISTRATIVE_PENALTY', {}, 'FORBIDDEN'],
    ['R60 an analyst may not act at all', 'analyst', 'submitForApproval', 'DRAFT', 'DRAFT', {}, 'FORBIDDEN'],
  ];
  it.each(table)('%s: %s %s from %s → %s', (_rule, who, action, stage, status, extra, expected) => {
    const outcome = action === 'decideReconsideration' ? 'UPHOLD' : undefined;
    expect(outcomeOf(() => selectTransition(WHO[who], caseAt(stage, status, extra), action, outcome))).toBe(expected);
  });
});

describe('R9/R12/R18/R19/R37/R38/R65: the inputs the law requires (checkInputs)', () => {
  const row = (action: TableAction, stage: Stage) => rowsFor(action).find((r) => r.from === 'ANY' || r.from.includes(stage))!;
  const today = '2026-11-02';
  const HASH = 'e'.repeat(64);
  // [rule, action, stage, who, input, expected]
  const table: [string, TableAction, Stage, Who, StepInput, string][] = [
    ['R9 a task group of one', 'submitForApproval', 'DRAFT', 'officer', { taskGroup: ['of-0047'] }, 'BAD_USER_INPUT input.taskGroup'],
    ['R9 the same officer twice is one', 'submitForApproval', 'DRAFT', 'officer', { taskGroup: ['of-0047', 'of-0047'] }, 'BAD_USER_INPUT input.taskGroup'],
    ['R9 a group without the submitter', 'submitForApproval', 'DRAFT', 'officer', { taskGroup: ['of-0048', 'of-0050'] }, 'BAD_USER_INPUT input.taskGroup'],
    ['R9 two officers, the submitter among them', 'submitForApproval', 'DRAFT', 'officer', { taskGroup: ['of-0047', 'of-0048'] }, 'OK'],
    ['R12/R41 a refusal without its reason', 'refuseTransfer', 'PENDING_APPROVAL', 'head', {}, 'BAD_USER_INPUT input.reasons'],
    ['R12 a refusal with its reason', 'refuseTransfer', 'PENDING_APPROVAL', 'head', { reasons: '证据不足' }, 'OK'],
    ['R14 a forward without naming why', 'forwardCase', 'TRANSFERRED', 'police', { receivingAgencyId: AGENCY.cityPolice }, 'BAD_USER_INPUT input.reasons'],
    ['R18 a non-filing without reasons', 'declineToFile', 'RECEIVED', 'policeHead', {}, 'BAD_USER_INPUT input.reasons'],
    ['R19 a handover without its handover list', 'handOverGoods', 'FILED', 'officer', { documents: [{ kind: 'OTHER_MATERIAL', sha256: HASH }] }, 'BAD_USER_INPUT input.documents'],
    ['R19 a handover with its handover list', 'handOverGoods', 'FILED', 'officer', { documents: [{ kind: 'HANDOVER_LIST', sha256: HASH }] }, 'OK'],
    ['R22 a supervision request without reasons', 'requestFilingSupervision', 'RECONSIDERATION_UPHELD', 'officer', {}, 'BAD_USER_INPUT input.reasons'],
    ['R37 an opinion without its content', 'issueProcuratorialOpinion', 'REVERSE_REVIEW', 'procurator', {}, 'BAD_USER_INPUT input.opinion'],
    ['R38 a reply without its written result', 'replyToOpinion', 'OPINION_ISSUED', 'officer', {}, 'BAD_USER_INPUT input.result'],
    ['R24 a penalty decided in the future', 'recordPenalty', 'DRAFT', 'officer', { penalties: [{ decisionNumber: 'X', amount: 1, decidedOn: '2026-11-03', partyKind: 'COMPANY', partyName: 'c', partyCreditCode: '91330106MA2KABCD1X' }] }, 'BAD_USER_INPUT input.penalties.0.decidedOn'],
    ['R65 a C5 marker carrying a description', 'markSecretMaterial', 'FILED', 'officer', { reasons: '某绝密文件' }, 'BAD_USER_INPUT input.reasons'],
    ['R65 a C5 marker carrying a document', 'markSecretMaterial', 'FILED', 'officer', { documents: [{ kind: 'OTHER_MATERIAL', sha256: HASH }] }, 'BAD_USER_INPUT input.documents'],
    ['R65 a bare C5 marker', 'markSecretMaterial', 'FILED', 'officer', {}, 'OK'],
    ['R66 an informant without a name', 'recordInformant', 'FILED', 'officer', {}, 'BAD_USER_INPUT input.informant'],
  ];
  it.each(table)('%s (%s)', (_rule, action, stage, who, input, expected) => {
    expect(outcomeOf(() => checkInputs(row(action, stage), input, WHO[who], today))).toBe(expected);
  });
});

describe('R32/R33: steps allowed only once a period has run out (checkGuard), at the due time to the millisecond', () => {
  const row = (action: TableAction, stage: Stage) => rowsFor(action).find((r) => r.from !== 'ANY' && r.from.includes(stage))!;
  // FILING_DECISION accepted Mon 2 Nov 10:00 → due 24:00 of Thu 5 Nov (16:00 UTC)
  const filing = openClock('FILING_DECISION', MON, new Date('2026-11-05T16:00:00.000Z'));
  // FILING_AFTER_NOTICE notified Mon 2 Nov 10:00 → 15 days → due 24:00 of Tue 17 Nov
  const afterNotice = openClock('FILING_AFTER_NOTICE', MON, new Date('2026-11-17T16:00:00.000Z'));
  // NON_FILING_REASONS asked Mon 2 Nov 10:00 → 7 days → due 24:00 of Mon 9 Nov
  const reasons = openClock('NON_FILING_REASONS', MON, new Date('2026-11-09T16:00:00.000Z'));
  const table: [string, TableAction, Stage, CaseStatus, ClockRow[], string, string][] = [
    ['R33 CPR 562: no demand for reasons while the filing decision is still due', 'requestNonFilingReasons', 'RECEIVED', 'RECEIVED', [filing], '2026-11-05T16:00:00.000Z', 'CONFLICT'],
    ['R33 CPR 562: the demand once it has run out', 'requestNonFilingReasons', 'RECEIVED', 'RECEIVED', [filing], '2026-11-05T16:00:00.001Z', 'OK'],
    ['R33 CPR 562: no demand with no running clock', 'requestNonFilingReasons', 'RECEIVED', 'RECEIVED', [], '2026-12-01T00:00:00.000Z', 'CONFLICT'],
    ['R33 CPR 562: no demand on a paused clock', 'requestNonFilingReasons', 'RECEIVED', 'RECEIVED', [{ ...filing, pausedAt: MON }], '2026-12-01T00:00:00.000Z', 'CONFLICT'],
    ['R32 CPR 564: no correction notice within the 15 days', 'issueCorrectionNotice', 'FILING_NOTIFIED', 'NOT_FILED', [afterNotice], '2026-11-17T15:59:59.999Z', 'CONFLICT'],
    ['R32 CPR 564: the correction notice after them', 'issueCorrectionNotice', 'FILING_NOTIFIED', 'NOT_FILED', [afterNotice], '2026-11-17T16:00:00.001Z', 'OK'],
    ['R33 CPR 562: no correction opinion within the 7 days', 'issueCorrectionOpinion', 'NON_FILING_REASONS_REQUESTED', 'RECEIVED', [reasons], '2026-11-09T16:00:00.000Z', 'CONFLICT'],
    ['R33 CPR 562: the correction opinion after them', 'issueCorrectionOpinion', 'NON_FILING_REASONS_REQUESTED', 'RECEIVED', [reasons], '2026-11-09T16:00:00.001Z', 'OK'],
    ['R31 CPR 563: no notice to file without an answer while the 7 days run', 'notifyFiling', 'NON_FILING_REASONS_REQUESTED', 'NOT_FILED', [reasons], '2026-11-09T12:00:00.000Z', 'CONFLICT'],
  ];
  it.each(table)('%s', (_rule, action, stage, status, clocks, now, expected) => {
    expect(outcomeOf(() => checkGuard(row(action, stage), caseAt(stage, status), clocks, new Date(now), WHO.procurator))).toBe(expected);
  });
});

describe('R6/R11–R38: the clocks a step starts, due as the law counts them (planStep, due times by hand)', () => {
  // [rule, who, action, outcome, stage, status, at, clocks started → due (UTC)]
  const table: [string, Who, TableAction, string | undefined, Stage, CaseStatus, string, Record<string, string>][] = [
    ['R11 submitted Mon 10:00: the head decides by 24:00 Thu 5 Nov', 'officer', 'submitForApproval', undefined, 'DRAFT', 'DRAFT', MON.toISOString(), { APPROVAL: endOfIso('2026-11-05') }],
    ['R13 approved Mon 10:00: transfer by Tue 10:00', 'head', 'approveTransfer', undefined, 'PENDING_APPROVAL', 'PENDING_APPROVAL', MON.toISOString(), { TRANSFER: '2026-11-03T02:00:00.000Z' }],
    ['R14 transferred Mon 10:00: receipt or forward by Tue 10:00', 'officer', 'transferCase', undefined, 'APPROVED', 'APPROVED', MON.toISOString(), { RECEIPT: '2026-11-03T02:00:00.000Z' }],
    ['R17 accepted Mon 10:00: filing decision by 24:00 Thu 5 Nov', 'police', 'acknowledgeReceipt', undefined, 'TRANSFERRED', 'TRANSFERRED', MON.toISOString(), { FILING_DECISION: endOfIso('2026-11-05') }],
    ['R17 accepted Wed 4 Nov 23:30: last day Sat 7 Nov → Mon 9 Nov', 'police', 'acknowledgeReceipt', undefined, 'TRANSFERRED', 'TRANSFERRED', '2026-11-04T15:30:00.000Z', { FILING_DECISION: endOfIso('2026-11-09') }],
    ['R15 materials requested Mon: the agency supplements by 24:00 Thu 5 Nov', 'police', 'requestMaterials', undefined, 'RECEIVED', 'RECEIVED', MON.toISOString(), { MATERIALS_SUPPLEMENT: endOfIso('2026-11-05') }],
    ['R17 supplemented Mon: the filing clock starts again', 'officer', 'supplementMaterials', undefined, 'MATERIALS_REQUESTED', 'MATERIALS_REQUESTED', MON.toISOString(), { FILING_DECISION: endOfIso('2026-11-05') }],
    ['R19 filed Mon with seized goods: handover by 24:00 Thu 5 Nov', 'policeHead', 'fileCase', undefined, 'RECEIVED', 'RECEIVED', MON.toISOString(), { GOODS_HANDOVER: endOfIso('2026-11-05') }],
    ['R20/R23 not filed Mon: reconsideration request by Thu 5 Nov, penalty X = 30 days to Wed 2 Dec', 'policeHead', 'declineToFile', undefined, 'RECEIVED', 'RECEIVED', MON.toISOString(), { RECONSIDERATION_REQUEST: endOfIso('2026-11-05'), PENALTY: endOfIso('2026-12-02') }],
    ['R21 reconsideration asked Mon: decided by Thu 5 Nov', 'officer', 'requestReconsideration', undefined, 'NOT_FILED', 'NOT_FILED', MON.toISOString(), { RECONSIDERATION_DECISION: endOfIso('2026-11-05') }],
    ['R22/R23 upheld Mon: supervision request by Thu 5 Nov, penalty by Wed 2 Dec', 'policeHead', 'decideReconsideration', 'UPHOLD', 'RECONSIDERATION_REQUESTED', 'RECONSIDERATION_REQUESTED', MON.toISOString(), { SUPERVISION_REQUEST: endOfIso('2026-11-05'), PENALTY: endOfIso('2026-12-02') }],
    ['R29 reasons asked Mon: answer within 7 days, Mon 9 Nov', 'procurator', 'requestNonFilingReasons', undefined, 'NOT_FILED', 'NOT_FILED', MON.toISOString(), { NON_FILING_REASONS: endOfIso('2026-11-09') }],
    ['R30/R31 answered Mon: the procuratorate weighs them within 10 days, Thu 12 Nov', 'police', 'answerNonFilingReasons', undefined, 'NON_FILING_REASONS_REQUESTED', 'NOT_FILED', MON.toISOString(), { REASONS_REVIEW: endOfIso('2026-11-12') }],
    ['R31 notified to file Mon: filed within 15 days, Tue 17 Nov', 'procurator', 'notifyFiling', undefined, 'NON_FILING_REASONS_ANSWERED', 'NOT_FILED', MON.toISOString(), { FILING_AFTER_NOTICE: endOfIso('2026-11-17') }],
    ['R35 not prosecuted Mon: hand-off within 3 working days, Thu 5 Nov', 'procurator', 'decideNotToProsecute', undefined, 'FILED', 'FILED', MON.toISOString(), { REVERSE_HANDOFF: endOfIso('2026-11-05') }],
    ['R36 handed off Mon: review within 10 working days, Mon 16 Nov', 'procurator', 'handOffReverse', undefined, 'NOT_PROSECUTED', 'FILED', MON.toISOString(), { REVERSE_REVIEW: endOfIso('2026-11-16') }],
    ['R38 opinion issued Thu 15 Oct: reply within 2 months, Tue 15 Dec', 'procurator', 'issueProcuratorialOpinion', undefined, 'REVERSE_REVIEW', 'FILED', '2026-10-15T02:00:00.000Z', { OPINION_REPLY: endOfIso('2026-12-15') }],
    ['R24 a penalty recorded on a draft starts nothing', 'officer', 'recordPenalty', undefined, 'DRAFT', 'DRAFT', MON.toISOString(), {}],
  ];
  const inputs: Partial<Record<TableAction, StepInput>> = {
    submitForApproval: { taskGroup: ['of-0047', 'of-0048'] },
    transferCase: { receivingAgencyId: AGENCY.police, seal: 'x' },
    requestMaterials: { materials: ['价格认定书'] },
    recordPenalty: { penalties: [{ decisionNumber: 'X', amount: 1, decidedOn: '2026-11-01', partyKind: 'COMPANY', partyName: 'c', partyCreditCode: '91330106MA2KABCD1X' }] },
  };
  it.each(table)('%s', (_rule, who, action, outcome, stage, status, at, expected) => {
    const c = caseAt(stage, status, action === 'acknowledgeReceipt' || action === 'transferCase' ? { receivingAgencyId: action === 'transferCase' ? null : AGENCY.police } : {});
    const row = selectTransition(WHO[who], c, action, outcome);
    const plan = planStep({ c, row, input: { reasons: 'r', ...(inputs[action] ?? {}) }, actor: WHO[who], at: new Date(at), openClocks: [], deadlines });
    expect(Object.fromEntries(plan.open.map((k) => [k.clock, k.dueAt.toISOString()]))).toEqual(expected);
  });

  it('R18 a non-filing names the agency the dossier goes back to; the police stay the receiving unit', () => {
    const c = caseAt('RECEIVED');
    const plan = planStep({ c, row: selectTransition(WHO.policeHead, c, 'declineToFile'), input: { reasons: '不构成犯罪' }, actor: WHO.policeHead, at: MON, openClocks: [], deadlines });
    expect(plan.event.data.dossierReturnedTo).toBe(AGENCY.handling);
    expect(plan.next.receivingAgencyId).toBe(AGENCY.police);
  });

  it('R28 every step is an event: who, when, from, to, reasons, documents, chained to the one before', () => {
    const c = caseAt('RECEIVED');
    const documents = [{ kind: 'NON_FILING_NOTICE' as const, sha256: 'f'.repeat(64) }];
    const plan = planStep({ c, row: selectTransition(WHO.policeHead, c, 'declineToFile'), input: { reasons: '不构成犯罪', documents }, actor: WHO.policeHead, at: MON, openClocks: [], deadlines });
    expect(plan.event).toMatchObject({ seq: 4, action: 'declineToFile', actorId: 'of-0102', actorAgencyId: AGENCY.police, at: MON, fromStage: 'RECEIVED', toStage: 'NOT_FILED', fromStatus: 'RECEIVED', toStatus: 'NOT_FILED', reasons: '不构成犯罪', documents, prevHash: 'a'.repeat(64) });
    expect(plan.event.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('R45 goods reported missing keep the handover clock running (nothing closed, nothing opened)', () => {
    const c = caseAt('FILED');
    const handover = openClock('GOODS_HANDOVER', MON, new Date(endOf('2026-11-05')));
    const plan = planStep({ c, row: selectTransition(WHO.officer, c, 'reportGoodsMissing'), input: { reasons: '扣押的10箱货物缺失2箱' }, actor: WHO.officer, at: MON, openClocks: [handover], deadlines });
    expect([plan.close, plan.open, plan.next.stage]).toEqual([[], [], 'GOODS_REPORTED_MISSING']);
  });

  it('R36 a suspended review pauses its clock; resumed, the working days left run again', () => {
    // handed off Mon 2 Nov → due 24:00 Mon 16 Nov; paused Wed 4 Nov 10:00 (8 working days left: 5, 6, 9–13, 16 Nov),
    // resumed Mon 9 Nov 10:00: 10, 11, 12, 13, 16, 17, 18, 19 Nov → 24:00 Thu 19 Nov
    const review = openClock('REVERSE_REVIEW', MON, new Date(endOf('2026-11-16')));
    const c = caseAt('REVERSE_REVIEW', 'FILED');
    const paused = planStep({ c, row: selectTransition(WHO.procurator, c, 'suspendReverseReview'), input: { reasons: '当事人申请复议' }, actor: WHO.procurator, at: new Date('2026-11-04T02:00:00.000Z'), openClocks: [review], deadlines });
    expect(paused.pause).toEqual([review.id]);
    const s = caseAt('REVERSE_REVIEW_SUSPENDED', 'FILED');
    const resumed = planStep({ c: s, row: selectTransition(WHO.procurator, s, 'resumeReverseReview'), input: {}, actor: WHO.procurator, at: new Date('2026-11-09T02:00:00.000Z'), openClocks: [{ ...review, pausedAt: new Date('2026-11-04T02:00:00.000Z') }], deadlines });
    expect(resumed.resume).toEqual([{ id: review.id, dueAt: new Date(endOf('2026-11-19')) }]);
  });
});

describe('R20/R22, decision 83: a late request is recorded with its lateness, not refused', () => {
  // [rule, action, stage, status, clock, who]
  const table: [string, TableAction, Stage, CaseStatus, ClockName, Who][] = [
    ['R20 reconsideration asked after its 3 days', 'requestReconsideration', 'NOT_FILED', 'NOT_FILED', 'RECONSIDERATION_REQUEST', 'officer'],
    ['R22 supervision asked after its 3 days', 'requestFilingSupervision', 'RECONSIDERATION_UPHELD', 'NOT_FILED', 'SUPERVISION_REQUEST', 'officer'],
  ];
  it.each(table)('%s: taken, its clock met late and overdue', (_rule, action, stage, status, clockName, who) => {
    // decided Mon 2 Nov 10:00 → due 24:00 Thu 5 Nov; asked Mon 9 Nov 10:00, 3 days 10 hours late
    const clock = openClock(clockName, MON, new Date(endOf('2026-11-05')));
    const at = new Date('2026-11-09T02:00:00.000Z');
    const c = caseAt(stage, status);
    const row = selectTransition(WHO[who], c, action);
    expect(outcomeOf(() => checkGuard(row, c, [clock], at, WHO[who]))).toBe('OK');
    const plan = planStep({ c, row, input: { reasons: '不服不予立案决定' }, actor: WHO[who], at, openClocks: [clock], deadlines });
    expect(plan.close).toContainEqual({ id: clock.id, outcome: 'MET' });
    expect(plan.event.at).toEqual(at);
    const closed = { ...clock, closedAt: at, outcome: 'MET' as const };
    const ctx = { clock: { now: () => new Date('2026-12-01T00:00:00.000Z') } } as any;
    expect([Deadline.state(closed as any), Deadline.overdue(closed as any, {}, ctx)]).toEqual(['MET', true]);
    // the same request on time is not overdue
    const onTime = { ...clock, closedAt: new Date('2026-11-05T15:59:59.999Z'), outcome: 'MET' as const };
    expect(Deadline.overdue(onTime as any, {}, ctx)).toBe(false);
  });
});

describe(`R20/R22, decision 83, through the gateway (${DATABASE_KIND})`, () => {
  let wf: WorkflowGraph;
  // a whole graph in one process: on a loaded machine it can take longer than the default hook timeout
  beforeAll(async () => {
    wf = await startWorkflowGraph();
  }, 180_000);
  afterAll(() => wf?.close());

  const history = async (id: string) => {
    const res = await wf.graph.query(`query($id: ID!) { case(id: $id) { stage deadlines(includeClosed: true) { clock state dueAt closedAt overdue } } }`, { id }, { token: await wf.token('agencyOfficer') });
    expect(res.errors).toBeUndefined();
    return res.data.case;
  };

  it('a reconsideration and a supervision request made after their 3 days are taken and recorded late', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    await wf.ok('declineToFile', id, 'policeHead', { reasons: '不构成犯罪' });
    const requestDue = running(await wf.read(id)).RECONSIDERATION_REQUEST.dueAt;
    // declined Mon 2 Nov 14:00 Beijing: due 24:00 of Thu 5 Nov
    expect(requestDue).toBe('2026-11-05T16:00:00.000Z');
    wf.clock.advance(Date.parse(requestDue) - wf.clock.now().getTime() + 2 * DAY);
    const asked = await wf.step('requestReconsideration', id, 'agencyOfficer', { reasons: '不服不予立案决定' });
    expect(asked.errors).toBeUndefined();
    const askedAt = wf.clock.now().toISOString();
    wf.clock.advance(HOUR);
    await wf.ok('decideReconsideration', id, 'policeHead', { outcome: 'UPHOLD', reasons: '维持' });
    const supervisionDue = running(await wf.read(id)).SUPERVISION_REQUEST.dueAt;
    // asked at 00:00 of Sun 8 Nov, upheld at 01:00: 9, 10, 11 Nov → 24:00 of Wed 11 Nov
    expect(supervisionDue).toBe('2026-11-11T16:00:00.000Z');
    wf.clock.advance(Date.parse(supervisionDue) - wf.clock.now().getTime() + DAY);
    await wf.ok('requestFilingSupervision', id, 'agencyOfficer', { reasons: '请求立案监督' });
    const c = await history(id);
    expect(c.stage).toBe('SUPERVISION_REQUESTED');
    const of = (clock: string) => c.deadlines.find((d: any) => d.clock === clock);
    expect(of('RECONSIDERATION_REQUEST')).toEqual({ clock: 'RECONSIDERATION_REQUEST', state: 'MET', dueAt: requestDue, closedAt: askedAt, overdue: true });
    expect(of('SUPERVISION_REQUEST')).toMatchObject({ state: 'MET', dueAt: supervisionDue, overdue: true });
    expect(of('RECONSIDERATION_DECISION')).toMatchObject({ state: 'MET', overdue: false });
  });
});

describe('R52: a notice reaches the responsible unit, its superior agency and the supervising organs; an unacknowledged one goes a level up', () => {
  const superiors = { 'ag-330106-psb': 'ag-330100-psb', 'ag-330100-psb': 'ag-330000-psb' };
  const warning = { responsibleAgencyId: 'ag-330106-psb', divisionCode: '330106' };

  it('delivered to the responsible police unit, the city police above it, the county’s supervising organs and the city’s', () => {
    expect(noticeTargets(warning, superiors)).toEqual([
      { recipient: 'RESPONSIBLE', agencyId: 'ag-330106-psb', divisionCode: null },
      { recipient: 'SUPERIOR_AGENCY', agencyId: 'ag-330100-psb', divisionCode: null },
      { recipient: 'SUPERVISING', agencyId: null, divisionCode: '330106' },
      { recipient: 'SUPERIOR', agencyId: null, divisionCode: '330100' },
    ]);
  });

  it('not acknowledged in time: the agency’s superior is told, or the division above when none is known', () => {
    const notices = [
      { agencyId: 'ag-330106-psb', divisionCode: null },
      { agencyId: null, divisionCode: '330106' },
      { agencyId: 'ag-330106-msa', divisionCode: null },
    ];
    expect(overdueNoticeTargets(notices, warning, superiors)).toEqual([
      { recipient: 'SUPERIOR_AGENCY', agencyId: 'ag-330100-psb', divisionCode: null },
      { recipient: 'SUPERIOR', agencyId: null, divisionCode: '330100' },
    ]);
  });

  it.each([
    ['Fri 6 Nov 10:00', '2026-11-06T02:00:00.000Z', '2026-11-09T16:00:00.000Z', 'one working day: 24:00 of Mon 9 Nov'],
    ['Mon 2 Nov 23:30', '2026-11-02T15:30:00.000Z', '2026-11-03T16:00:00.000Z', 'the same local day: 24:00 of Tue 3 Nov'],
    ['Wed 30 Sep 10:00', '2026-09-30T02:00:00.000Z', '2026-10-08T16:00:00.000Z', 'National Day (1–7 Oct) off: the working day is Thu 8 Oct, to its 24:00'],
  ])('a notice sent %s (%s) is acknowledged by %s: %s', (_when, sent, due) => {
    expect(ackDue(new Date(sent), DEFAULT_WARNINGS_CONFIG).toISOString()).toBe(due);
  });
});

describe('R39: a warning is raised by a rule, never by hand', () => {
  it('the only mutations that return a warning or a notice are the loop’s steps on an existing one', () => {
    const schema = buildASTSchema(parse(readFileSync(SUPERGRAPH_PATH, 'utf8')), { assumeValidSDL: true });
    const fields = Object.values((schema.getMutationType() as GraphQLObjectType).getFields());
    const onWarnings = fields.filter((f) => ['Warning', 'WarningNotice'].includes(getNamedType(f.type).name));
    expect(onWarnings.map((f) => [f.name, f.args.find((a) => a.name === 'id')?.type.toString()]).sort()).toEqual([
      ['acknowledgeNotice', 'ID!'],
      ['closeWarning', 'ID!'],
      ['handleWarning', 'ID!'],
      ['reopenWarning', 'ID!'],
      ['replyToWarning', 'ID!'],
    ]);
  });
});

describe('R55–R57: the transfer package, process documents and evidence', () => {
  it('the package the cases subgraph requires of a seal, and the one the dossiers subgraph seals by default, are the four of art. 6', () => {
    const art6 = ['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT'];
    expect([...REQUIRED_MATERIALS]).toEqual(art6);
    expect([...DEFAULT_REQUIRED_MATERIALS]).toEqual(art6);
  });
  it('a document kind for every process document and every kind of evidence the domain names', () => {
    const named = [
      'TRANSFER_REPORT', 'APPROVAL_DECISION', 'RECEIPT', 'FORWARD_NOTICE', 'FILING_NOTICE', 'NON_FILING_NOTICE',
      'RECONSIDERATION_REQUEST', 'RECONSIDERATION_DECISION', 'SUPERVISION_REQUEST', 'HANDOVER_LIST',
      'PROCURATORATE_NOTICE', 'PROCURATORIAL_OPINION', 'AGENCY_REPLY',
      'INTERVIEW_RECORD', 'INSPECTION_RECORD', 'AUDIO_VIDEO', 'ELECTRONIC_DATA', 'OTHER_MATERIAL',
    ];
    expect(DOCUMENT_KINDS).toEqual(expect.arrayContaining(named));
  });
});

describe('R40–R50: each clock rule in a plain week, yellow and red from its due time (Thu 12 Nov 2026, 10:00 Beijing)', () => {
  const RULE_OF: Record<ClockRuleKey, WarningRule> = {
    APPROVAL: approvalOverdue,
    TRANSFER: transferAfterApproval,
    RECEIPT: policeReceipt,
    FILING_DECISION: filingDecision,
    GOODS_HANDOVER: goodsHandover,
    RECONSIDERATION_DECISION: reconsiderationDecision,
    REVERSE_HANDOFF: reverseLinkageReply,
    OPINION_REPLY: reverseLinkageReply,
    PENALTY: notFiledNeverPenalised,
  };
  const started = new Date('2026-11-12T02:00:00.000Z');
  // [rule, due (UTC), first yellow instant, first red instant, why]
  const table: [ClockRuleKey, string, string | null, string | null, string][] = [
    ['APPROVAL', '2026-11-16T16:00:00.000Z', '2026-11-15T16:00:00.000Z', '2026-11-16T16:00:00.001Z', '3 days to Sun 15 → Mon 16; yellow all Monday, red after its 24:00'],
    ['TRANSFER', '2026-11-13T02:00:00.000Z', '2026-11-13T02:00:00.001Z', '2026-11-15T02:00:00.001Z', '24 h; red 72 h from the approval'],
    ['RECEIPT', '2026-11-13T02:00:00.000Z', '2026-11-13T02:00:00.001Z', null, '24 h; red only when repeated'],
    ['FILING_DECISION', '2026-11-16T16:00:00.000Z', '2026-11-16T16:00:00.001Z', '2026-11-20T16:00:00.001Z', 'red 4 days after the due time: 17–20 Nov'],
    ['GOODS_HANDOVER', '2026-11-16T16:00:00.000Z', '2026-11-16T16:00:00.001Z', null, 'red only when goods are reported missing'],
    ['RECONSIDERATION_DECISION', '2026-11-16T16:00:00.000Z', '2026-11-16T16:00:00.001Z', '2026-11-20T16:00:00.001Z', 'red past 7 days: 17–20 Nov'],
    ['REVERSE_HANDOFF', '2026-11-17T16:00:00.000Z', '2026-11-17T16:00:00.001Z', null, 'working days Fri 13, Mon 16, Tue 17'],
    ['OPINION_REPLY', '2027-01-12T16:00:00.000Z', null, '2027-01-12T16:00:00.001Z', '2 months: Tue 12 Jan 2027; red once overdue'],
    ['PENALTY', '2026-12-14T16:00:00.000Z', '2026-12-14T16:00:00.001Z', '2027-01-13T16:00:00.001Z', 'X = 30 days to Sat 12 Dec → Mon 14 Dec; 30 more: Wed 13 Jan'],
  ];
  it('names every clock rule', () => {
    expect(table.map(([k]) => k).sort()).toEqual([...CLOCK_RULE_KEYS].sort());
  });
  it.each(table)('%s due %s: yellow from %s, red from %s (%s)', (key, due, yellow, red) => {
    const clock = { clock: key, startedAt: started, dueAt: new Date(due), pausedAt: null, closedAt: null };
    expect(deadlines.calendar.dueAt(started, deadlines.periods[key]).toISOString()).toBe(due);
    expect(warningTimes(clock, key, DEFAULT_WARNINGS_CONFIG)).toEqual({ yellow: yellow && new Date(yellow), red: red && new Date(red) });
    const levelAt = (iso: string, delta = 0) => RULE_OF[key].evaluate(facts({ clocks: [clock], transferred: true, receivingAgencyId: AGENCY.police }), new Date(Date.parse(iso) + delta), DEFAULT_WARNINGS_CONFIG)?.level ?? null;
    expect(levelAt((yellow ?? red)!, -1)).toBeNull();
    if (yellow) expect(levelAt(yellow)).toBe('YELLOW');
    if (yellow && red) expect(levelAt(red, -1)).toBe('YELLOW');
    if (red) expect(levelAt(red)).toBe('RED');
  });
});

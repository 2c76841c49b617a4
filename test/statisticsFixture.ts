import type { Database } from '../subgraphs/kit/db';
import { caseDeadlines, cases, warnings } from '../subgraphs/cases/db/schema';

/**
 * A small fixed data set for statistics tests, registered in 2024 (the demo's cases are recent,
 * so a 2024 date range selects these alone). Every expected figure in test/statistics.test.ts is
 * worked out by hand from the tables below.
 *
 * | case | agency | sector | registered (+08:00) | milestones | status |
 * |---|---|---|---|---|---|
 * | A1 | 330106 msa | MARKET | 2024-03 | transferred, filed | FILED |
 * | A2 | 330106 msa | MARKET | 2024-03 | transferred, filed | GOODS_HANDED_OVER |
 * | A3 | 330106 msa | MARKET | 2024-03 | transferred, not filed, reconsideration | RECONSIDERATION_REQUESTED |
 * | A4 | 330106 msa | MARKET | 2024-03 | transferred, not filed then filed, reconsideration | FILED |
 * | A5 | 330106 msa | MARKET | 2024-03 | — | DRAFT |
 * | A6 | 330106 msa | MARKET | 2024-03 | transferred, filed, not prosecuted | FILED |
 * | B1 | 330106 msa | MARKET | 2024-04 (01:00 local on 1 April, still March in UTC) | transferred, filed | FILED |
 * | B2 | 330106 msa | MARKET | 2024-04 | — | DRAFT |
 * | C1–C7 | 330106 eco | ECOLOGY | 2024-03 | all transferred; C1–C3 filed, C4 not filed | … |
 * | D1–D3 | 330212 msa | MARKET | 2024-03 | D1 transferred and filed | … |
 *
 * Clocks (hours to be met; due after 72 h for filing decisions, 24 h for receipts, 72 h for approval):
 * FILING_DECISION A1 24, A2 48, A3 60, A4 96 (late), A6 12, B1 36; RECEIPT C5 open (past due),
 * C6 10, C7 30 (late); APPROVAL A1 24, A2 80 (late).
 * Warnings: A3 RED open, reply due in 2024 (overdue), responsible 330106 police; C4 YELLOW resolved
 * without escalation, responsible 330106 police.
 */
export const FIXTURE_FROM = '2023-12-31T16:00:00.000Z';
export const FIXTURE_TO = '2024-12-31T16:00:00.000Z';

const MSA = 'ag-330106-msa';
const ECO = 'ag-330106-eco';
const MSA_YZ = 'ag-330212-msa';
const PSB = 'ag-330106-psb';
const PSB_YZ = 'ag-330212-psb';

export type Milestone = 'T' | 'F' | 'N' | 'R' | 'P';
const HOUR = 3_600_000;

/** A case row of the fixture's kind: sector and division from the agency, the receiving police when transferred (T). */
export function caseRow(id: string, agency: string, at: string, status: string, milestones: Milestone[]) {
  const created = new Date(at);
  const m = (x: Milestone, h: number) => (milestones.includes(x) ? new Date(created.getTime() + h * HOUR) : null);
  const [sector, division] = agency === ECO ? ['ECOLOGY_ENVIRONMENT', '330106'] : agency === MSA ? ['MARKET_SUPERVISION', '330106'] : ['MARKET_SUPERVISION', '330212'];
  return {
    id: `st-${id}`,
    number: `XF-${division}-2024-ST${id}`,
    title: `statistics fixture ${id}`,
    sector: sector as 'MARKET_SUPERVISION',
    status: status as 'FILED',
    stage: status as 'FILED',
    handlingAgencyId: agency,
    receivingAgencyId: milestones.includes('T') ? (agency === MSA_YZ ? PSB_YZ : PSB) : null,
    divisionCode: division,
    facts: 'fixture',
    amountInvolved: 1000,
    createdBy: 'fixture',
    createdAt: created,
    updatedAt: created,
    transferredAt: m('T', 10),
    filedAt: m('F', 50),
    notFiledAt: m('N', 40),
    reconsiderationRequestedAt: m('R', 60),
    notProsecutedAt: m('P', 100),
  };
}

const MARCH = '2024-03-04T02:00:00.000Z';
const CASES = [
  caseRow('A1', MSA, MARCH, 'FILED', ['T', 'F']),
  caseRow('A2', MSA, MARCH, 'GOODS_HANDED_OVER', ['T', 'F']),
  caseRow('A3', MSA, MARCH, 'RECONSIDERATION_REQUESTED', ['T', 'N', 'R']),
  caseRow('A4', MSA, MARCH, 'FILED', ['T', 'N', 'F', 'R']),
  caseRow('A5', MSA, MARCH, 'DRAFT', []),
  caseRow('A6', MSA, MARCH, 'FILED', ['T', 'F', 'P']),
  caseRow('B1', MSA, '2024-03-31T17:00:00.000Z', 'FILED', ['T', 'F']),
  caseRow('B2', MSA, '2024-04-10T02:00:00.000Z', 'DRAFT', []),
  ...[1, 2, 3].map((i) => caseRow(`C${i}`, ECO, MARCH, 'FILED', ['T', 'F'])),
  caseRow('C4', ECO, MARCH, 'NOT_FILED', ['T', 'N']),
  ...[5, 6, 7].map((i) => caseRow(`C${i}`, ECO, MARCH, i === 5 ? 'TRANSFERRED' : 'RECEIVED', ['T'])),
  caseRow('D1', MSA_YZ, MARCH, 'FILED', ['T', 'F']),
  caseRow('D2', MSA_YZ, MARCH, 'DRAFT', []),
  caseRow('D3', MSA_YZ, MARCH, 'DRAFT', []),
];

function clock(caseId: string, name: 'FILING_DECISION' | 'RECEIPT' | 'APPROVAL', dueHours: number, metAfterHours: number | null) {
  const started = new Date('2024-03-05T00:00:00.000Z');
  return {
    id: `st-${caseId}-${name}`,
    caseId: `st-${caseId}`,
    clock: name,
    awaits: ['fixture'],
    responsible: name === 'APPROVAL' ? 'HANDLING_AGENCY' : 'RECEIVING_POLICE',
    period: `${dueHours}h`,
    startedAt: started,
    dueAt: new Date(started.getTime() + dueHours * HOUR),
    closedAt: metAfterHours === null ? null : new Date(started.getTime() + metAfterHours * HOUR),
    outcome: metAfterHours === null ? null : ('MET' as const),
    openedBySeq: 1,
    closedBySeq: metAfterHours === null ? null : 2,
  };
}

const CLOCKS = [
  clock('A1', 'FILING_DECISION', 72, 24),
  clock('A2', 'FILING_DECISION', 72, 48),
  clock('A3', 'FILING_DECISION', 72, 60),
  clock('A4', 'FILING_DECISION', 72, 96),
  clock('A6', 'FILING_DECISION', 72, 12),
  clock('B1', 'FILING_DECISION', 72, 36),
  clock('C5', 'RECEIPT', 24, null),
  clock('C6', 'RECEIPT', 24, 10),
  clock('C7', 'RECEIPT', 24, 30),
  clock('A1', 'APPROVAL', 72, 24),
  clock('A2', 'APPROVAL', 72, 80),
];

function warning(caseId: string, level: 'RED' | 'YELLOW', ended: boolean) {
  const c = CASES.find((x) => x.id === `st-${caseId}`)!;
  const raised = new Date('2024-03-09T00:00:00.000Z');
  return {
    id: `st-w-${caseId}`,
    caseId: c.id,
    caseNumber: c.number,
    rule: 'FILING_DECISION' as never,
    code: 'FIXTURE',
    level,
    step: ended ? ('RESOLVED' as const) : ('NOTIFIED' as const),
    responsible: 'RECEIVING_POLICE',
    responsibleAgencyId: PSB,
    handlingAgencyId: c.handlingAgencyId,
    receivingAgencyId: c.receivingAgencyId,
    divisionCode: c.divisionCode,
    reason: 'fixture',
    raisedAt: raised,
    replyDueAt: new Date(raised.getTime() + 120 * HOUR),
    escalations: 0,
    endedAt: ended ? new Date(raised.getTime() + 24 * HOUR) : null,
    updatedAt: raised,
    timelineLength: 1,
    timelineHead: '0'.repeat(64),
  };
}

export async function loadStatisticsFixture(db: Database): Promise<void> {
  await db.insert(cases).values(CASES);
  await db.insert(caseDeadlines).values(CLOCKS);
  await db.insert(warnings).values([warning('A3', 'RED', false), warning('C4', 'YELLOW', true)]);
}

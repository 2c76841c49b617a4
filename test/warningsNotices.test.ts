/**
 * Notification (通报) delivered and acknowledged, through the gateway: a warning's notice reaches the
 * responsible unit, the agency above it (the city bureau above the county bureau) and the supervising
 * organs; it carries a written notice in Chinese (facts, legal article, deadlines) whose hash is in the
 * sending event; each recipient acknowledges it once; a notice left unacknowledged past its working
 * day escalates to the level above; every acknowledgement and escalation is in the warning's chain
 * and audit:verify finds nothing wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows } from '../subgraphs/kit/db';
import { DEFAULT_WARNINGS_CONFIG } from '../subgraphs/cases/warnings/config';
import { sweepWarnings } from '../subgraphs/cases/warnings/sweep';
import { auditCasesDatabase } from '../subgraphs/cases/timeline/audit';
import { HOUR, OFFICER_ID, startWorkflowGraph, type WorkflowGraph, type Who } from './workflowKit';

const CITY_MSA_OFFICER = 'xu.chunyan.hz-msa';
const NOTICE = 'id recipient agency { id } divisionCode eventSeq at acknowledgeBy acknowledgement { at eventSeq agency { id } } escalatedAt document { kind title text sha256 }';

describe('notices (通报): delivered to the superior, acknowledged, escalated when not', () => {
  let wf: WorkflowGraph;
  const sweep = () => sweepWarnings(wf.graph.subgraphs.cases!.db as never, { clock: wf.clock, config: DEFAULT_WARNINGS_CONFIG });
  const as = async (who: Who | { login: string }, query: string, variables: Record<string, unknown> = {}) =>
    wf.graph.query(query, variables, { token: typeof who === 'string' ? await wf.token(who) : await wf.graph.token(who) });
  const inbox = async (who: Who | { login: string }, pending = false) => {
    const r = await as(who, `query($p: Boolean) { noticeInbox(first: 100, pending: $p) { nodes { ${NOTICE} warning { id } } } }`, { p: pending });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.noticeInbox.nodes as any[];
  };
  const ack = (who: Who | { login: string }, id: string) => as(who, `mutation($id: ID!) { acknowledgeNotice(id: $id) { id acknowledgement { eventSeq agency { id } } } }`, { id });

  let warningId = '';
  beforeAll(async () => {
    wf = await startWorkflowGraph();
    // approved Monday 10:00 and not transferred: the transfer warning is yellow once its 24 h are past
    wf.clock.set('2026-11-02T02:00:00.000Z');
    const id = await wf.createCase();
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    await wf.ok('approveTransfer', id, 'agencyHead');
    wf.clock.set('2026-11-03T03:00:00.000Z'); // Tuesday 11:00
    await sweep();
    const r = await as('agencyOfficer', 'query($id: ID!) { case(id: $id) { warnings { id rule } } }', { id });
    warningId = r.data.case.warnings.find((w: any) => w.rule === 'TRANSFER_AFTER_APPROVAL').id;
  }, 120_000);
  afterAll(async () => wf?.close());

  it('reaches the agency above the responsible unit, which reads the written notice but not the warning', async () => {
    const mine = (await inbox({ login: CITY_MSA_OFFICER })).filter((n) => n.warning === null && n.document?.text.includes('批准后未移送'));
    const notice = mine.find((n) => n.recipient === 'SUPERIOR_AGENCY');
    expect(notice).toBeDefined();
    expect(notice.agency.id).toBe('ag-330100-msa');
    // the city bureau has no relation to the case: it may not open the warning itself
    expect((await as({ login: CITY_MSA_OFFICER }, 'query($id: ID!) { warning(id: $id) { id } }', { id: warningId })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // the written notice: the rule in Chinese, the level, the legal due time (Monday 10:00 + 24 h), the article, who must acknowledge by when
    const { document: doc } = notice;
    expect(doc.kind).toBe('WARNING_NOTICE');
    expect(doc.title).toMatch(/^关于案件XF-330106-2026-\d{4}“批准后未移送”的通报（黄码）$/);
    expect(doc.text).toContain('法定期限届满时间为2026年11月3日 10:00（北京时间）');
    expect(doc.text).toContain('依据：《行政执法机关移送涉嫌犯罪案件的规定》第五条、第六条。');
    expect(doc.text).toContain('责任单位的上级机关（ag-330100-msa）');
    expect(doc.text).toContain('各接收单位请于2026年11月4日 24:00（北京时间）前签收本通报');
    expect(doc.sha256).toBe(createHash('sha256').update(doc.text, 'utf8').digest('hex'));
    expect(notice.acknowledgeBy).toBe('2026-11-04T16:00:00.000Z'); // one working day: 24:00 of Wednesday (the day it was sent is not counted)
  });

  it('each recipient acknowledges once; a stranger cannot; the acknowledgement is an event of the chain', async () => {
    const own = (await inbox('agencyOfficer', true)).find((n) => n.warning?.id === warningId && n.recipient === 'RESPONSIBLE');
    expect(own.acknowledgement).toBeNull();
    expect((await ack('police', own.id)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const done = await ack('agencyOfficer', own.id);
    expect(done.errors).toBeUndefined();
    expect(done.data.acknowledgeNotice.acknowledgement.agency.id).toBe('ag-330106-msa');
    const again = await ack('agencyHead', own.id);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await inbox('agencyOfficer', true)).map((n) => n.id)).not.toContain(own.id);
    const sup = (await inbox('procurator', true)).find((n) => n.warning?.id === warningId && n.recipient === 'SUPERVISING');
    expect((await ack('procurator', sup.id)).errors).toBeUndefined();
    const w = await as('procurator', 'query($id: ID!) { warning(id: $id) { timeline { seq action actorAgency { id } } } }', { id: warningId });
    expect(w.data.warning.timeline.map((e: any) => [e.action, e.actorAgency?.id ?? null])).toEqual([
      ['RAISED', null],
      ['NOTIFIED', null],
      ['ACKNOWLEDGED', 'ag-330106-msa'],
      ['ACKNOWLEDGED', 'ag-330106-proc'],
    ]);
  });

  it('a notice not acknowledged by its deadline escalates to the level above; acknowledged ones do not; the audit verifies', async () => {
    wf.clock.set('2026-11-04T15:59:00.000Z');
    await sweep();
    let w = await as('procurator', 'query($id: ID!) { warning(id: $id) { timeline { seq action } notices { recipient agency { id } divisionCode eventSeq escalatedAt } } }', { id: warningId });
    expect(w.data.warning.timeline.map((e: any) => e.action)).not.toContain('NOTICE_OVERDUE');
    wf.clock.set('2026-11-04T16:01:00.000Z');
    await sweep();
    w = await as('procurator', 'query($id: ID!) { warning(id: $id) { level timeline { seq action } notices { recipient agency { id } divisionCode eventSeq escalatedAt } } }', { id: warningId });
    const timeline = w.data.warning.timeline;
    const overdue = timeline.find((e: any) => e.action === 'NOTICE_OVERDUE');
    expect(overdue).toBeDefined();
    const notices = w.data.warning.notices;
    // escalated: the superior agency's and the city organs' notices, not the two acknowledged ones
    const escalated = notices.filter((n: any) => n.escalatedAt).map((n: any) => `${n.recipient}:${n.agency?.id ?? n.divisionCode}`).sort();
    expect(escalated).toEqual(['SUPERIOR:330100', 'SUPERIOR_AGENCY:ag-330100-msa']);
    // told: above the city bureau (no superior known: the organs of the division above the case's) and above the city's organs
    const told = notices.filter((n: any) => n.eventSeq === overdue.seq).map((n: any) => `${n.recipient}:${n.agency?.id ?? n.divisionCode}`).sort();
    expect(told).toEqual(['SUPERIOR:330000', 'SUPERIOR:330100']);
    const report = await auditCasesDatabase(wf.graph.subgraphs.cases!.db as never);
    expect(report.problems).toEqual([]);
    expect(report.broken).toEqual([]);
  });
  it('an outcome row without its event, or an event without its outcome row, is named by the audit', async () => {
    const db = wf.graph.subgraphs.cases!.db as never;
    const [w] = await queryRows<{ code: string; case_number: string }>(db, sql`select code, case_number from warnings where id = ${warningId}`);
    const name = `warning ${w!.code} on ${w!.case_number} (${warningId})`;
    const [acked] = await queryRows<{ notice_id: string; event_seq: number }>(db, sql`select notice_id, event_seq from warning_notice_outcomes where warning_id = ${warningId} and outcome = 'ACKNOWLEDGED' order by event_seq limit 1`);
    const [open] = await queryRows<{ id: string }>(
      db,
      sql`select id from warning_notices n where warning_id = ${warningId} and not exists (select 1 from warning_notice_outcomes o where o.notice_id = n.id) order by event_seq, id limit 1`,
    );
    // As an administrator: an acknowledgement slipped in with no event, and a real one's row removed (triggers off).
    await (db as any).transaction(async (tx: any) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`insert into warning_notice_outcomes (notice_id, outcome, warning_id, event_seq, actor_id, actor_agency_id, at) values (${open!.id}, 'ACKNOWLEDGED', ${warningId}, 3, 'of-forged', null, '2026-11-04T00:00:00Z')`);
      await tx.execute(sql`delete from warning_notice_outcomes where notice_id = ${acked!.notice_id} and outcome = 'ACKNOWLEDGED'`);
    });
    const report = await auditCasesDatabase(db);
    expect(report.broken).toEqual([]);
    expect(report.problems).toEqual([
      `MISMATCH ${name}: notice ${open!.id} is recorded as ACKNOWLEDGED (event 3) but no event of its timeline records that`,
      `MISMATCH ${name}: event ${acked!.event_seq} (ACKNOWLEDGED) records notice ${acked!.notice_id} as ACKNOWLEDGED but its outcome row is missing`,
    ]);
  });
});

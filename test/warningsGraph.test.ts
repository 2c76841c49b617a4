/**
 * Supervision warnings through the gateway, with agencies' and supervisors' tokens, on a moving
 * clock: a rule's yellow and red points, a cause cured by a workflow step (resolved in the step's own
 * transaction), the whole loop (notify → handle → feed back → close), a missed reply that escalates,
 * inboxes, the red/yellow board and who sees what.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WARNINGS_CONFIG } from '../subgraphs/cases/warnings/config';
import { sweepWarnings } from '../subgraphs/cases/warnings/sweep';
import { DAY, HOUR, bringToReceived, company, startWorkflowGraph, OFFICER_ID, type WorkflowGraph, type Who } from './workflowKit';

const WARNING = 'id code rule level step title titleEn article articleEn responsible responsibleAgency { id } divisionCode reason raisedAt replyDueAt escalations endedAt';
const TIMELINE = 'timeline { seq action level step bySystem actor { id } actorAgency { id } at note documents { kind sha256 } prevHash hash } notices { recipient agency { id } divisionCode eventSeq }';

describe('supervision warnings through the gateway', () => {
  let wf: WorkflowGraph;
  const sweep = () => sweepWarnings(wf.graph.subgraphs.cases!.db as never, { clock: wf.clock, config: DEFAULT_WARNINGS_CONFIG });
  const q = async (who: Who, query: string, variables: Record<string, unknown> = {}) => wf.graph.query(query, variables, { token: await wf.token(who) });
  const caseWarnings = async (caseId: string, who: Who = 'procurator', includeEnded = false) => {
    const r = await q(who, `query($id: ID!, $e: Boolean) { case(id: $id) { warnings(includeEnded: $e) { id } } }`, { id: caseId, e: includeEnded });
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    // one warning at a time with its timeline (a list of timelines of documents is past the gateway's cost limit)
    const out = [];
    for (const { id } of r.data.case.warnings) {
      const one = await q(who, `query($id: ID!) { warning(id: $id) { ${WARNING} ${TIMELINE} } }`, { id });
      if (one.errors) throw new Error(JSON.stringify(one.errors));
      out.push(one.data.warning);
    }
    return out as any[];
  };
  const loop = async (verb: string, id: string, who: Who, input: Record<string, unknown> | null = null) =>
    q(who, `mutation($id: ID!, $i: WarningStepInput${verb === 'closeWarning' ? '' : '!'}) { ${verb}(id: $id, input: $i) { ${WARNING} ${TIMELINE} } }`, { id, i: input ?? (verb === 'closeWarning' ? null : {}) });

  beforeAll(async () => {
    wf = await startWorkflowGraph();
  }, 120_000);
  afterAll(async () => wf?.close());

  it('the demo board is not empty on first start (the seed ran the sweep)', async () => {
    const r = await q('cityProcurator', '{ warningBoard { divisionCode red yellow byRule { rule red yellow } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data.warningBoard.red + r.data.warningBoard.yellow).toBeGreaterThan(0);
  });

  it('approval: yellow once its last day has begun, red past the due time, resolved by the step that cures it', async () => {
    // Submitted Monday 2 Nov 2026, 10:00 Beijing: due at 24:00 of Thursday 5 Nov (2026-11-05T16:00Z).
    wf.clock.set('2026-11-02T02:00:00.000Z');
    const id = await wf.createCase();
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    const due = (await q('agencyOfficer', 'query($id: ID!) { case(id: $id) { deadlines { clock dueAt } } }', { id })).data.case.deadlines;
    expect(due).toEqual([{ clock: 'APPROVAL', dueAt: '2026-11-05T16:00:00.000Z' }]);
    wf.clock.set('2026-11-04T15:59:00.000Z'); // Wednesday 23:59: 62 h after submission, nothing yet
    await sweep();
    expect(await caseWarnings(id)).toEqual([]);
    wf.clock.set('2026-11-04T16:01:00.000Z'); // Thursday 00:01: the last day has begun
    await sweep();
    let [w] = await caseWarnings(id);
    expect([w.rule, w.code, w.level, w.step, w.responsible, w.responsibleAgency.id]).toEqual(['APPROVAL_OVERDUE', 'W310-05-APPROVAL', 'YELLOW', 'NOTIFIED', 'HANDLING_AGENCY', 'ag-330106-msa']);
    expect([w.title, w.titleEn, w.article, w.articleEn]).toEqual(['移送审批超期', 'Transfer approval overdue', '《行政执法机关移送涉嫌犯罪案件的规定》第五条', 'Decree 310 art. 5']);
    wf.clock.set('2026-11-05T15:59:00.000Z'); // Thursday 23:59: still within the period
    await sweep();
    [w] = await caseWarnings(id);
    expect(w.level).toBe('YELLOW');
    wf.clock.set('2026-11-05T16:01:00.000Z'); // Friday 00:01: overdue
    await sweep();
    [w] = await caseWarnings(id);
    expect(w.level).toBe('RED');
    // the head decides: the step's own transaction resolves the warning, no sweep needed
    await wf.ok('approveTransfer', id, 'agencyHead');
    expect(await caseWarnings(id)).toEqual([]);
    const ended = (await caseWarnings(id, 'procurator', true)).find((x) => x.id === w.id);
    expect([ended.step, ended.timeline.map((e: any) => e.action)]).toEqual(['RESOLVED', ['RAISED', 'NOTIFIED', 'ESCALATED', 'RESOLVED']]);
    expect(ended.timeline.at(-1).note).toBe('resolved by the system: the agency head decided on the transfer report');
  });

  it('the whole loop: notify, handle and feed back by the agency, close by a supervisor only', async () => {
    const id = await wf.createCase();
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    await wf.ok('approveTransfer', id, 'agencyHead');
    wf.clock.advance(25 * HOUR);
    await sweep();
    const [w] = await caseWarnings(id, 'agencyOfficer');
    expect([w.rule, w.level]).toEqual(['TRANSFER_AFTER_APPROVAL', 'YELLOW']);
    expect(w.notices.map((n: any) => n.recipient).sort()).toEqual(['RESPONSIBLE', 'SUPERIOR', 'SUPERIOR_AGENCY', 'SUPERVISING']);
    // notify: each recipient finds it in its inbox
    for (const who of ['agencyOfficer', 'procurator', 'cityProcurator'] as Who[]) {
      const inbox = await q(who, '{ warningInbox(first: 100) { nodes { id } } }');
      expect(inbox.data.warningInbox.nodes.map((n: any) => n.id), who).toContain(w.id);
    }
    expect((await q('police', '{ warningInbox(first: 100) { nodes { id } } }')).data.warningInbox.nodes.map((n: any) => n.id)).not.toContain(w.id);
    // handle
    // Evidence is a document of the case's dossier: a hash it does not hold is refused.
    const { documents, documentStatement } = await wf.attach(id, 'agencyOfficer', 'OTHER_MATERIAL');
    const doc = documents[0]!;
    const notInDossier = await loop('handleWarning', w.id, 'agencyOfficer', { note: '材料已备齐', documents: [{ kind: 'OTHER_MATERIAL', sha256: 'b'.repeat(64) }], documentStatement });
    expect(notInDossier.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.documents.0.sha256' });
    const noStatement = await loop('handleWarning', w.id, 'agencyOfficer', { note: '材料已备齐', documents: [doc] });
    expect(noStatement.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.documentStatement' });
    expect((await loop('handleWarning', w.id, 'police', { note: 'x' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await loop('handleWarning', w.id, 'agencyOfficer', { note: '' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const handled = await loop('handleWarning', w.id, 'agencyOfficer', { note: '移送材料已备齐，今日移送', documents: [doc], documentStatement });
    expect(handled.data.handleWarning.step).toBe('HANDLED');
    expect((await loop('closeWarning', w.id, 'procurator')).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // feed back
    const replied = await loop('replyToWarning', w.id, 'agencyOfficer', { note: '已于今日移送公安机关', documents: [doc], documentStatement: await wf.documentStatement(id, 'agencyOfficer') });
    expect(replied.data.replyToWarning.step).toBe('REPLIED');
    // close: not the agency, not its head, a supervisor
    expect((await loop('closeWarning', w.id, 'agencyHead')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const closed = await loop('closeWarning', w.id, 'procurator');
    expect(closed.errors).toBeUndefined();
    const c = closed.data.closeWarning;
    expect(c.step).toBe('CLOSED');
    expect(c.timeline.map((e: any) => [e.action, e.bySystem, e.actor?.id ?? null])).toEqual([
      ['RAISED', true, null],
      ['NOTIFIED', true, null],
      ['HANDLED', false, expect.any(String)],
      ['REPLIED', false, expect.any(String)],
      ['CLOSED', false, expect.any(String)],
    ]);
    expect(c.timeline[2].documents).toEqual([doc]);
    c.timeline.forEach((e: any, i: number) => expect(e.prevHash).toBe(i ? c.timeline[i - 1].hash : '0'.repeat(64)));
    // reopen (supervisors only), then it waits for the agency again
    expect((await loop('reopenWarning', w.id, 'agencyOfficer', { note: 'x' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const reopened = await loop('reopenWarning', w.id, 'procurator', { note: '移送回执未见，重新处置' });
    expect(reopened.data.reopenWarning.step).toBe('NOTIFIED');
  });

  it('a step that breaks a rule raises its warning in the same transaction: a penalty at the threshold, never transferred (art. 11)', async () => {
    const id = await wf.createCase();
    const today = new Date(wf.clock.now().getTime() + 8 * HOUR).toISOString().slice(0, 10);
    const penalty = (n: number, amount: number) => ({ decisionNumber: `XZCF-T-${id}-${n}`, amount, decidedOn: today, partyKind: 'COMPANY', partyName: company.name, partyCreditCode: company.creditCode });
    await wf.ok('recordPenalty', id, 'agencyOfficer', { penalties: [penalty(1, 45_000)] });
    let [w] = await caseWarnings(id, 'agencyOfficer');
    expect([w.rule, w.code, w.level]).toEqual(['PENALTY_INSTEAD_OF_TRANSFER', 'W310-11-PENALTY-INSTEAD', 'YELLOW']);
    expect(w.reason).toMatch(/90 % of the MARKET_SUPERVISION criminal threshold of ¥50,000/);
    await wf.ok('recordPenalty', id, 'agencyOfficer', { penalties: [penalty(2, 50_000)] });
    [w] = await caseWarnings(id, 'agencyOfficer');
    expect(w.level).toBe('RED');
    // the city procuratorate supervises the county: the warning is on its board too
    const organ = await q('cityProcurator', 'query($id: ID!) { warning(id: $id) { code level reason } }', { id: w.id });
    expect(organ.data.warning.code).toBe('W310-11-PENALTY-INSTEAD');
  });

  it('a missed feed-back deadline escalates to red and to the division above', async () => {
    wf.clock.set('2026-11-09T02:00:00.000Z'); // Monday 9 Nov, 10:00 Beijing
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    await wf.ok('declineToFile', id, 'policeHead', { reasons: '不构成犯罪' });
    // declined on 9 Nov: 30 days to Wednesday 9 Dec, due at its 24:00 (2026-12-09T16:00Z)
    const clocks = (await q('agencyOfficer', 'query($id: ID!) { case(id: $id) { deadlines { clock state dueAt } } }', { id })).data.case.deadlines;
    expect(clocks.find((d: any) => d.clock === 'PENALTY' && d.state === 'RUNNING')?.dueAt).toBe('2026-12-09T16:00:00.000Z');
    wf.clock.set('2026-12-09T15:59:00.000Z');
    await sweep();
    expect((await caseWarnings(id)).filter((x) => x.rule === 'NOT_FILED_NEVER_PENALISED')).toEqual([]);
    wf.clock.set('2026-12-09T16:01:00.000Z');
    await sweep();
    let [w] = (await caseWarnings(id)).filter((x) => x.rule === 'NOT_FILED_NEVER_PENALISED');
    expect([w.level, w.escalations, w.responsibleAgency.id]).toEqual(['YELLOW', 0, 'ag-330106-msa']);
    wf.clock.advance(5 * DAY + HOUR);
    await sweep();
    [w] = (await caseWarnings(id)).filter((x) => x.rule === 'NOT_FILED_NEVER_PENALISED');
    expect([w.level, w.escalations]).toEqual(['RED', 1]);
    // the same sweep escalates the first notices, which nobody acknowledged in their working day
    expect(w.timeline.map((e: any) => e.action)).toEqual(['RAISED', 'NOTIFIED', 'REPLY_OVERDUE', 'NOTICE_OVERDUE']);
    expect(w.notices.filter((n: any) => n.eventSeq === 3).map((n: any) => n.divisionCode ?? n.agency.id).sort()).toEqual(['330000', '330106', 'ag-330100-msa', 'ag-330106-msa']);
  });

  it('lists by level, rule, agency, jurisdiction and step with keyset pages; who sees what', async () => {
    const all = await q('cityProcurator', '{ warnings(first: 100, divisionCode: "330106") { nodes { id level rule step divisionCode } } }');
    expect(all.errors).toBeUndefined();
    const nodes = all.data.warnings.nodes;
    expect(nodes.length).toBeGreaterThan(1);
    const red = await q('cityProcurator', '{ warnings(first: 100, level: RED, divisionCode: "330106") { nodes { level } } }');
    expect(red.data.warnings.nodes.every((n: any) => n.level === 'RED')).toBe(true);
    const rule = await q('cityProcurator', '{ warnings(first: 100, rule: NOT_FILED_NEVER_PENALISED) { nodes { rule } } }');
    expect(rule.data.warnings.nodes.length).toBeGreaterThan(0);
    const byAgency = await q('cityProcurator', '{ warnings(first: 100, agencyId: "ag-330106-msa") { nodes { id } } }');
    expect(byAgency.data.warnings.nodes.length).toBeGreaterThan(0);
    const notified = await q('cityProcurator', '{ warnings(first: 100, step: NOTIFIED) { nodes { step } } }');
    expect(notified.data.warnings.nodes.every((n: any) => n.step === 'NOTIFIED')).toBe(true);
    // keyset pages: no overlap, same total
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await q('cityProcurator', 'query($a: String) { warnings(first: 2, after: $a, divisionCode: "330106") { nodes { id } pageInfo { endCursor hasNextPage } } }', { a: after });
      seen.push(...page.data.warnings.nodes.map((n: any) => n.id));
      if (!page.data.warnings.pageInfo.hasNextPage) break;
      after = page.data.warnings.pageInfo.endCursor;
    }
    expect(seen).toEqual(nodes.map((n: any) => n.id));
    // another county's police sees none of these; an unrelated agency cannot open one
    const other = await q('otherPolice', '{ warnings(first: 100, divisionCode: "330106") { nodes { id } } }');
    expect(other.data.warnings.nodes).toEqual([]);
    const one = await q('otherAgency', 'query($id: ID!) { warning(id: $id) { id } }', { id: nodes[0].id });
    expect(one.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // the board counts what the caller can see in the jurisdiction
    const board = await q('procurator', '{ warningBoard(divisionCode: "330106") { red yellow } }');
    expect(board.data.warningBoard.red + board.data.warningBoard.yellow).toBe(nodes.length);
    expect((await q('procurator', '{ warningBoard(divisionCode: "33x") { red } }')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

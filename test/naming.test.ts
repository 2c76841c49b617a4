import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadDocument } from './dossierClient';
import { company, person, startWorkflowGraph, HOUR, OFFICER_ID, type WorkflowGraph, type Who } from './workflowKit';

/*
 * One naming style (issue 18 item 2): each new field returns what the field it replaces returned,
 * in the new shape (decimal text for yuan, integers for sizes, Officer and Agency entities for ids,
 * SCREAMING_CASE steps, times ending in At). The old fields stay, deprecated, until clients move.
 */
describe('renamed fields answer like the deprecated ones they replace', { timeout: 120_000 }, () => {
  let wf: WorkflowGraph;
  const q = async (who: Who, query: string, variables: Record<string, unknown> = {}, purpose?: string) =>
    wf.graph.query(query, variables, { token: await wf.token(who), purpose });
  const CREATE = `mutation($i: CreateCaseInput!) { createCase(input: $i) { id amountInvolved amountInvolvedYuan } }`;
  const input = (amount: Record<string, unknown>) => ({ title: '某公司涉嫌销售假冒注册商标的商品案', sector: 'MARKET_SUPERVISION', facts: '经查……', ...amount, parties: [person, company] });

  beforeAll(async () => {
    wf = await startWorkflowGraph();
  });
  afterAll(() => wf?.close());

  describe('money in yuan: Decimal text, exact to the fen', () => {
    it('amountInvolvedYuan given, both fields read back the same amount', async () => {
      const res = await q('agencyOfficer', CREATE, { i: input({ amountInvolvedYuan: '12345.67' }) });
      expect(res.errors).toBeUndefined();
      expect(res.data.createCase).toMatchObject({ amountInvolved: 12345.67, amountInvolvedYuan: '12345.67' });
    });

    it('the deprecated Float input still works and reads back as decimal text with two decimals', async () => {
      const res = await q('agencyOfficer', CREATE, { i: input({ amountInvolved: 120000 }) });
      expect(res.errors).toBeUndefined();
      expect(res.data.createCase).toMatchObject({ amountInvolved: 120000, amountInvolvedYuan: '120000.00' });
    });

    it('both, neither, a float or a third decimal: refused by name, nothing written', async () => {
      const both = await q('agencyOfficer', CREATE, { i: input({ amountInvolved: 1, amountInvolvedYuan: '1.00' }) });
      expect(both.errors?.[0]).toMatchObject({
        message: 'input.amountInvolvedYuan: give either amountInvolvedYuan or the deprecated amountInvolved, not both',
        extensions: { code: 'BAD_USER_INPUT', field: 'input.amountInvolvedYuan' },
      });
      const neither = await q('agencyOfficer', CREATE, { i: input({}) });
      expect(neither.errors?.[0]).toMatchObject({ message: 'input.amountInvolvedYuan: is required', extensions: { code: 'BAD_USER_INPUT' } });
      const negative = await q('agencyOfficer', CREATE, { i: input({ amountInvolvedYuan: '-5.00' }) });
      expect(negative.errors?.[0]).toMatchObject({ message: 'input.amountInvolvedYuan: must not be negative', extensions: { code: 'BAD_USER_INPUT' } });
      const float = await q('agencyOfficer', CREATE, { i: input({ amountInvolvedYuan: 12345.67 }) });
      expect(float.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(float.errors?.[0]?.message).toContain('Decimal: must be a string such as "12345.67", not a number');
      const cents = await q('agencyOfficer', CREATE, { i: input({ amountInvolvedYuan: '1.005' }) });
      expect(cents.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(cents.errors?.[0]?.message).toContain('not a decimal with at most 2 decimals');
      for (const r of [both, neither, negative, float, cents]) expect(r.data?.createCase ?? null).toBeNull();
    });

    it('a penalty: amountYuan and amount, given either way', async () => {
      const id = await wf.createCase();
      const today = wf.clock.now().toISOString().slice(0, 10);
      const penalty = (n: number, amount: Record<string, unknown>) => ({ decisionNumber: `XZCF-N-${id}-${n}`, ...amount, decidedOn: today, partyKind: 'COMPANY', partyName: company.name, partyCreditCode: company.creditCode });
      await wf.ok('recordPenalty', id, 'agencyOfficer', { penalties: [penalty(1, { amountYuan: '5000.50' }), penalty(2, { amount: 3000 })] });
      const both = await wf.step('recordPenalty', id, 'agencyOfficer', { penalties: [penalty(3, { amountYuan: '1.00', amount: 1 })] });
      expect(both.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.penalties.0.amountYuan' } });
      const res = await q('agencyOfficer', `query($id: ID!) { case(id: $id) { penalties { decisionNumber amount amountYuan } } }`, { id });
      expect(res.data.case.penalties).toEqual([
        { decisionNumber: `XZCF-N-${id}-1`, amount: 5000.5, amountYuan: '5000.50' },
        { decisionNumber: `XZCF-N-${id}-2`, amount: 3000, amountYuan: '3000.00' },
      ]);
    });
  });

  it('workflow steps in SCREAMING_CASE: CaseEvent.step, Case.availableSteps, Deadline.awaitedSteps; times end in At', async () => {
    const id = await wf.createCase();
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    const res = await q(
      'agencyHead',
      `query($id: ID!) { case(id: $id) { availableActions availableSteps timeline { action step at occurredAt } deadlines { clock awaits awaitedSteps } } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    const c = res.data.case;
    expect(c.timeline.map((e: any) => [e.action, e.step])).toEqual([
      ['createCase', 'CREATE_CASE'],
      ['submitForApproval', 'SUBMIT_FOR_APPROVAL'],
    ]);
    for (const e of c.timeline) expect(e.occurredAt).toBe(e.at);
    expect(c.timeline[1].occurredAt).toBe('2026-11-02T02:00:00.000Z');
    expect(c.availableActions).toEqual(['approveTransfer', 'refuseTransfer', 'recordPenalty', 'recordCorrection', 'markSecretMaterial', 'recordInformant']);
    expect(c.availableSteps).toEqual(['APPROVE_TRANSFER', 'REFUSE_TRANSFER', 'RECORD_PENALTY', 'RECORD_CORRECTION', 'MARK_SECRET_MATERIAL', 'RECORD_INFORMANT']);
    expect(c.deadlines).toEqual([{ clock: 'APPROVAL', awaits: ['approveTransfer', 'refuseTransfer'], awaitedSteps: ['APPROVE_TRANSFER', 'REFUSE_TRANSFER'] }]);
  });

  it('warnings: WarningEvent.occurredAt, WarningNotice.sentAt and acknowledgeDueAt, WarningNoticeAcknowledgement.acknowledgedAt', async () => {
    const id = await wf.createCase();
    const today = wf.clock.now().toISOString().slice(0, 10);
    await wf.ok('recordPenalty', id, 'agencyOfficer', { penalties: [{ decisionNumber: `XZCF-W-${id}`, amountYuan: '45000.00', decidedOn: today, partyKind: 'COMPANY', partyName: company.name, partyCreditCode: company.creditCode }] });
    const NOTICE = 'id at sentAt acknowledgeBy acknowledgeDueAt acknowledgement { at acknowledgedAt eventSeq }';
    const read = async () =>
      (await q('agencyOfficer', `query($id: ID!) { case(id: $id) { warnings { timeline { action at occurredAt } notices { recipient agency { id } ${NOTICE} } } } }`, { id })).data.case.warnings[0];
    const w = await read();
    expect(w.timeline.map((e: any) => [e.action, e.occurredAt])).toEqual([
      ['RAISED', '2026-11-02T02:00:00.000Z'],
      ['NOTIFIED', '2026-11-02T02:00:00.000Z'],
    ]);
    for (const e of w.timeline) expect(e.occurredAt).toBe(e.at);
    const mine = w.notices.find((n: any) => n.recipient === 'RESPONSIBLE');
    expect(mine).toMatchObject({ sentAt: '2026-11-02T02:00:00.000Z', at: '2026-11-02T02:00:00.000Z', acknowledgement: null });
    // one working day, counted to 24:00 local of the day after (Tuesday 3 November, Beijing)
    expect(mine.acknowledgeDueAt).toBe('2026-11-03T16:00:00.000Z');
    expect(mine.acknowledgeDueAt).toBe(mine.acknowledgeBy);

    wf.clock.advance(HOUR);
    const ack = await q('agencyOfficer', `mutation($id: ID!) { acknowledgeNotice(id: $id) { ${NOTICE} } }`, { id: mine.id });
    expect(ack.errors).toBeUndefined();
    expect(ack.data.acknowledgeNotice.acknowledgement).toEqual({ at: '2026-11-02T03:00:00.000Z', acknowledgedAt: '2026-11-02T03:00:00.000Z', eventSeq: 3 });
  });

  it('access records: reader is an Officer, agency an Agency, declaredPurpose an enum, readAt the time', async () => {
    const id = await wf.createCase();
    wf.clock.advance(HOUR);
    const at = wf.clock.now().toISOString();
    const read = await q('agencyOfficer', `query($id: ID!) { case(id: $id) { parties { name } } }`, { id }, 'CASE_HANDLING');
    expect(read.errors).toBeUndefined();
    const res = await q(
      'procurator',
      `query($id: ID!) { case(id: $id) { accessRecords(first: 10) { nodes { at readAt subject reader { id login } agencyId agency { id name } purpose declaredPurpose fields } } } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    const rows = res.data.case.accessRecords.nodes.filter((r: any) => r.subject === OFFICER_ID.agencyOfficer && r.fields.includes('Party.name'));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      at,
      readAt: at,
      subject: 'of-0047',
      reader: { id: 'of-0047', login: 'song.wenjie.xh-msa' },
      agencyId: 'ag-330106-msa',
      agency: { id: 'ag-330106-msa', name: '杭州市西湖区市场监督管理局' },
      purpose: 'CASE_HANDLING',
      declaredPurpose: 'CASE_HANDLING',
    });
  });

  it('dossiers: sizes as SafeInt, officers as Officer entities, withdrawnAt', async () => {
    const id = await wf.createCase();
    const officer = await wf.token('agencyOfficer');
    const statement = (await q('agencyOfficer', `query($c: ID!) { case(id: $c) { scopeStatement } }`, { c: id })).data.case.scopeStatement;
    const opened = await q('agencyOfficer', `mutation($c: ID!, $s: String!) { openDossier(caseId: $c, scopeStatement: $s) { id } }`, { c: id, s: statement });
    const dossierId = opened.data.openDossier.id;
    const up = await uploadDocument(wf.graph, officer, dossierId, { kind: 'INVESTIGATION_REPORT', title: '调查报告' }, 'report of eleven', { contentType: 'text/plain' });
    expect(up.status).toBe(201);
    const docId = up.body.document?.id ?? up.body.id;
    wf.clock.advance(HOUR);
    const at = wf.clock.now().toISOString();
    const withdrawn = await q(
      'agencyOfficer',
      `mutation($id: ID!) { withdrawDocument(id: $id, reason: "上传错误") { size sizeBytes createdBy createdByOfficer { id login } withdrawal { at withdrawnAt by withdrawnBy { id login } reason } } }`,
      { id: docId },
    );
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data.withdrawDocument).toEqual({
      size: 16,
      sizeBytes: 16,
      createdBy: 'of-0047',
      createdByOfficer: { id: 'of-0047', login: 'song.wenjie.xh-msa' },
      withdrawal: { at, withdrawnAt: at, by: 'of-0047', withdrawnBy: { id: 'of-0047', login: 'song.wenjie.xh-msa' }, reason: '上传错误' },
    });
    const versions = await q('agencyOfficer', `query($d: ID!) { dossier(id: $d) { versions { nodes { number createdBy createdByOfficer { id } } } } }`, { d: dossierId });
    expect(versions.data.dossier.versions.nodes).toEqual([
      { number: 3, createdBy: 'of-0047', createdByOfficer: { id: 'of-0047' } },
      { number: 2, createdBy: 'of-0047', createdByOfficer: { id: 'of-0047' } },
      { number: 1, createdBy: 'of-0047', createdByOfficer: { id: 'of-0047' } },
    ]);
    const check = await q('agencyOfficer', `query($id: ID!) { verifyDocument(id: $id) { status recordedSize recordedSizeBytes actualSize actualSizeBytes } }`, { id: docId });
    expect(check.data.verifyDocument).toEqual({ status: 'INTACT', recordedSize: 16, recordedSizeBytes: 16, actualSize: 16, actualSizeBytes: 16 });
  });

  it('seals and handovers: sealedByOfficer, handedOverByOfficer, acknowledgedByOfficer, sizeBytes', async () => {
    const id = await wf.createCase();
    const officer = await wf.token('agencyOfficer');
    const statement = (await q('agencyOfficer', `query($c: ID!) { case(id: $c) { scopeStatement } }`, { c: id })).data.case.scopeStatement;
    const dossierId = (await q('agencyOfficer', `mutation($c: ID!, $s: String!) { openDossier(caseId: $c, scopeStatement: $s) { id } }`, { c: id, s: statement })).data.openDossier.id;
    const ids: string[] = [];
    for (const kind of ['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT']) {
      const up = await uploadDocument(wf.graph, officer, dossierId, { kind, title: kind }, `${kind} ${randomUUID()}`.slice(0, 30), { contentType: 'text/plain' });
      expect(up.status).toBe(201);
      ids.push(up.body.document?.id ?? up.body.id);
    }
    const seal = await q('agencyOfficer', `mutation($d: ID!) { sealTransferPackage(dossierId: $d) { sealedBy sealedByOfficer { id login } } }`, { d: dossierId });
    expect(seal.errors).toBeUndefined();
    expect(seal.data.sealTransferPackage).toEqual({ sealedBy: 'of-0047', sealedByOfficer: { id: 'of-0047', login: 'song.wenjie.xh-msa' } });

    const HANDOVER = 'id handedOverBy handedOverByOfficer { id } acknowledgedBy acknowledgedByOfficer { id login } documents { size sizeBytes } verify { documents { recordedSize recordedSizeBytes actualSize actualSizeBytes } }';
    const handed = await q('agencyOfficer', `mutation($i: HandOverDocumentsInput!) { handOverDocuments(input: $i) { ${HANDOVER} } }`, {
      i: { dossierId, receivingAgencyId: 'ag-330106-psb', documentIds: ids.slice(0, 1) },
    });
    expect(handed.errors).toBeUndefined();
    expect(handed.data.handOverDocuments).toMatchObject({
      handedOverBy: 'of-0047',
      handedOverByOfficer: { id: 'of-0047' },
      acknowledgedBy: null,
      acknowledgedByOfficer: null,
      documents: [{ size: 30, sizeBytes: 30 }],
      verify: { documents: [{ recordedSize: 30, recordedSizeBytes: 30, actualSize: 30, actualSizeBytes: 30 }] },
    });
    const acked = await q('police', `mutation($id: ID!) { acknowledgeHandover(id: $id) { acknowledgedBy acknowledgedByOfficer { id login } } }`, { id: handed.data.handOverDocuments.id });
    expect(acked.errors).toBeUndefined();
    const police = acked.data.acknowledgeHandover;
    expect(police.acknowledgedByOfficer.login).toBe('he.tingting.xh-psb');
    expect(police.acknowledgedByOfficer.id).toBe(police.acknowledgedBy);
  });

  it('every officer the demo recorded resolves: no null the gateway cannot explain, the system is no officer', async () => {
    const dossiers = await q(
      'cityProcurator',
      `{ cases(first: 12, filter: { divisionCode: "330106" }) { nodes { number handlingAgency { id }
          dossier { documents { createdByOfficer { name } }
            versions(first: 10) { nodes { number createdByOfficer { login name } } }
            seals { sealedByOfficer { login } }
            handovers { handedOverByOfficer { login } acknowledgedByOfficer { login } } } } } }`,
      {},
      'SUPERVISION',
    );
    expect(dossiers.errors, JSON.stringify(dossiers.errors)).toBeUndefined();
    const flows = await q('cityProcurator', `{ cases(first: 12) { nodes { timeline { actor { name } } warnings { timeline { actor { name } bySystem } } } } }`, {}, 'SUPERVISION');
    expect(flows.errors, JSON.stringify(flows.errors)).toBeUndefined();
    const nodes = dossiers.data.cases.nodes as any[];
    const versions = nodes.flatMap((c) => c.dossier?.versions.nodes ?? []);
    expect(versions.length).toBeGreaterThan(20);
    for (const v of versions) expect(v.createdByOfficer).not.toBeNull();
    const handovers = nodes.flatMap((c) => c.dossier?.handovers ?? []);
    expect(handovers.length).toBeGreaterThan(0);
    for (const h of handovers) expect(h.handedOverByOfficer && h.acknowledgedByOfficer).toBeTruthy();
    const systemEvents = (flows.data.cases.nodes as any[]).flatMap((c) => (c.warnings ?? []).flatMap((w: any) => w.timeline)).filter((e: any) => e.bySystem);
    for (const e of systemEvents) expect(e.actor).toBeNull();
    // Each agency's first case officer records its demo dossiers; 西湖区公安分局's first signs their receipts.
    const recorder: Record<string, string> = { 'ag-330106-msa': 'song.wenjie.xh-msa', 'ag-330106-eco': 'zhu.guoping.xh-eco' };
    const sent = nodes.filter((c) => c.dossier?.handovers.length && recorder[c.handlingAgency.id]);
    expect(sent.length).toBeGreaterThan(0);
    for (const c of sent) {
      expect(c.dossier.versions.nodes[0].createdByOfficer.login).toBe(recorder[c.handlingAgency.id]);
      expect(c.dossier.handovers[0].acknowledgedByOfficer.login).toBe('he.tingting.xh-psb');
    }
  });
});

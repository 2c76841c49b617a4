/**
 * Safe under concurrency and retries (issue 4, item 5): two officers acting on one case at once —
 * exactly one step wins, the others get CONFLICT; a retried request (same caller, same idempotency
 * key, same input) returns the first result and writes nothing; the same key with another request
 * is a CONFLICT. On PGlite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseDeadlines, caseEvents, cases, penalties } from '../subgraphs/cases/db/schema';
import { DATABASE_KIND } from './harness';
import { AGENCY, bringToReceived, company, OFFICER_ID, person, startWorkflowGraph, type WorkflowGraph } from './workflowKit';

describe(`concurrent steps and retried requests (${DATABASE_KIND})`, () => {
  let wf: WorkflowGraph;
  beforeAll(async () => {
    wf = await startWorkflowGraph();
  });
  afterAll(() => wf?.close());

  const db = () => wf.graph.subgraphs.cases!.db;
  const rows = async (caseId: string) => {
    const [e] = await db().select({ n: count() }).from(caseEvents).where(eq(caseEvents.caseId, caseId));
    const [d] = await db().select({ n: count() }).from(caseDeadlines).where(eq(caseDeadlines.caseId, caseId));
    const [p] = await db().select({ n: count() }).from(penalties).where(eq(penalties.caseId, caseId));
    return { events: e!.n, deadlines: d!.n, penalties: p!.n };
  };
  const verified = async (caseId: string) =>
    (await wf.graph.query(`query($id: ID!) { verifyTimeline(caseId: $id) { ok events } }`, { id: caseId }, { token: await wf.token('procurator') })).data.verifyTimeline;
  const pending = async () => {
    const id = await wf.createCase();
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    return id;
  };

  it('approval and refusal sent at once: exactly one wins, the other is CONFLICT naming the new stage', async () => {
    for (let round = 0; round < 4; round++) {
      const id = await pending();
      const before = await rows(id);
      const [approve, refuse] = await Promise.all([
        wf.step('approveTransfer', id, 'agencyHead'),
        wf.step('refuseTransfer', id, 'agencyHead', { reasons: '证据不足' }),
      ]);
      const won = [approve, refuse].filter((r) => !r.errors);
      const lost = [approve, refuse].filter((r) => r.errors);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      const stage = won[0] === approve ? 'APPROVED' : 'NOT_APPROVED';
      expect(lost[0]!.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', currentStage: stage });
      expect(await rows(id)).toEqual({ ...before, events: before.events + 1, deadlines: before.deadlines + (stage === 'APPROVED' ? 1 : 0) });
      expect(await verified(id)).toEqual({ ok: true, events: 3 });
    }
  });

  it('two police officers answering one transfer at once: one receipt or one forward, never both', async () => {
    const id = await wf.createCase();
    await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
    await wf.ok('approveTransfer', id, 'agencyHead');
    await wf.ok('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.police, ...(await wf.package(id)) });
    const results = await Promise.all([
      wf.step('acknowledgeReceipt', id, 'police'),
      wf.step('forwardCase', id, 'policeHead', { receivingAgencyId: AGENCY.otherPolice, reasons: '属余杭区管辖' }),
      wf.step('acknowledgeReceipt', id, 'policeHead'),
    ]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(['CONFLICT', 'NOT_FOUND']).toContain(r.errors![0]!.extensions!.code);
    expect(await verified(id)).toEqual({ ok: true, events: 5 });
    const [c] = await db().select().from(cases).where(eq(cases.id, id));
    expect(['RECEIVED', 'FORWARDED']).toContain(c!.stage);
  });

  it('ten steps on one case at once: one event per winner, the chain stays whole', async () => {
    const id = await wf.createCase();
    await bringToReceived(wf, id);
    // Penalty records do not move the case: they queue on the row lock, and every one is written.
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        wf.step('recordPenalty', id, i % 2 ? 'agencyOfficer' : 'agencyOfficer2', {
          penalties: [{ decisionNumber: `杭西市监罚〔2026〕${300 + i}号`, amount: 1000 + i, decidedOn: '2026-11-01', partyKind: 'COMPANY', partyName: company.name, partyCreditCode: company.creditCode }],
        }),
      ),
    );
    expect(results.filter((r) => r.errors)).toEqual([]);
    expect((await rows(id)).penalties).toBe(10);
    expect(await verified(id)).toEqual({ ok: true, events: 15 });
    expect(new Set(results.map((r) => r.data.recordPenalty.event.seq))).toEqual(new Set([6, 7, 8, 9, 10, 11, 12, 13, 14, 15]));
  });

  it('a retry with the same key returns the first result and writes nothing — even after the case moved on', async () => {
    const id = await pending();
    const key = randomUUID();
    const first = await wf.ok('approveTransfer', id, 'agencyHead', null, key);
    expect(first.replayed).toBe(false);
    const after = await rows(id);
    const again = await wf.ok('approveTransfer', id, 'agencyHead', null, key);
    expect(again.replayed).toBe(true);
    expect(again.event).toEqual(first.event);
    expect(await rows(id)).toEqual(after);
    // The case moves on; the retry still answers with the first result, not with a CONFLICT.
    await wf.ok('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.police, ...(await wf.package(id)) });
    const late = await wf.ok('approveTransfer', id, 'agencyHead', null, key);
    expect([late.replayed, late.event.id, late.event.seq, late.case.stage]).toEqual([true, first.event.id, 3, 'TRANSFERRED']);
    expect((await rows(id)).events).toBe(4);
  });

  it('the same key with another request is a CONFLICT and writes nothing', async () => {
    const id = await pending();
    const key = randomUUID();
    await wf.ok('refuseTransfer', id, 'agencyHead', { reasons: '证据不足' }, key);
    const before = await rows(id);
    const otherInput = await wf.step('refuseTransfer', id, 'agencyHead', { reasons: '另一个理由' }, key);
    expect(otherInput.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', idempotencyKey: key });
    const otherVerb = await wf.step('approveTransfer', id, 'agencyHead', null, key);
    expect(otherVerb.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const otherCase = await wf.step('refuseTransfer', await pending(), 'agencyHead', { reasons: '证据不足' }, key);
    expect(otherCase.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await rows(id)).toEqual(before);
  });

  it('keys belong to their caller: another officer may use the same key for their own request', async () => {
    const id = await wf.createCase();
    const key = randomUUID();
    const mine = await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] }, key);
    const theirs = await wf.ok('adviseTransfer', id, 'procurator', { reasons: '建议移送' }, key);
    expect([mine.replayed, theirs.replayed, theirs.event.seq]).toEqual([false, false, 3]);
  });

  it('the same request retried many times at once is written once; every answer carries the same event', async () => {
    const id = await pending();
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 6 }, () => wf.step('approveTransfer', id, 'agencyHead', null, key)));
    expect(results.filter((r) => r.errors)).toEqual([]);
    const answers = results.map((r) => r.data.approveTransfer);
    expect(new Set(answers.map((a) => a.event.id)).size).toBe(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    expect((await rows(id)).events).toBe(3);
    expect(await verified(id)).toEqual({ ok: true, events: 3 });
  });

  it('createCase with a key opens one case however often it is retried', async () => {
    const key = randomUUID();
    const input = { title: '某公司涉嫌销售伪劣产品案', sector: 'MARKET_SUPERVISION', facts: '经查……', amountInvolved: 90000, parties: [person] };
    const send = async () =>
      wf.graph.query(`mutation($input: CreateCaseInput!, $k: String) { createCase(input: $input, idempotencyKey: $k) { id number } }`, { input, k: key }, { token: await wf.token('agencyOfficer') });
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    expect([a.errors, b.errors, c.errors]).toEqual([undefined, undefined, undefined]);
    expect(new Set([a.data.createCase.id, b.data.createCase.id, c.data.createCase.id]).size).toBe(1);
    const [n] = await db().select({ n: count() }).from(cases).where(eq(cases.id, a.data.createCase.id));
    expect(n!.n).toBe(1);
    const changed = await wf.graph.query(`mutation($input: CreateCaseInput!, $k: String) { createCase(input: $input, idempotencyKey: $k) { id } }`, { input: { ...input, title: '另一案' }, k: key }, { token: await wf.token('agencyOfficer') });
    expect(changed.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cases } from '../subgraphs/cases/db/schema';
import type { Database } from '../subgraphs/kit/db';
import { AGENCY, bringToReceived, HOUR, MONDAY_10AM, startWorkflowGraph, type WorkflowGraph } from './workflowKit';

/** The milestones statistics count are kept by the workflow itself, in the step's transaction. */
let wf: WorkflowGraph;
beforeAll(async () => {
  wf = await startWorkflowGraph();
}, 120_000);
afterAll(() => wf?.close());

it('records each milestone once, when the case first reaches it, and statistics count it', async () => {
  const id = await wf.createCase();
  await bringToReceived(wf, id);
  const db = wf.graph.subgraphs.cases!.db as Database;
  const row = async () => (await db.select().from(cases).where(eq(cases.id, id)))[0]!;
  const transferredAt = (await row()).transferredAt;
  expect(transferredAt?.toISOString()).toBe(new Date(Date.parse(MONDAY_10AM) + 2 * HOUR).toISOString());

  await wf.ok('declineToFile', id, 'policeHead', { reasons: '情节显著轻微，不认为是犯罪' });
  const notFiledAt = wf.clock.now().toISOString();
  wf.clock.advance(HOUR);
  await wf.ok('requestReconsideration', id, 'agencyOfficer', { reasons: '涉案金额已达追诉标准' });
  wf.clock.advance(HOUR);
  await wf.ok('decideReconsideration', id, 'policeHead', { outcome: 'FILE', reasons: '撤销原决定，予以立案' });
  const filedAt = wf.clock.now().toISOString();

  const r = await row();
  expect(r.transferredAt).toEqual(transferredAt);
  expect(r.notFiledAt?.toISOString()).toBe(notFiledAt);
  expect(r.reconsiderationRequestedAt).not.toBeNull();
  expect(r.filedAt?.toISOString()).toBe(filedAt);
  expect(r.notProsecutedAt).toBeNull();

  const res = await wf.graph.query(
    `query($f: StatisticsFilter) { caseStatistics(filter: $f) { total { cases transferred filed notFiled filingRate reconsiderations } } }`,
    { f: { agencyIds: [AGENCY.handling], from: MONDAY_10AM } },
    { token: await wf.token('procurator') },
  );
  expect(res.errors).toBeUndefined();
  // Not filed, then filed on reconsideration: it counts as filed, not as "not filed".
  expect(res.data.caseStatistics.total).toEqual({ cases: 1, transferred: 1, filed: 1, notFiled: 0, filingRate: 1, reconsiderations: 1 });
});

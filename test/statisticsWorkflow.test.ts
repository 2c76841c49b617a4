import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { cases } from '../subgraphs/cases/db/schema';
import type { Database } from '../subgraphs/kit/db';
import { AGENCY, bringToReceived, HOUR, MONDAY_10AM, OFFICER_ID, startWorkflowGraph, type WorkflowGraph } from './workflowKit';

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

it('credits each police unit with the clocks it ran, when a case is forwarded from one to another', async () => {
  wf.clock.advance(HOUR);
  const from = wf.clock.now().toISOString();
  const id = await wf.createCase();
  await wf.ok('submitForApproval', id, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
  await wf.ok('approveTransfer', id, 'agencyHead');
  await wf.ok('transferCase', id, 'agencyOfficer', { receivingAgencyId: AGENCY.cityPolice, ...(await wf.package(id)) });
  wf.clock.advance(HOUR);
  // The city police forward it on time (their receipt clock is met), 西湖区 police sign for it late.
  await wf.ok('forwardCase', id, 'cityPolice', { receivingAgencyId: AGENCY.police, reasons: '属地管辖，转西湖区公安分局' });
  wf.clock.advance(30 * HOUR);
  await wf.ok('acknowledgeReceipt', id, 'police');

  const res = await wf.graph.query(
    `query($f: StatisticsFilter) { indicatorIndex(by: AGENCY, filter: $f) { scores { agency { id } indicators { name numerator denominator } } } }`,
    { f: { from } },
    { token: await wf.token('procurator') },
  );
  expect(res.errors).toBeUndefined();
  const receipt = (agencyId: string) =>
    res.data.indicatorIndex.scores.find((s: any) => s.agency.id === agencyId)?.indicators.find((i: any) => i.name === 'ON_TIME_RECEIPT');
  // Counted for the unit that ran each clock, not for the unit that holds the case now.
  expect(receipt(AGENCY.cityPolice)).toEqual({ name: 'ON_TIME_RECEIPT', numerator: 1, denominator: 1 });
  expect(receipt(AGENCY.police)).toEqual({ name: 'ON_TIME_RECEIPT', numerator: 0, denominator: 1 });
});

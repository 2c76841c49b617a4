import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray, sql } from 'drizzle-orm';
import { ManualClock } from '../subgraphs/kit/clock';
import type { Caller } from '../subgraphs/kit/caller';
import { caseDeadlines } from '../subgraphs/cases/db/schema';
import { DEFAULT_WARNINGS_CONFIG } from '../subgraphs/cases/warnings/config';
import { runLoopStep } from '../subgraphs/cases/warnings/actions';
import { sweepWarnings } from '../subgraphs/cases/warnings/sweep';
import { evaluateCases } from '../subgraphs/cases/warnings/store';
import { warningEvents, warningNotices, warnings } from '../subgraphs/cases/warnings/tables';
import { verifyWarningChain } from '../subgraphs/cases/warnings/timeline';
import { DB_KIND, insertCases, openWarningsDb, type Db, type WarningsDb } from './warningsDb';

const T0 = new Date('2026-11-02T02:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (h: number) => new Date(T0.getTime() + h * HOUR);
const config = DEFAULT_WARNINGS_CONFIG;

const caller = (over: Partial<Caller>): Caller => ({ sub: 'of-x', agencyId: null, agencyKind: null, division: null, roles: [], purpose: null, requestId: 'r', ...over }) as Caller;
const police = caller({ sub: 'of-police', agencyId: 'ag-330106-psb', agencyKind: 'PUBLIC_SECURITY', division: '330106', roles: ['CASE_OFFICER'] });
const agency = caller({ sub: 'of-agency', agencyId: 'ag-330106-msa', agencyKind: 'ADMINISTRATIVE', division: '330106', roles: ['CASE_OFFICER'] });
const supervisor = caller({ sub: 'of-proc', agencyId: 'ag-330106-proc', agencyKind: 'PROCURATORATE', division: '330106', roles: ['SUPERVISOR'] });

async function openOf(db: Db, caseIds?: string[]) {
  const rows = await db.select().from(warnings).where(caseIds ? inArray(warnings.caseId, caseIds) : sql`true`);
  return rows.filter((w) => ['NOTIFIED', 'HANDLED', 'REPLIED'].includes(w.step));
}

describe(`warnings sweep on ${DB_KIND}`, () => {
  let h: WarningsDb;
  beforeAll(async () => {
    h = await openWarningsDb();
  }, 60_000);
  afterAll(async () => h?.close());

  it('moves the clock through yellow and red, and resolves a cured cause, with a verified hash chain', async () => {
    const { db } = h;
    await insertCases(db, [{ id: 'a-001', stage: 'PENDING_APPROVAL', clocks: [{ clock: 'APPROVAL', startedAt: T0, dueAt: at(86) }] }], T0);
    // due at 24:00 of Thu 5 Nov (at(86)): yellow from 00:00 of Thursday (at(62)), red after the due time
    const clock = new ManualClock(at(10));
    expect((await sweepWarnings(db, { clock, config })).raised).toBe(0);
    clock.set(at(61));
    expect((await sweepWarnings(db, { clock, config })).raised).toBe(0);
    clock.set(at(62));
    expect((await sweepWarnings(db, { clock, config })).raised).toBe(1);
    expect((await sweepWarnings(db, { clock, config })).raised).toBe(0);
    let [w] = await openOf(db, ['a-001']);
    expect([w!.level, w!.step, w!.code]).toEqual(['YELLOW', 'NOTIFIED', 'W310-05-APPROVAL']);
    const notices = await db.select().from(warningNotices).where(eq(warningNotices.warningId, w!.id));
    expect(notices.map((n) => [n.recipient, n.agencyId ?? n.divisionCode]).sort()).toEqual([['RESPONSIBLE', 'ag-330106-msa'], ['SUPERIOR', '330100'], ['SUPERIOR_AGENCY', 'ag-330100-msa'], ['SUPERVISING', '330106']]);
    clock.set(at(86));
    expect((await sweepWarnings(db, { clock, config })).escalated).toBe(0);
    clock.set(new Date(at(86).getTime() + 1));
    expect((await sweepWarnings(db, { clock, config })).escalated).toBe(1);
    [w] = await openOf(db, ['a-001']);
    expect(w!.level).toBe('RED');
    await db.update(caseDeadlines).set({ closedAt: at(87), outcome: 'MET', closedBySeq: 2 }).where(eq(caseDeadlines.caseId, 'a-001'));
    clock.set(at(88));
    expect((await sweepWarnings(db, { clock, config })).resolved).toBe(1);
    const [ended] = await db.select().from(warnings).where(eq(warnings.id, w!.id));
    expect(ended!.step).toBe('RESOLVED');
    const events = await db.select().from(warningEvents).where(eq(warningEvents.warningId, w!.id)).orderBy(warningEvents.seq);
    // (notices not acknowledged meanwhile escalate too: warningsNotices.test.ts)
    expect(events.map((e) => e.action).filter((a) => a !== 'NOTICE_OVERDUE')).toEqual(['RAISED', 'NOTIFIED', 'ESCALATED', 'RESOLVED']);
    expect(events.at(-1)!.note).toBe('resolved by the system: the agency head decided on the transfer report');
    expect(verifyWarningChain(events, ended!)).toBeNull();
    expect(verifyWarningChain([{ ...events[0]!, note: 'changed' }, ...events.slice(1)], ended!)).toBe(1);
    // the warning's timeline is append-only in the database too
    await expect(db.update(warningEvents).set({ note: 'changed' }).where(eq(warningEvents.id, events[0]!.id))).rejects.toThrow();
    await expect(db.delete(warningEvents).where(eq(warningEvents.id, events[0]!.id))).rejects.toThrow();
  });

  it('penalty instead of transfer on the penalty records, split penalties on one party included', async () => {
    const { db } = h;
    const company = '91330106MA27XK1234';
    await insertCases(
      db,
      [
        { id: 'p-001', penalties: [{ amount: 30_000, decidedOn: '2026-09-01', creditCode: company }] },
        { id: 'p-002', penalties: [{ amount: 30_000, decidedOn: '2026-10-01', creditCode: company }] },
        { id: 'p-003', penalties: [{ amount: 60_000, decidedOn: '2026-10-01', creditCode: '91330106MA27XK9999' }] },
        { id: 'p-004', penalties: [{ amount: 20_000, decidedOn: '2026-10-01', creditCode: '91330106MA27XK8888' }] },
        // transferred: nothing to suspect
        { id: 'p-005', receivingAgencyId: 'ag-330106-psb', stage: 'FILED', penalties: [{ amount: 90_000, decidedOn: '2026-10-01', creditCode: company }] },
      ],
      T0,
    );
    await sweepWarnings(db, { clock: new ManualClock(at(1)), config });
    const open = await openOf(db, ['p-001', 'p-002', 'p-003', 'p-004', 'p-005']);
    expect(open.map((w) => [w.caseId, w.rule, w.level]).sort()).toEqual([
      ['p-001', 'PENALTY_INSTEAD_OF_TRANSFER', 'YELLOW'],
      ['p-002', 'PENALTY_INSTEAD_OF_TRANSFER', 'YELLOW'],
      ['p-003', 'PENALTY_INSTEAD_OF_TRANSFER', 'RED'],
    ]);
    expect(open.find((w) => w.caseId === 'p-001')!.reason).toMatch(/split penalties on one party add up to ¥60,000/);
  });

  it('repeated non-filing by one police unit; police receipt red when repeated', async () => {
    const { db } = h;
    const p = 'ag-330110-psb';
    await insertCases(
      db,
      ['n-001', 'n-002', 'n-003'].map((id) => ({ id, stage: 'NOT_FILED' as const, receivingAgencyId: p, divisionCode: '330110', declinedAt: at(-24) })),
      T0,
    );
    await insertCases(
      db,
      ['r-001', 'r-002'].map((id) => ({ id, stage: 'TRANSFERRED' as const, receivingAgencyId: 'ag-330108-psb', divisionCode: '330108', clocks: [{ clock: 'RECEIPT' as const, startedAt: T0, dueAt: at(24) }] })),
      T0,
    );
    await sweepWarnings(db, { clock: new ManualClock(at(25)), config });
    const nonFiling = await openOf(db, ['n-001', 'n-002', 'n-003']);
    expect(nonFiling.map((w) => [w.rule, w.level, w.responsibleAgencyId])).toEqual(Array(3).fill(['REPEATED_NON_FILING', 'YELLOW', p]));
    const receipts = await openOf(db, ['r-001', 'r-002']);
    expect(receipts.map((w) => [w.rule, w.level])).toEqual(Array(2).fill(['POLICE_RECEIPT', 'RED']));
  });

  it('the loop: handle and reply by the responsible unit, close by a supervisor; a missed reply escalates', async () => {
    const { db } = h;
    await insertCases(db, [{ id: 'l-001', stage: 'RECEIVED', receivingAgencyId: 'ag-330106-psb', clocks: [{ clock: 'FILING_DECISION', startedAt: T0, dueAt: at(86) }] }], T0);
    // not filed, never penalised: started 08:00 on 6 Oct, 30 days to 24:00 of Thu 5 Nov (at(86)); red only
    // 30 days after that, so the loop's own deadline runs out first
    await insertCases(db, [{ id: 'l-002', stage: 'NOT_FILED', receivingAgencyId: 'ag-330106-psb', clocks: [{ clock: 'PENALTY', startedAt: at(-650), dueAt: at(86) }] }], T0);
    const clock = new ManualClock(at(90));
    await sweepWarnings(db, { clock, config });
    const [w1] = await openOf(db, ['l-001']);
    const [w2] = await openOf(db, ['l-002']);
    expect([w1!.rule, w2!.rule, w2!.level]).toEqual(['FILING_DECISION', 'NOT_FILED_NEVER_PENALISED', 'YELLOW']);
    const code = (p: Promise<unknown>) => p.then(() => 'OK', (e) => e.extensions?.code);
    expect(await code(runLoopStep(db, agency, w1!.id, 'handle', { note: 'x' }, clock.now(), config))).toBe('FORBIDDEN');
    expect(await code(runLoopStep(db, caller({ sub: 'o', agencyId: 'ag-330110-psb', agencyKind: 'PUBLIC_SECURITY', division: '330110', roles: ['CASE_OFFICER'] }), w1!.id, 'handle', { note: 'x' }, clock.now(), config))).toBe('NOT_FOUND');
    const doc = { kind: 'OTHER_MATERIAL', sha256: 'a'.repeat(64) };
    expect((await runLoopStep(db, police, w1!.id, 'handle', { note: '已立案审查，今日作出决定', documents: [doc] }, clock.now(), config)).step).toBe('HANDLED');
    expect((await runLoopStep(db, police, w1!.id, 'reply', { note: '已于今日立案', documents: [doc] }, clock.now(), config)).step).toBe('REPLIED');
    expect(await code(runLoopStep(db, police, w1!.id, 'close', {}, clock.now(), config))).toBe('FORBIDDEN');
    expect((await runLoopStep(db, supervisor, w1!.id, 'close', { note: 'ok' }, clock.now(), config)).step).toBe('CLOSED');
    // w2: nobody replies within 5 days → escalated to the province
    clock.set(at(90 + 5 * 24 + 1));
    const report = await sweepWarnings(db, { clock, config });
    expect(report.replyOverdue).toBeGreaterThanOrEqual(1); // earlier tests' warnings are overdue by now too
    const [esc] = await db.select().from(warnings).where(eq(warnings.id, w2!.id));
    expect([esc!.level, esc!.escalations]).toEqual(['RED', 1]);
    const events = await db.select().from(warningEvents).where(eq(warningEvents.warningId, w2!.id)).orderBy(warningEvents.seq);
    const replyOverdue = events.find((e) => e.action === 'REPLY_OVERDUE')!;
    expect(events.map((e) => e.action).filter((a) => a !== 'NOTICE_OVERDUE')).toEqual(['RAISED', 'NOTIFIED', 'REPLY_OVERDUE']);
    const notices = await db.select().from(warningNotices).where(eq(warningNotices.warningId, w2!.id));
    expect(notices.filter((n) => n.eventSeq === replyOverdue.seq).map((n) => n.divisionCode ?? n.agencyId).sort()).toEqual(['330000', '330106', 'ag-330100-msa', 'ag-330106-msa']);
    expect(verifyWarningChain(events, esc!)).toBeNull();
    const e1 = await db.select().from(warningEvents).where(eq(warningEvents.warningId, w1!.id)).orderBy(warningEvents.seq);
    expect(e1.map((e) => [e.action, e.actorId])).toEqual([['RAISED', 'system'], ['NOTIFIED', 'system'], ['HANDLED', 'of-police'], ['REPLIED', 'of-police'], ['CLOSED', 'of-proc']]);
    expect(e1[2]!.documents).toEqual([doc]);
  });

  it('two sweepers at once: every due case warned exactly once, none missed', async () => {
    const { db } = h;
    const ids = Array.from({ length: 400 }, (_, i) => `c-${String(i).padStart(4, '0')}`);
    // three of four are due for a yellow; the rest are not yet
    await insertCases(db, ids.map((id, i) => ({ id, stage: 'APPROVED' as const, clocks: [{ clock: 'TRANSFER' as const, startedAt: i % 4 === 3 ? at(30) : T0, dueAt: i % 4 === 3 ? at(54) : at(24) }] })), T0);
    const expected = ids.filter((_, i) => i % 4 !== 3);
    const other = await h.second();
    const clock = new ManualClock(at(30));
    const [r1, r2] = await Promise.all([sweepWarnings(db, { clock, config, batchSize: 25 }), sweepWarnings(other, { clock, config, batchSize: 25 })]);
    const rows = await db.select().from(warnings).where(inArray(warnings.caseId, ids));
    expect(rows.length).toBe(expected.length);
    expect(new Set(rows.map((r) => r.caseId)).size).toBe(expected.length);
    expect(rows.map((r) => r.caseId).sort()).toEqual(expected);
    expect(r1.raised + r2.raised).toBe(expected.length);
    // run again concurrently: nothing new
    const again = await Promise.all([sweepWarnings(db, { clock, config, batchSize: 25 }), sweepWarnings(other, { clock, config, batchSize: 25 })]);
    expect(again[0].raised + again[1].raised).toBe(0);
  });

  it('the transition hook and a sweep evaluating the same case never raise twice (unique open (case, rule))', async () => {
    const { db } = h;
    await insertCases(db, [{ id: 'u-001', stage: 'APPROVED', clocks: [{ clock: 'TRANSFER', startedAt: T0, dueAt: at(24) }] }], T0);
    const now = at(30);
    await Promise.all([
      db.transaction((tx) => evaluateCases(tx, ['u-001'], now, config)),
      db.transaction((tx) => evaluateCases(tx, ['u-001'], now, config)),
      sweepWarnings(db, { clock: new ManualClock(now), config }),
    ]);
    expect((await db.select().from(warnings).where(eq(warnings.caseId, 'u-001'))).length).toBe(1);
  });
});

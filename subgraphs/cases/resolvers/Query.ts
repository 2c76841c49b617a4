import { and, eq, type SQL } from 'drizzle-orm';
import { appendAccessLog, searchLogRow } from '../../kit/accessLog';
import type { Database } from '../../kit/db';
import { forbidden, notFound } from '../../kit/errors';
import type { ConnectionArgs } from '../../kit/pagination';
import { annotateCase, visibleCases } from '../access';
import { listCases, partySearchFields, type CaseFilter, type CaseOrder } from '../caseList';
import { cases } from '../db/schema';
import type { CaseRow } from '../loaders';
import { verifyTimeline, verifyTimelines } from '../timeline/verify';
import { latestCheckpoint } from '../timeline/graph';
import type { Ctx } from './context';

export const Query = {
  case: async (_: unknown, { id }: { id: string }, { loaders }: Ctx) => (await loaders.case.load(id)) ?? Promise.reject(notFound('case', id)),
  /** The deprecated status/sector/stage arguments are one-value filters, combined with `filter`. */
  cases: async (
    _: unknown,
    args: ConnectionArgs & { filter?: CaseFilter; orderBy?: CaseOrder; status?: CaseRow['status']; sector?: CaseRow['sector']; stage?: CaseRow['stage'] },
    { caller, db, clock, disclosures }: Ctx,
  ) => {
    const filter: CaseFilter = args.filter ?? {};
    const deprecated: SQL[] = [];
    if (args.status) deprecated.push(eq(cases.status, args.status));
    if (args.sector) deprecated.push(eq(cases.sector, args.sector));
    if (args.stage) deprecated.push(eq(cases.stage, args.stage));
    const page = await listCases(db, caller, clock.now(), args, deprecated);
    // A search by a party's name or identifier is a use of personal data: logged on every case it
    // returned, or as a search that matched none.
    const searched = partySearchFields(filter);
    if (searched.length) {
      for (const c of page.nodes) for (const f of searched) disclosures.record(c.id, f, true);
      if (!page.nodes.length) await appendAccessLog(db as Database, [searchLogRow(caller, clock.now(), searched)]);
    }
    return page;
  },
  /** By case number; NOT_FOUND alike for a number that does not exist and a case the caller has no relation to. */
  caseByNumber: async (_: unknown, { number }: { number: string }, { caller, db }: Ctx) => {
    const [row] = await db
      .select()
      .from(cases)
      .where(and(eq(cases.number, number), visibleCases(caller)));
    if (!row) throw notFound('case', number);
    return annotateCase(caller, row);
  },
  /** Anyone with a relation to the case may check its chain (C1: it reveals no content). */
  verifyTimeline: async (_: unknown, { caseId }: { caseId: string }, { loaders, db }: Ctx) => {
    if (!(await loaders.case.load(caseId))) throw notFound('case', caseId);
    return verifyTimeline(db, caseId);
  },
  /** Every chain the caller can see: an audit, so supervisors only. */
  verifyTimelines: async (_: unknown, __: unknown, { caller, db }: Ctx) => {
    if (!caller.roles.includes('SUPERVISOR')) throw forbidden('only supervisors audit every timeline');
    const ids = (await db.select({ id: cases.id }).from(cases).where(visibleCases(caller))).map((r) => r.id);
    const results = await verifyTimelines(db, ids);
    const broken = results.filter((r) => !r.ok);
    return { checked: results.length, ok: broken.length === 0, broken };
  },
  /** The latest signed checkpoint, as written to the checkpoint directory: supervisors only. */
  auditCheckpoint: async (_: unknown, __: unknown, { caller }: Ctx) => {
    if (!caller.roles.includes('SUPERVISOR')) throw forbidden('only supervisors read the audit checkpoints');
    return latestCheckpoint();
  },
};

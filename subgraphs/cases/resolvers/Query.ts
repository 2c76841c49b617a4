import { and, eq, type SQL } from 'drizzle-orm';
import { forbidden, notFound } from '../../kit/errors';
import { decodeCursor, pageSize, toPage } from '../../kit/pagination';
import { annotateCase, visibleCases } from '../access';
import { cases } from '../db/schema';
import { afterKey, caseKey, newestFirst, type CaseRow } from '../loaders';
import { verifyTimeline, verifyTimelines } from '../timeline/verify';
import { latestCheckpoint } from '../timeline/graph';
import type { Ctx } from './context';

export const Query = {
  case: async (_: unknown, { id }: { id: string }, { loaders }: Ctx) => (await loaders.case.load(id)) ?? Promise.reject(notFound('case', id)),
  cases: async (_: unknown, args: { first?: number; after?: string; status?: CaseRow['status']; sector?: CaseRow['sector']; stage?: CaseRow['stage'] }, { caller, db }: Ctx) => {
    const n = pageSize(args.first);
    const where: (SQL | undefined)[] = [visibleCases(caller), afterKey(decodeCursor(args.after, 2))];
    if (args.status) where.push(eq(cases.status, args.status));
    if (args.sector) where.push(eq(cases.sector, args.sector));
    if (args.stage) where.push(eq(cases.stage, args.stage));
    const rows = await db
      .select()
      .from(cases)
      .where(and(...where))
      .orderBy(...newestFirst)
      .limit(n + 1);
    return toPage(
      rows.map((r) => annotateCase(caller, r)),
      n,
      caseKey,
    );
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

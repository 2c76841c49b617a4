import { randomUUID } from 'node:crypto';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SubgraphContext } from '../kit/createSubgraph';
import { forbidden, notFound } from '../kit/errors';
import { decodeCursor, pageSize, toPage } from '../kit/pagination';
import { DateTime } from '../kit/scalars';
import { parseInput } from '../kit/validation';
import { caseNumberCounters, cases, parties, type CasesTables } from './db/schema';
import { afterKey, caseKey, newestFirst, type CaseRow, type CasesLoaders } from './loaders';
import { annotateCase, visibleCases } from './access';
import { inheritAccess } from '../kit/access';
import { listAccessRecords } from '../kit/accessLog';
import type { Database } from '../kit/db';
import { createCaseInput, isJuvenile } from './validation';

type Ctx = SubgraphContext<CasesTables, CasesLoaders>;
const agencyRef = (id: string | null) => (id ? { __typename: 'Agency', id } : null);

export const resolvers: GraphQLResolverMap<Ctx> = {
  DateTime,
  Query: {
    case: async (_: unknown, { id }: { id: string }, { loaders }: Ctx) =>
      (await loaders.case.load(id)) ?? Promise.reject(notFound('case', id)),
    cases: async (
      _: unknown,
      args: { first?: number; after?: string; status?: CaseRow['status']; sector?: CaseRow['sector'] },
      { caller, db }: Ctx,
    ) => {
      const n = pageSize(args.first);
      const where: (SQL | undefined)[] = [visibleCases(caller), afterKey(decodeCursor(args.after, 2))];
      if (args.status) where.push(eq(cases.status, args.status));
      if (args.sector) where.push(eq(cases.sector, args.sector));
      const rows = await db
        .select()
        .from(cases)
        .where(and(...where))
        .orderBy(...newestFirst)
        .limit(n + 1);
      return toPage(rows.map((r) => annotateCase(caller, r)), n, caseKey);
    },
  },
  Mutation: {
    createCase: async (_: unknown, args: { input: unknown }, { caller, db, clock }: Ctx) => {
      const input = parseInput(createCaseInput, args.input);
      if (caller.agencyKind !== 'ADMINISTRATIVE' || !caller.roles.includes('CASE_OFFICER') || !caller.agencyId || !caller.division) {
        throw forbidden('only case officers of an administrative agency open cases');
      }
      const now = clock.now();
      const year = now.getUTCFullYear();
      const { agencyId, division } = caller;
      return db.transaction(async (tx) => {
        const [counter] = await tx
          .insert(caseNumberCounters)
          .values({ divisionCode: division, year, last: 1 })
          .onConflictDoUpdate({
            target: [caseNumberCounters.divisionCode, caseNumberCounters.year],
            set: { last: sql`${caseNumberCounters.last} + 1` },
          })
          .returning();
        const [row] = await tx
          .insert(cases)
          .values({
            id: randomUUID(),
            number: `XF-${division}-${year}-${String(counter!.last).padStart(4, '0')}`,
            title: input.title,
            sector: input.sector,
            status: 'DRAFT',
            handlingAgencyId: agencyId,
            divisionCode: division,
            facts: input.facts,
            amountInvolved: Math.round(input.amountInvolved),
            createdBy: caller.sub,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await tx.insert(parties).values(
          input.parties.map((p, position) => ({
            id: randomUUID(),
            caseId: row!.id,
            position,
            kind: p.kind,
            name: p.name,
            idNumber: p.idNumber ?? null,
            creditCode: p.creditCode ?? null,
            phone: p.phone ?? null,
            address: p.address ?? null,
            juvenile: p.idNumber ? isJuvenile(p.idNumber, now) : false,
          })),
        );
        return annotateCase(caller, row!);
      });
    },
  },
  Case: {
    __resolveReference: (ref: { id: string }, { loaders }: Ctx) => loaders.case.load(ref.id),
    handlingAgency: (c: CaseRow) => agencyRef(c.handlingAgencyId),
    receivingAgency: (c: CaseRow) => agencyRef(c.receivingAgencyId),
    accessRecords: async (c: CaseRow, args: { first?: number; after?: string }, { caller, db }: Ctx) => {
      if (!caller.roles.includes('SUPERVISOR')) throw forbidden('only supervisors read the access record');
      const n = pageSize(args.first);
      const rows = await listAccessRecords(db as Database, c.id, n, decodeCursor(args.after, 2));
      return toPage(rows.map((r) => inheritAccess(r, c)), n, (r) => [r.at.toISOString(), r.id]);
    },
    parties: async (c: CaseRow, _: unknown, { loaders }: Ctx) =>
      (await loaders.partiesByCase.load(c.id)).map((p) => inheritAccess({ ...p }, c, p.juvenile)),
  },
  Agency: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    cases: async ({ id }: { id: string }, args: { first?: number; after?: string }, { loaders }: Ctx) => {
      const n = pageSize(args.first);
      const rows = await loaders.casesByAgency(n + 1, decodeCursor(args.after, 2)).load(id);
      return toPage(rows, n, caseKey);
    },
  },
};

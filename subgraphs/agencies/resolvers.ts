import { and, asc, eq, gt, like, type SQL } from 'drizzle-orm';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SubgraphContext } from '../kit/createSubgraph';
import { badInput } from '../kit/errors';
import { decodeCursor, pageSize, toPage } from '../kit/pagination';
import { DateTime } from '../kit/scalars';
import { divisionScopePrefix, isValidDivisionCode } from '../kit/identifiers';
import { agencies, divisions, type AgenciesTables } from './db/schema';
import type { Agency, AgenciesLoaders, Division, Officer } from './loaders';

type Ctx = SubgraphContext<AgenciesTables, AgenciesLoaders>;

function divisionArg(field: string, code: string): string {
  if (!isValidDivisionCode(code)) throw badInput(field, `not a GB/T 2260 division code: ${JSON.stringify(code)}`);
  return divisionScopePrefix(code);
}

export const resolvers: GraphQLResolverMap<Ctx> = {
  DateTime,
  Query: {
    me: (_: unknown, __: unknown, { caller, loaders }: Ctx) => loaders.officer.load(caller.sub),
    agency: (_: unknown, { id }: { id: string }, { loaders }: Ctx) => loaders.agency.load(id),
    agencies: async (
      _: unknown,
      args: { first?: number; after?: string; kind?: Agency['kind']; divisionCode?: string },
      { db }: Ctx,
    ) => {
      const n = pageSize(args.first);
      const after = decodeCursor(args.after, 1);
      const where: SQL[] = [];
      if (args.kind) where.push(eq(agencies.kind, args.kind));
      if (args.divisionCode) where.push(like(agencies.divisionCode, `${divisionArg('divisionCode', args.divisionCode)}%`));
      if (after) where.push(gt(agencies.id, String(after[0])));
      const rows = await db
        .select()
        .from(agencies)
        .where(and(...where))
        .orderBy(asc(agencies.id))
        .limit(n + 1);
      return toPage(rows, n, (r) => [r.id]);
    },
    divisions: async (_: unknown, { under }: { under?: string }, { db }: Ctx) => {
      const query = db.select().from(divisions).orderBy(asc(divisions.code));
      return under ? await query.where(like(divisions.code, `${divisionArg('under', under)}%`)) : await query;
    },
  },
  Agency: {
    __resolveReference: (ref: { id: string }, { loaders }: Ctx) => loaders.agency.load(ref.id),
    division: (a: Agency, _: unknown, { loaders }: Ctx) => loaders.division.load(a.divisionCode),
    parent: (a: Agency, _: unknown, { loaders }: Ctx) => (a.parentId ? loaders.agency.load(a.parentId) : null),
    officers: (a: Agency, _: unknown, { loaders }: Ctx) => loaders.officersByAgency.load(a.id),
  },
  Officer: {
    __resolveReference: (ref: { id: string }, { loaders }: Ctx) => loaders.officer.load(ref.id),
    agency: (o: Officer, _: unknown, { loaders }: Ctx) => loaders.agency.load(o.agencyId),
  },
  Division: {
    parent: (d: Division, _: unknown, { loaders }: Ctx) => (d.parentCode ? loaders.division.load(d.parentCode) : null),
  },
};

import { and, asc, count, eq, like, type SQL } from 'drizzle-orm';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SubgraphContext } from '../kit/createSubgraph';
import { badInput, notFound } from '../kit/errors';
import { keysetPage, pageInMemory, type ConnectionArgs, type KeysetOrder } from '../kit/pagination';
import { DateTime } from '../kit/scalars';
import { divisionScopePrefix, isValidDivisionCode } from '../kit/identifiers';
import { agencies, divisions, type AgenciesTables } from './db/schema';
import type { Agency, AgenciesLoaders, Division, Officer } from './loaders';

type Ctx = SubgraphContext<AgenciesTables, AgenciesLoaders>;

/** Agencies by id: the id is its own tie-breaker. */
const BY_ID: KeysetOrder = { column: agencies.id, id: agencies.id, descending: false, keyType: 'text' };

function divisionArg(field: string, code: string): string {
  if (!isValidDivisionCode(code)) throw badInput(field, `not a GB/T 2260 division code: ${JSON.stringify(code)}`);
  return divisionScopePrefix(code);
}

export const resolvers: GraphQLResolverMap<Ctx> = {
  DateTime,
  Query: {
    me: (_: unknown, __: unknown, { caller, loaders }: Ctx) => loaders.officer.load(caller.sub),
    /** NOT_FOUND for an id no agency has (the directory is public: nothing is hidden). */
    agency: async (_: unknown, { id }: { id: string }, { loaders }: Ctx) => (await loaders.agency.load(id)) ?? Promise.reject(notFound('agency', id)),
    /** One officer (C1: any caller but statistics-only); NOT_FOUND for an id no officer has. */
    officer: async (_: unknown, { id }: { id: string }, { loaders }: Ctx) => (await loaders.officer.load(id)) ?? Promise.reject(notFound('officer', id)),
    agencies: async (_: unknown, args: ConnectionArgs & { kind?: Agency['kind']; divisionCode?: string }, { db }: Ctx) => {
      const where: SQL[] = [];
      if (args.kind) where.push(eq(agencies.kind, args.kind));
      if (args.divisionCode) where.push(like(agencies.divisionCode, `${divisionArg('divisionCode', args.divisionCode)}%`));
      return keysetPage(
        args,
        BY_ID,
        (r: Agency) => [r.id, r.id],
        (beyond, orderBy, limit) => db.select().from(agencies).where(and(...where, beyond)).orderBy(...orderBy).limit(limit),
        async () => (await db.select({ n: count() }).from(agencies).where(and(...where)))[0]!.n,
      );
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
    /** The same officers as a connection (by id), paged in memory: an agency has a handful of officers, loaded in one batch. */
    officersConnection: async (a: Agency, args: ConnectionArgs, { loaders }: Ctx) => pageInMemory(await loaders.officersByAgency.load(a.id), args, (o) => o.id),
  },
  Officer: {
    __resolveReference: (ref: { id: string }, { loaders }: Ctx) => loaders.officer.load(ref.id),
    agency: (o: Officer, _: unknown, { loaders }: Ctx) => loaders.agency.load(o.agencyId),
  },
  Division: {
    parent: (d: Division, _: unknown, { loaders }: Ctx) => (d.parentCode ? loaders.division.load(d.parentCode) : null),
  },
};

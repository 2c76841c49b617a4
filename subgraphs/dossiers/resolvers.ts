import { randomUUID } from 'node:crypto';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SubgraphContext } from '../kit/createSubgraph';
import { badInput, forbidden, notFound } from '../kit/errors';
import { inheritAccess } from '../kit/access';
import { DateTime } from '../kit/scalars';
import { dossiers, type DossiersTables } from './db/schema';
import { annotateDossier, type DossierRow, type DossiersLoaders } from './loaders';

type Ctx = SubgraphContext<DossiersTables, DossiersLoaders>;

export const resolvers: GraphQLResolverMap<Ctx> = {
  DateTime,
  Query: {
    dossier: async (_: unknown, { id }: { id: string }, { loaders }: Ctx) =>
      (await loaders.dossier.load(id)) ?? Promise.reject(notFound('dossier', id)),
  },
  Mutation: {
    openDossier: async (_: unknown, { caseId }: { caseId: string }, { caller, db, clock, loaders }: Ctx) => {
      if (!caseId.trim()) throw badInput('caseId', 'must not be empty');
      if (caller.agencyKind !== 'ADMINISTRATIVE' || !caller.roles.includes('CASE_OFFICER') || !caller.agencyId || !caller.division) {
        throw forbidden('only case officers of the handling administrative agency open dossiers');
      }
      const [created] = await db
        .insert(dossiers)
        .values({
          id: randomUUID(),
          caseId,
          handlingAgencyId: caller.agencyId,
          divisionCode: caller.division,
          createdBy: caller.sub,
          createdAt: clock.now(),
        })
        .onConflictDoNothing({ target: dossiers.caseId })
        .returning();
      if (created) return annotateDossier(caller, created);
      // Already open: return it if the caller may see it, else the same NOT_FOUND as a missing one.
      return (await loaders.dossierByCase.load(caseId)) ?? Promise.reject(notFound('dossier of case', caseId));
    },
  },
  Dossier: {
    __resolveReference: (ref: { id: string }, { loaders }: Ctx) => loaders.dossier.load(ref.id),
    case: (d: DossierRow) => ({ __typename: 'Case', id: d.caseId }),
    documents: async (d: DossierRow, _: unknown, { loaders }: Ctx) =>
      (await loaders.documentsByDossier.load(d.id)).map((doc) => inheritAccess({ ...doc }, d)),
  },
  Document: {
    __resolveReference: (ref: { id: string }, { loaders }: Ctx) => loaders.document.load(ref.id),
  },
  Case: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    dossier: ({ id }: { id: string }, _: unknown, { loaders }: Ctx) => loaders.dossierByCase.load(id),
  },
};

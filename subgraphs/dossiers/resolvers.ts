import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { SubgraphContext } from '../kit/createSubgraph';
import { badInput, notFound } from '../kit/errors';
import { DateTime } from '../kit/scalars';
import { dossiers, type DossiersTables } from './db/schema';
import type { DossierRow, DossiersLoaders } from './loaders';

type Ctx = SubgraphContext<DossiersTables, DossiersLoaders>;

export const resolvers: GraphQLResolverMap<Ctx> = {
  DateTime,
  Query: {
    dossier: async (_: unknown, { id }: { id: string }, { loaders }: Ctx) =>
      (await loaders.dossier.load(id)) ?? Promise.reject(notFound('dossier', id)),
  },
  Mutation: {
    openDossier: async (_: unknown, { caseId }: { caseId: string }, { caller, db, clock }: Ctx) => {
      if (!caseId.trim()) throw badInput('caseId', 'must not be empty');
      const [created] = await db
        .insert(dossiers)
        .values({ id: randomUUID(), caseId, createdBy: caller.sub, createdAt: clock.now() })
        .onConflictDoNothing({ target: dossiers.caseId })
        .returning();
      if (created) return created;
      const [existing] = await db.select().from(dossiers).where(eq(dossiers.caseId, caseId));
      return existing;
    },
  },
  Dossier: {
    __resolveReference: (ref: { id: string }, { loaders }: Ctx) => loaders.dossier.load(ref.id),
    case: (d: DossierRow) => ({ __typename: 'Case', id: d.caseId }),
    documents: (d: DossierRow, _: unknown, { loaders }: Ctx) => loaders.documentsByDossier.load(d.id),
  },
  Document: {
    __resolveReference: (ref: { id: string }, { loaders }: Ctx) => loaders.document.load(ref.id),
  },
  Case: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    dossier: ({ id }: { id: string }, _: unknown, { loaders }: Ctx) => loaders.dossierByCase.load(id),
  },
};

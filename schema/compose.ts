import { composeServices } from '@apollo/composition';
import { subgraphDocument } from '../subgraphs/kit/createSubgraph';

export interface SubgraphSource {
  name: string;
  url: string;
  typeDefs: string;
}

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/** Composes subgraph SDL (each with the kit's policy preamble) into a Federation 2 supergraph. */
export function composeSupergraph(subgraphs: SubgraphSource[]): CompositionResult {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: subgraphDocument(s.typeDefs) })),
  );
  if (result.errors?.length) return { ok: false, errors: result.errors.map((e) => e.message) };
  return { ok: true, supergraphSdl: result.supergraphSdl! };
}

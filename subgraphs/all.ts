import { agenciesSubgraph } from './agencies';
import { casesSubgraph } from './cases';
import { dossiersSubgraph } from './dossiers';

/** caselink's own subgraphs, in registry order (ports PORT+1, PORT+2, PORT+3). */
export const ourSubgraphs = [agenciesSubgraph, casesSubgraph, dossiersSubgraph] as const;
export type OurSubgraphName = (typeof ourSubgraphs)[number]['name'];

export function findSubgraph(name: string) {
  const def = ourSubgraphs.find((s) => s.name === name);
  if (!def) throw new Error(`unknown subgraph "${name}": expected one of ${ourSubgraphs.map((s) => s.name).join(', ')}`);
  return def;
}

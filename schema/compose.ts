import { composeServices } from '@apollo/composition';
import { Kind, parse, print, type ConstDirectiveNode, type DefinitionNode, type DocumentNode } from 'graphql';
import { subgraphDocument } from '../subgraphs/kit/createSubgraph';

export interface SubgraphSource {
  name: string;
  url: string;
  typeDefs: string;
}

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/** The policy vocabulary's link (kit/policy.ts POLICY_SDL): the kit adds it to every subgraph. */
const POLICY_LINK = 'https://caselink.dev/policy/v1.0';
const POLICY_DEFINITIONS = new Set(['SensitivityClass', 'MaskKind']);

function isPolicyDirective(d: ConstDirectiveNode): boolean {
  const name = d.name.value;
  const str = (arg: string) => {
    const v = d.arguments?.find((a) => a.name.value === arg)?.value;
    return v?.kind === Kind.STRING ? v.value : null;
  };
  if (name === 'link') return str('url')?.startsWith(POLICY_LINK) ?? false;
  if (name === 'composeDirective' || name === 'federation__composeDirective') return str('name') === '@sensitivity';
  return false;
}

/**
 * A subgraph's SDL as the registry keeps it: without the policy preamble. What a running subgraph
 * returns from `{ _service { sdl } }` carries the preamble (the kit added it) and the definitions
 * of every federation directive; the preamble is taken out so that composition adds ours, the one
 * the graph's rules are compiled against, and never one a candidate brought along.
 */
export function normalizeSubgraphSdl(sdl: string): string {
  const doc = parse(sdl);
  const kept: DefinitionNode[] = [];
  let changed = false;
  for (const def of doc.definitions) {
    if (def.kind === Kind.DIRECTIVE_DEFINITION && def.name.value === 'sensitivity') changed = true;
    else if (def.kind === Kind.ENUM_TYPE_DEFINITION && POLICY_DEFINITIONS.has(def.name.value)) changed = true;
    else if ((def.kind === Kind.SCHEMA_EXTENSION || def.kind === Kind.SCHEMA_DEFINITION) && def.directives?.some(isPolicyDirective)) {
      changed = true;
      const directives = def.directives.filter((d) => !isPolicyDirective(d));
      if (def.kind === Kind.SCHEMA_DEFINITION || directives.length || def.operationTypes?.length) kept.push({ ...def, directives });
    } else kept.push(def);
  }
  if (!changed) return sdl;
  return print({ ...doc, definitions: kept } as DocumentNode) + '\n';
}

/** Composes subgraph SDL (each with the kit's policy preamble) into a Federation 2 supergraph. */
export function composeSupergraph(subgraphs: SubgraphSource[]): CompositionResult {
  const services = [];
  for (const s of subgraphs) {
    try {
      services.push({ name: s.name, url: s.url, typeDefs: subgraphDocument(normalizeSubgraphSdl(s.typeDefs)) });
    } catch (err) {
      return { ok: false, errors: [`[${s.name}] SDL does not parse: ${(err as Error).message}`] };
    }
  }
  const result = composeServices(services);
  if (result.errors?.length) return { ok: false, errors: result.errors.map((e) => e.message) };
  return { ok: true, supergraphSdl: result.supergraphSdl! };
}

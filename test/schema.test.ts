import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { isEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../schema/compose';
import { loadRegistry } from '../schema/registry';
import { AGENCY_KINDS, CASE_STATUSES, DOCUMENT_KINDS, PARTY_KINDS, ROLES, SECTORS } from '../schema/vocabulary';
import { subgraphDocument } from '../subgraphs/kit/createSubgraph';
import { readSensitivity } from '../subgraphs/kit/policy';
import { SUPERGRAPH_PATH } from './harness';

describe('the graph contract', () => {
  const registry = loadRegistry();

  it('the committed supergraph is what the subgraphs compose to (run `npm run compose` if this fails)', () => {
    const result = composeSupergraph(registry);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8').trim()).toBe(result.supergraphSdl.trim());
  });

  it.each(registry.map((s) => [s.name, s.typeDefs]))('every field of %s declares a sensitivity class', (_name, typeDefs) => {
    const schema = buildSubgraphSchema({ typeDefs: subgraphDocument(typeDefs) });
    expect(readSensitivity(schema).length).toBeGreaterThan(5);
  });

  it('a field without a class is refused, by name', () => {
    const schema = buildSubgraphSchema({
      typeDefs: subgraphDocument(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type Thing @key(fields: "id") { id: ID! @sensitivity(class: C1) secret: String }
        type Query { thing: Thing @sensitivity(class: C1) }`),
    });
    expect(() => readSensitivity(schema)).toThrow(/Thing\.secret/);
  });

  it('each SDL enum lists exactly the vocabulary', () => {
    const lists: Record<string, readonly string[]> = {
      AgencyKind: AGENCY_KINDS,
      Sector: SECTORS,
      Role: ROLES,
      CaseStatus: CASE_STATUSES,
      PartyKind: PARTY_KINDS,
      DocumentKind: DOCUMENT_KINDS,
    };
    let checked = 0;
    for (const s of registry) {
      const schema = buildSubgraphSchema({ typeDefs: subgraphDocument(s.typeDefs) });
      for (const [name, values] of Object.entries(lists)) {
        const type = schema.getType(name);
        if (!type || !isEnumType(type)) continue;
        expect(type.getValues().map((v) => v.name), `${s.name}.${name}`).toEqual([...values]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });
});

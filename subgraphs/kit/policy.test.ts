import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse, type GraphQLSchema } from 'graphql';
import { rule } from 'graphql-shield';
import { describe, expect, it } from 'vitest';
import { inheritAccess, withAccess, type CaseScope } from './access';
import type { Caller } from './caller';
import { decidedAtCompileTime, standardClassRules } from './classRules';
import { subgraphDocument } from './createSubgraph';
import { applyMiddleware, policyMiddleware, readSensitivity, type ClassRules } from './policy';

/*
 * How the kit runs the compiled rules: fields proven allowed are decided at compile time (only
 * between standard rules), standard rules run synchronously, anything else in graphql-shield. The
 * answers must be the same whichever way a rule runs; the permission matrix checks them for the
 * real subgraphs, this for the mechanics.
 */
const TYPE_DEFS = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query {
    cases: [Case!]! @sensitivity(class: C1)
  }
  type Case @key(fields: "id") @sensitivity(class: C1) {
    id: ID!
    facts: String @sensitivity(class: C2)
    parties: [Party!] @sensitivity(class: C2)
  }
  type Party @sensitivity(class: C2) {
    kind: String
    name: String @sensitivity(class: C3, mask: NAME)
  }
`;
const SCOPE: CaseScope = { caseId: 'cs-1', handlingAgencyId: 'ag-330106-msa', receivingAgencyId: null, divisionCode: '330106' };
const officer: Caller = {
  sub: 'of-1', agencyId: 'ag-330106-msa', agencyKind: 'ADMINISTRATIVE', division: '330106', roles: ['CASE_OFFICER'], purpose: null, requestId: 'r-1',
};
const committee: Caller = {
  sub: 'of-2', agencyId: 'ag-330106-plc', agencyKind: 'POLITICAL_LEGAL', division: '330106', roles: ['ADMIN'], purpose: null, requestId: 'r-2',
};

function build(rules: ClassRules): { schema: GraphQLSchema; decided: Set<string> } {
  const bare = buildSubgraphSchema({
    typeDefs: subgraphDocument(TYPE_DEFS),
    resolvers: {
      Query: {
        cases: (_: unknown, __: unknown, ctx: { caller: Caller }) => [withAccess({ id: 'cs-1', facts: 'facts', parties: [{ kind: 'PERSON', name: '张三' }] }, ctx.caller, SCOPE)],
      },
      Case: { parties: (c: { parties: object[] }) => c.parties.map((p) => inheritAccess({ ...p }, c)) },
    } as never,
  });
  const declared = readSensitivity(bare);
  const decided = decidedAtCompileTime(bare, declared, rules);
  return { schema: applyMiddleware(bare, policyMiddleware(bare, declared, rules, decided)), decided };
}

async function run(schema: GraphQLSchema, caller: Caller) {
  const res = await execute({
    schema,
    document: parse('{ cases { id facts parties { kind name } } }'),
    contextValue: { caller },
  });
  return JSON.parse(JSON.stringify(res)) as { data: any; errors?: { path: (string | number)[]; extensions: { code: string; field: string } }[] };
}

describe('policy compilation', () => {
  it('with the standard rules: fields reached only through a guard of the same class are decided at compile time', () => {
    const { decided } = build(standardClassRules);
    expect([...decided].sort()).toEqual(['Case.id', 'Party.kind', 'Party.name']);
  });

  it('a rule of its own for a class: nothing involving that class is decided', () => {
    const custom: ClassRules = { ...standardClassRules, C3: rule('custom-C3')(() => false) };
    expect([...build(custom).decided].sort()).toEqual(['Case.id', 'Party.kind']);
    const customC2: ClassRules = { ...standardClassRules, C2: rule('custom-C2')(() => true) };
    expect([...build(customC2).decided].sort()).toEqual(['Case.id']);
  });

  it('the standard rules run synchronously and give the same answers: allowed for the handling agency, FORBIDDEN naming the field otherwise', async () => {
    const { schema } = build(standardClassRules);
    const facts = (schema.getType('Case') as any).getFields().facts;
    const row = withAccess({ id: 'cs-1', facts: 'facts' }, officer, SCOPE);
    expect(facts.resolve(row, {}, { caller: officer }, { parentType: { name: 'Case' }, fieldName: 'facts' })).toBe('facts'); // not a promise
    const denied = facts.resolve(withAccess({ id: 'cs-1', facts: 'facts' }, committee, SCOPE), {}, { caller: committee }, { parentType: { name: 'Case' }, fieldName: 'facts' });
    expect(denied).toBeInstanceOf(Error);
    expect(denied.extensions).toEqual({ code: 'FORBIDDEN', field: 'Case.facts' });
  });

  it('a rule of its own still runs in graphql-shield, and is enforced even where the standard rule would have been decided', async () => {
    const custom: ClassRules = { ...standardClassRules, C3: rule('custom-C3')(() => false) };
    const { schema } = build(custom);
    const name = (schema.getType('Party') as any).getFields().name;
    const party = withAccess({ kind: 'PERSON', name: '张三' }, officer, SCOPE);
    const answer = name.resolve(party, {}, { caller: officer }, { parentType: { name: 'Party' }, fieldName: 'name' });
    expect(answer).toBeInstanceOf(Promise);
    const settled = await answer;
    expect(settled).toBeInstanceOf(Error);
    expect(settled.extensions).toEqual({ code: 'FORBIDDEN', field: 'Party.name' });
  });

  it('through execution: the same data and errors with the standard rules', async () => {
    const { schema } = build(standardClassRules);
    const allowed = await run(schema, officer);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data).toEqual({ cases: [{ id: 'cs-1', facts: 'facts', parties: [{ kind: 'PERSON', name: '张三' }] }] });
    const denied = await run(schema, committee);
    expect(denied.data).toEqual({ cases: [{ id: 'cs-1', facts: null, parties: null }] });
    expect(denied.errors!.map((e) => [e.path.join('.'), e.extensions.code]).sort()).toEqual([
      ['cases.0.facts', 'FORBIDDEN'],
      ['cases.0.parties', 'FORBIDDEN'],
    ]);
  });
});

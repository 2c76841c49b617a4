import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkCandidate, compareApiSchemas, formatReport, type Finding, type SubgraphEntry } from '../schema/check';
import { composeSupergraph } from '../schema/compose';

/*
 * The schema check tells a deprecation (the announced first half of a rename) from a breaking
 * change: deprecating is a warning, removing what was deprecated is a warning, removing what was
 * never deprecated is an error.
 */
const API = (caseFields: string) =>
  buildSchema(`
    type Case { id: ID! ${caseFields} }
    type Query { case(id: ID!): Case cases(first: Int, after: String): [Case!]! }
  `);

/** [severity, coordinate, message] of one rule's findings, by coordinate (the type map's order is not the point). */
const pick = (findings: Finding[], rule: Finding['rule']) =>
  findings
    .filter((f) => f.rule === rule)
    .map((f) => [f.severity, f.coordinate, f.message])
    .sort((a, b) => String(a[1]).localeCompare(String(b[1])));

describe('schema check: deprecation', () => {
  const before = API('title: String! amount: Float');

  it('a newly deprecated field is a deprecation warning naming what to use instead, not a breaking change', () => {
    const findings = compareApiSchemas(before, API('title: String! amount: Float @deprecated(reason: "Use amountYuan.") amountYuan: String'));
    expect(pick(findings, 'deprecation')).toEqual([
      ['warning', 'Case.amount', 'field Case.amount is deprecated: Use amountYuan. Clients should move off it before it is removed.'],
    ]);
    expect(pick(findings, 'breaking')).toEqual([]);
  });

  it('removing a field that was deprecated first is a warning; removing one that was not is breaking', () => {
    const deprecated = API('title: String! amount: Float @deprecated(reason: "Use amountYuan.") amountYuan: String');
    const afterRemoval = compareApiSchemas(deprecated, API('title: String! amountYuan: String'));
    expect(pick(afterRemoval, 'deprecation')).toEqual([
      ['warning', 'Case.amount', 'field Case.amount was removed after its deprecation ("Use amountYuan."): clients still selecting it fail.'],
    ]);
    expect(pick(afterRemoval, 'breaking')).toEqual([]);

    const undeprecated = compareApiSchemas(before, API('title: String! amountYuan: String'));
    expect(pick(undeprecated, 'breaking')).toEqual([
      ['error', 'Case.amount', 'Case.amount was removed: queries that select it fail.'],
    ]);
    expect(pick(undeprecated, 'deprecation')).toEqual([]);
  });

  it('a field deprecated before and after is not reported again', () => {
    const deprecated = API('title: String! amount: Float @deprecated(reason: "Use amountYuan.") amountYuan: String');
    expect(pick(compareApiSchemas(deprecated, deprecated), 'deprecation')).toEqual([]);
  });

  it('arguments, input fields and enum values: deprecated is a warning, removed after deprecation a warning, removed without an error', () => {
    const schema = (args: string, values: string, input: string) =>
      buildSchema(`
        enum CaseStatus { ${values} }
        input CreateCaseInput { title: String! ${input} }
        type Case { id: ID! status: CaseStatus }
        type Query { cases(${args}): [Case!]! }
        type Mutation { createCase(input: CreateCaseInput!): Case }
      `);
    const v1 = schema('first: Int, offset: Int', 'DRAFT FILED CLOSED', 'amount: Float');
    const v2 = schema(
      'first: Int, offset: Int @deprecated(reason: "Use after.")',
      'DRAFT FILED CLOSED @deprecated(reason: "Use FILED.")',
      'amount: Float @deprecated(reason: "Use amountYuan.") amountYuan: String',
    );
    expect(pick(compareApiSchemas(v1, v2), 'deprecation')).toEqual([
      ['warning', 'CaseStatus.CLOSED', 'enum value CaseStatus.CLOSED is deprecated: Use FILED. Clients should move off it before it is removed.'],
      ['warning', 'CreateCaseInput.amount', 'input field CreateCaseInput.amount is deprecated: Use amountYuan. Clients should move off it before it is removed.'],
      ['warning', 'Query.cases(offset:)', 'argument Query.cases(offset:) is deprecated: Use after. Clients should move off it before it is removed.'],
    ]);
    const v3 = schema('first: Int', 'DRAFT FILED', 'amountYuan: String');
    const removedAfter = compareApiSchemas(v2, v3);
    expect(pick(removedAfter, 'breaking')).toEqual([]);
    expect(pick(removedAfter, 'deprecation').map(([severity, at]) => [severity, at])).toEqual([
      ['warning', 'CaseStatus.CLOSED'],
      ['warning', 'CreateCaseInput.amount'],
      ['warning', 'Query.cases(offset:)'],
    ]);
    expect(pick(compareApiSchemas(v1, v3), 'breaking').map(([severity, at]) => [severity, at])).toEqual([
      ['error', 'CaseStatus.CLOSED'],
      ['error', 'CreateCaseInput.amount'],
      ['error', 'Query.cases(offset:)'],
    ]);
  });

  it('through the publishing check: a subgraph that deprecates a field passes with a warning; one that drops it undeprecated fails', () => {
    const FED = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])`;
    const cases = (fields: string) => `${FED}
type Case @key(fields: "id") @sensitivity(class: C1) { id: ID! ${fields} }
type Query { case(id: ID!): Case @sensitivity(class: C1) }`;
    const entry = (typeDefs: string): SubgraphEntry => ({ name: 'cases', url: 'http://127.0.0.1:4002/graphql', owner: 'caselink', typeDefs });
    const current = composeSupergraph([entry(cases('amount: Float @sensitivity(class: C2)'))]);
    if (!current.ok) throw new Error(current.errors.join('\n'));
    const ctx = { registry: [entry(cases('amount: Float @sensitivity(class: C2)'))], currentSupergraphSdl: current.supergraphSdl };

    const deprecating = checkCandidate(entry(cases('amount: Float @deprecated(reason: "Use amountYuan.") @sensitivity(class: C2) amountYuan: String @sensitivity(class: C2)')), ctx);
    expect(deprecating.ok).toBe(true);
    expect(formatReport('check', deprecating)).toContain('WARN  [deprecation] field Case.amount is deprecated: Use amountYuan.');

    const dropping = checkCandidate(entry(cases('amountYuan: String @sensitivity(class: C2)')), ctx);
    expect(dropping.ok).toBe(false);
    expect(formatReport('check', dropping)).toContain('ERROR [breaking] Case.amount was removed: queries that select it fail.');
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCandidate, checkRegistry, checkRemoval, formatReport, type CheckReport, type Finding, type SubgraphEntry } from '../schema/check';
import { composeSupergraph, normalizeSubgraphSdl } from '../schema/compose';
import { loadRegistry, parseRegistry, readRegistry, writeRegistry } from '../schema/registry';
import { subgraphDocument } from '../subgraphs/kit/createSubgraph';

/*
 * The checker's messages, on a small graph of two caselink subgraphs (agencies, cases) that has the
 * shapes the real one has: entities extended across subgraphs, a shared value type, enums, arguments.
 */
const FED = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@override", "@external", "@requires", "@provides"])`;

const AGENCIES = `${FED}
enum AgencyKind { ADMINISTRATIVE PUBLIC_SECURITY }
type Agency @key(fields: "id") @sensitivity(class: C1) { id: ID! name: String! kind: AgencyKind! }
type PageInfo @shareable @sensitivity(class: C0) { endCursor: String hasNextPage: Boolean! }
type Query { agency(id: ID!): Agency @sensitivity(class: C1) }`;

const CASES_BODY = {
  caseFields: 'id: ID! number: String! title: String! status: CaseStatus! amount: Float @sensitivity(class: C2) handlingAgency: Agency!',
  statuses: 'DRAFT FILED',
  query: 'case(id: ID!): Case @sensitivity(class: C1) cases(first: Int, after: String): [Case!]! @sensitivity(class: C1)',
};
function casesSdl(over: Partial<typeof CASES_BODY> = {}): string {
  const b = { ...CASES_BODY, ...over };
  return `${FED}
enum CaseStatus { ${b.statuses} }
type Case @key(fields: "id") @sensitivity(class: C1) { ${b.caseFields} }
type Agency @key(fields: "id") @sensitivity(class: C1) { id: ID! cases: [Case!]! }
type PageInfo @shareable @sensitivity(class: C0) { endCursor: String hasNextPage: Boolean! }
type Query { ${b.query} }`;
}

const CORE: SubgraphEntry[] = [
  { name: 'agencies', url: 'http://127.0.0.1:4001/graphql', owner: 'caselink', typeDefs: AGENCIES },
  { name: 'cases', url: 'http://127.0.0.1:4002/graphql', owner: 'caselink', typeDefs: casesSdl() },
];
const composed = composeSupergraph(CORE);
if (!composed.ok) throw new Error(composed.errors.join('\n'));
const ctx = { registry: CORE, currentSupergraphSdl: composed.supergraphSdl };

const AGENCY = 'ag-330100-msa';
/** A candidate subgraph of the market-supervision bureau, with the given SDL. */
const agencyCandidate = (typeDefs: string, name = 'inspections'): SubgraphEntry => ({ name, url: 'http://10.0.0.7:4010/graphql', owner: AGENCY, typeDefs });
const newCases = (over: Partial<typeof CASES_BODY>, more: { allowBreaking?: boolean } = {}) =>
  checkCandidate({ ...CORE[1]!, typeDefs: casesSdl(over) }, { ...ctx, ...more });

const errors = (r: CheckReport, rule?: Finding['rule']) => r.findings.filter((f) => f.severity === 'error' && (!rule || f.rule === rule)).map((f) => f.message);
const infos = (r: CheckReport) => r.findings.filter((f) => f.severity === 'info').map((f) => f.message);

const GOOD = `${FED}
type Inspection @key(fields: "id") @sensitivity(class: C1) { id: ID! case: Case! findings: String @sensitivity(class: C2) }
type Case @key(fields: "id") @sensitivity(class: C1) { id: ID! inspections: [Inspection!]! }
type Agency @key(fields: "id") @sensitivity(class: C1) { id: ID! inspectionCount: Int! @sensitivity(class: C0) }
type Query { inspection(id: ID!): Inspection @sensitivity(class: C1) }`;

describe('schema check: breaking changes against the current supergraph', () => {
  it('a removed field is an error naming it', () => {
    const r = newCases({ caseFields: CASES_BODY.caseFields.replace('amount: Float @sensitivity(class: C2) ', '') });
    expect(r.ok).toBe(false);
    expect(errors(r, 'breaking')).toEqual(['Case.amount was removed: queries that select it fail.']);
  });

  it('a renamed field is a removal, with the likely new name', () => {
    const r = newCases({ caseFields: CASES_BODY.caseFields.replace('title: String!', 'heading: String!') });
    expect(errors(r, 'breaking')).toEqual([
      'Case.title was removed: queries that select it fail. (renamed to Case.heading? A rename breaks clients too: add the new field, keep the old one and mark it @deprecated.)',
    ]);
  });

  it('a renamed type is a removal of the old one', () => {
    const r = newCases({ statuses: 'DRAFT FILED' });
    expect(r.ok).toBe(true);
    const renamed = checkCandidate(
      { ...CORE[1]!, typeDefs: casesSdl().replace('enum CaseStatus', 'enum CaseState').replace('status: CaseStatus!', 'status: CaseState!') },
      ctx,
    );
    expect(errors(renamed, 'breaking')).toEqual([
      'Case.status changed type from CaseStatus! to CaseState!: clients that select it get values of another shape.',
      'type CaseStatus was removed: queries that use it fail.',
    ]);
  });

  it('a changed type is an error', () => {
    const r = newCases({ caseFields: CASES_BODY.caseFields.replace('amount: Float', 'amount: String') });
    expect(errors(r, 'breaking')).toEqual(['Case.amount changed type from Float to String: clients that select it get values of another shape.']);
  });

  it('an output field made nullable is an error; made non-null is safe', () => {
    const nullable = newCases({ caseFields: CASES_BODY.caseFields.replace('number: String!', 'number: String') });
    expect(errors(nullable, 'breaking')).toEqual(['Case.number may now be null (String! → String): clients that rely on a value break.']);
    const nonNull = newCases({ caseFields: CASES_BODY.caseFields.replace('amount: Float', 'amount: Float!') });
    expect(nonNull.ok).toBe(true);
    expect(infos(nonNull)).toContain('Case.amount changed type from Float to Float!, which clients accept.');
  });

  it('an argument made required, or a required argument added, is an error', () => {
    const required = newCases({ query: CASES_BODY.query.replace('first: Int,', 'first: Int!,') });
    expect(errors(required, 'breaking')).toEqual(['argument Query.cases(first:) is now required (Int → Int!): queries that leave it out fail.']);
    const added = newCases({ query: CASES_BODY.query.replace('case(id: ID!)', 'case(id: ID!, division: String!)') });
    expect(errors(added, 'breaking')).toEqual(['Query.case gained a required argument division: String!: queries that leave it out fail.']);
    const removed = newCases({ query: CASES_BODY.query.replace(', after: String', '') });
    expect(errors(removed, 'breaking')).toEqual(['argument Query.cases(after:) was removed: queries that pass it fail.']);
  });

  it('a removed enum value is an error', () => {
    const r = newCases({ statuses: 'DRAFT' });
    expect(errors(r, 'breaking')).toEqual(['enum value CaseStatus.FILED was removed: clients that send it, or expect to receive it, break.']);
  });

  it('safe additions pass and are listed as information', () => {
    const r = newCases({
      caseFields: `${CASES_BODY.caseFields} closedAt: String`,
      statuses: 'DRAFT FILED CLOSED',
      query: CASES_BODY.query.replace('after: String', 'after: String, status: CaseStatus'),
    });
    expect(r.ok).toBe(true);
    expect(infos(r).sort()).toEqual(
      [
        'enum value CaseStatus.CLOSED added (clients that switch over CaseStatus should expect it).',
        'field Case.closedAt: String added.',
        'optional argument Query.cases(status:) added.',
      ].sort(),
    );
  });

  it('--allow-breaking turns breaking changes into warnings: reported, not blocking', () => {
    const r = newCases({ statuses: 'DRAFT' }, { allowBreaking: true });
    expect(r.ok).toBe(true);
    expect(r.findings.filter((f) => f.severity === 'warning').map((f) => f.rule)).toEqual(['breaking']);
  });

  it('a candidate that does not compose is an error with composition’s own words', () => {
    const r = checkCandidate(agencyCandidate(GOOD.replace('inspections: [Inspection!]!', 'inspections: [Missing!]!')), ctx);
    expect(r.ok).toBe(false);
    expect(r.supergraphSdl).toBeNull();
    expect(errors(r).join('\n')).toMatch(/Unknown type "?Missing/);
  });
});

describe('schema check: sensitivity classes', () => {
  it('an agency subgraph with a class on every field passes', () => {
    const r = checkCandidate(agencyCandidate(GOOD), ctx);
    expect(errors(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(infos(r)).toContain('field Case.inspections: [Inspection!]! added.');
    expect(r.supergraphSdl).toContain('join__Graph');
  });

  it('a field without a class is an error naming it, one per field', () => {
    const unclassified = checkCandidate(
      agencyCandidate(
        GOOD.replace('findings: String @sensitivity(class: C2)', 'findings: String @sensitivity(class: C2) inspector: Inspector @sensitivity(class: C2)').concat(
          '\ntype Inspector { badge: String @sensitivity(class: C1) name: String }',
        ),
      ),
      ctx,
    );
    expect(unclassified.ok).toBe(false);
    expect(errors(unclassified, 'unclassified')).toEqual([
      'inspections: Inspector.name has no sensitivity class: declare @sensitivity(class: C0…C4) on the field or on its type.',
    ]);
    expect(unclassified.findings.find((f) => f.rule === 'unclassified')!.coordinate).toBe('Inspector.name');
  });

  it('a class on the type covers its fields; an unknown class is an SDL error', () => {
    expect(checkCandidate(agencyCandidate(GOOD.replace('findings: String @sensitivity(class: C2)', 'findings: String')), ctx).ok).toBe(true);
    const r = checkCandidate(agencyCandidate(GOOD.replace('class: C2', 'class: C9')), ctx);
    expect(r.ok).toBe(false);
    expect(errors(r, 'sdl').join('\n')).toMatch(/Invalid value for "@sensitivity\(class:\)" .* "Inspection.findings"/);
  });
});

describe('schema check: an agency adds to another’s entity, never takes over or re-declares', () => {
  it('adding fields to Case and Agency with key-only stubs is allowed', () => {
    expect(errors(checkCandidate(agencyCandidate(GOOD), ctx), 'redeclaration')).toEqual([]);
  });

  it('@override of another owner’s field is a takeover', () => {
    const r = checkCandidate(
      agencyCandidate(`${GOOD.replace('inspections: [Inspection!]! }', 'inspections: [Inspection!]! status: CaseStatus! @override(from: "cases") }')}\nenum CaseStatus { DRAFT FILED }`),
      ctx,
    );
    expect(errors(r, 'takeover')).toEqual([
      'inspections takes over Case.status from "cases" (owner caselink) with @override: an agency may add fields to another\'s entity, never take one over.',
    ]);
    expect(r.ok).toBe(false);
  });

  it('@override between subgraphs of the same owner is allowed (moving one’s own field)', () => {
    const movedAgencies = AGENCIES.replace('kind: AgencyKind!', 'kind: AgencyKind! cases: [Case!]! @override(from: "cases")').replace(
      'type Query',
      'type Case @key(fields: "id", resolvable: false) @sensitivity(class: C1) { id: ID! }\ntype Query',
    );
    const r = checkCandidate({ ...CORE[0]!, typeDefs: movedAgencies }, ctx);
    expect(errors(r, 'takeover')).toEqual([]);
    expect(errors(r, 'redeclaration')).toEqual([]);
  });

  it('re-declaring another owner’s field with @shareable is an error naming it and its owner', () => {
    const r = checkCandidate(agencyCandidate(GOOD.replace('inspections: [Inspection!]! }', 'inspections: [Inspection!]! title: String! @shareable }')), ctx);
    expect(errors(r, 'redeclaration')).toEqual([
      'inspections re-declares Case.title (@shareable), which "cases" (owner caselink) defines: add new fields to Case instead; only the owner\'s key fields (id) may be repeated, in an entity stub.',
    ]);
  });

  it('@external on another owner’s field (to @require it) is re-declaring it', () => {
    const r = checkCandidate(
      agencyCandidate(GOOD.replace('inspections: [Inspection!]! }', 'inspections: [Inspection!]! amount: Float @external overdue: Boolean @requires(fields: "amount") }')),
      ctx,
    );
    expect(errors(r, 'redeclaration')).toEqual([
      'inspections re-declares Case.amount (@external), which "cases" (owner caselink) defines: add new fields to Case instead; only the owner\'s key fields (id) may be repeated, in an entity stub.',
    ]);
  });

  it('@provides naming another owner’s fields is an error', () => {
    const r = checkCandidate(
      agencyCandidate(
        GOOD.replace('findings: String @sensitivity(class: C2)', 'findings: String @sensitivity(class: C2) bureau: Agency @provides(fields: "name")').replace(
          'inspectionCount: Int! @sensitivity(class: C0)',
          'inspectionCount: Int! @sensitivity(class: C0) name: String! @external',
        ),
      ),
      ctx,
    );
    expect(errors(r, 'redeclaration')).toEqual([
      'inspections would resolve Agency.name, which "agencies" (owner caselink) defines, through @provides on Inspection.bureau: an agency may not serve another\'s fields.',
      'inspections re-declares Agency.name (@external), which "agencies" (owner caselink) defines: add new fields to Agency instead; only the owner\'s key fields (id) may be repeated, in an entity stub.',
    ]);
  });

  it('a key of its own on another owner’s entity re-declares the field it keys on', () => {
    const r = checkCandidate(agencyCandidate(GOOD.replace('type Case @key(fields: "id")', 'type Case @key(fields: "number")').replace('{ id: ID! inspections', '{ number: String! inspections')), ctx);
    expect(errors(r, 'redeclaration')).toEqual([
      'inspections re-declares Case.number, which "cases" (owner caselink) defines: add new fields to Case instead; only the owner\'s key fields (id) may be repeated, in an entity stub.',
    ]);
  });

  it('declaring another owner’s value type (not an entity) is an error, @shareable or not', () => {
    const r = checkCandidate(agencyCandidate(`${GOOD}\ntype PageInfo @shareable @sensitivity(class: C0) { endCursor: String hasNextPage: Boolean! }`), ctx);
    expect(errors(r, 'redeclaration')).toEqual([
      'inspections declares PageInfo, a type of "agencies" (owner caselink) that is not an entity (no @key): only entities can be extended; define a type of your own (e.g. InspectionsPageInfo).',
    ]);
  });

  it('a root field of another owner re-declared is an error', () => {
    const r = checkCandidate(agencyCandidate(GOOD.replace('type Query {', 'type Query { agency(id: ID!): Agency @shareable @sensitivity(class: C1)')), ctx);
    expect(errors(r, 'redeclaration')).toEqual(['inspections re-declares Query.agency (@shareable), which "agencies" (owner caselink) defines: name a root field of your own.']);
  });

  it('another owner’s enum may be repeated exactly, not changed', () => {
    const same = checkCandidate(agencyCandidate(`${GOOD}\nenum AgencyKind { ADMINISTRATIVE PUBLIC_SECURITY }`), ctx);
    expect(errors(same, 'redeclaration')).toEqual([]);
    const changed = checkCandidate(agencyCandidate(`${GOOD}\nenum AgencyKind { ADMINISTRATIVE PUBLIC_SECURITY MARKET }`), ctx);
    expect(errors(changed, 'redeclaration')).toEqual([
      'inspections re-declares enum AgencyKind of "agencies" (owner caselink) differently (adds MARKET): repeat it exactly as its owner has it, or use a type of your own.',
    ]);
  });

  it('a subgraph name registered to another owner cannot be taken', () => {
    const r = checkCandidate({ ...agencyCandidate(casesSdl()), name: 'cases' }, ctx);
    expect(errors(r, 'registry')).toEqual(['subgraph name "cases" is registered to caselink, not ag-330100-msa: publish under a name of your own.']);
  });

  it('a bad candidate entry is named', () => {
    const r = checkCandidate({ ...agencyCandidate(GOOD), name: 'Inspections', url: 'ftp://x' }, ctx);
    expect(errors(r, 'registry')).toEqual(['candidate ("Inspections").name must be lowercase letters, digits and _, starting with a letter, got "Inspections"']);
  });
});

describe('schema check: removing a subgraph, the registry as a whole', () => {
  it('removal lists what clients lose', () => {
    const r = checkRemoval('agencies', ctx);
    expect(r.ok).toBe(false);
    expect(errors(r, 'breaking')).toEqual(
      expect.arrayContaining([
        'Agency.name was removed: queries that select it fail.',
        'Agency.kind was removed: queries that select it fail.',
        'Query.agency was removed: queries that select it fail.',
        'type AgencyKind was removed: queries that use it fail.',
      ]),
    );
    expect(checkRemoval('nothere', ctx).findings[0]!.message).toBe('no subgraph "nothere" is registered (registered: agencies, cases).');
  });

  it('removing an agency subgraph that only added fields lists those fields', () => {
    const withAgency = [...CORE, agencyCandidate(GOOD)];
    const current = composeSupergraph(withAgency);
    if (!current.ok) throw new Error(current.errors.join('\n'));
    const r = checkRemoval('inspections', { registry: withAgency, currentSupergraphSdl: current.supergraphSdl });
    expect(errors(r, 'breaking').sort()).toEqual(
      [
        'Agency.inspectionCount was removed: queries that select it fail.',
        'Case.inspections was removed: queries that select it fail.',
        'Query.inspection was removed: queries that select it fail.',
        'type Inspection was removed: queries that use it fail.',
      ].sort(),
    );
  });

  it('the registry is checked as a whole: every subgraph against every other owner', () => {
    const taken = [...CORE, agencyCandidate(GOOD.replace('inspections: [Inspection!]! }', 'inspections: [Inspection!]! title: String! @shareable }'))];
    const r = checkRegistry({ registry: taken, currentSupergraphSdl: composed.supergraphSdl });
    expect(r.ok).toBe(false);
    // reported once, against the later-registered subgraph
    expect(errors(r, 'redeclaration')).toEqual([
      'inspections re-declares Case.title (@shareable), which "cases" (owner caselink) defines: add new fields to Case instead; only the owner\'s key fields (id) may be repeated, in an entity stub.',
    ]);
    expect(checkRegistry(ctx).ok).toBe(true);
  });

  it('the report reads errors first, then a verdict', () => {
    const text = formatReport('check', newCases({ statuses: 'DRAFT FILED CLOSED', caseFields: CASES_BODY.caseFields.replace('number: String!', 'number: String') }));
    expect(text.split('\n')).toEqual([
      'check',
      '  ERROR [breaking] Case.number may now be null (String! → String): clients that rely on a value break.',
      '  INFO  [addition] enum value CaseStatus.CLOSED added (clients that switch over CaseStatus should expect it).',
      'FAILED: 1 error(s), 0 warning(s), 1 note(s)',
    ]);
  });
});

describe('the SDL a running subgraph reports', () => {
  it('is stored without the policy preamble and composes to the same supergraph', async () => {
    const schema = buildSubgraphSchema({ typeDefs: subgraphDocument(GOOD) });
    const resolve = schema.getQueryType()!.getFields()._service!.resolve!;
    const { sdl } = (await resolve(null, {}, {}, {} as never)) as { sdl: string };
    expect(sdl).toContain('directive @sensitivity');
    const stored = normalizeSubgraphSdl(sdl);
    expect(stored).not.toContain('directive @sensitivity');
    expect(stored).not.toContain('caselink.dev/policy');
    const a = composeSupergraph([...CORE, agencyCandidate(GOOD)]);
    const b = composeSupergraph([...CORE, agencyCandidate(stored)]);
    expect(a.ok && b.ok && a.supergraphSdl === b.supergraphSdl).toBe(true);
    expect(normalizeSubgraphSdl(GOOD)).toBe(GOOD);
    const merged = `schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://caselink.dev/policy/v1.0", import: ["@sensitivity"]) { query: Query }\n${GOOD}`;
    expect(normalizeSubgraphSdl(merged)).toContain('schema @link(url: "https://specs.apollo.dev/link/v1.0") {');
  });
});

describe('the registry file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caselink-registry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const entry = { name: 'inspections', url: 'http://10.0.0.7:4010/graphql', owner: AGENCY, sdl: 'x.graphql' };

  it('names the entry, the key and the bad value', () => {
    expect(() => parseRegistry({ subgraphs: [{ ...entry, url: 'ftp://10.0.0.7/graphql' }] }, 'subgraphs.json')).toThrow(
      'subgraphs.json: subgraphs[0] ("inspections").url must be an http(s) URL, got "ftp://10.0.0.7/graphql"',
    );
    expect(() => parseRegistry({ subgraphs: [{ ...entry, owner: ' ' }] }, 'subgraphs.json')).toThrow(
      'subgraphs.json: subgraphs[0] ("inspections").owner must name the owning agency (e.g. "caselink" or an agency id), got " "',
    );
    expect(() => parseRegistry({ subgraphs: [{ name: 'x', url: 'http://x/graphql', sdl: 'x' }] }, 'subgraphs.json')).toThrow(
      'subgraphs.json: subgraphs[0] ("x").owner must be a string (missing)',
    );
    expect(() => parseRegistry({ subgraphs: [entry, entry] }, 'subgraphs.json')).toThrow(
      'subgraphs.json: subgraph name "inspections" is listed twice (subgraphs[0] and subgraphs[1])',
    );
    expect(() => parseRegistry({ subgraphs: [] }, 'subgraphs.json')).toThrow('subgraphs.json: subgraphs must list at least one subgraph');
  });

  it('names a missing SDL file with its entry', () => {
    writeRegistry(join(dir, 'subgraphs.json'), [entry]);
    expect(() => loadRegistry(join(dir, 'subgraphs.json'))).toThrow(/subgraph "inspections": sdl file x.graphql not found/);
  });

  it('writes what it reads, comment kept, one line per entry', () => {
    const file = join(dir, 'round.json');
    writeRegistry(file, [entry, { ...entry, name: 'other' }], 'operators edit this file');
    expect(readRegistry(file)).toEqual({ comment: 'operators edit this file', entries: [entry, { ...entry, name: 'other' }] });
    expect(readFileSync(file, 'utf8').split('\n')).toContain(
      '    { "name": "inspections", "url": "http://10.0.0.7:4010/graphql", "owner": "ag-330100-msa", "sdl": "x.graphql" },',
    );
  });

  it('the committed registry is valid and every subgraph in it is owned by caselink', () => {
    expect(loadRegistry().map((s) => [s.name, s.owner])).toEqual([
      ['agencies', 'caselink'],
      ['cases', 'caselink'],
      ['dossiers', 'caselink'],
    ]);
  });
});

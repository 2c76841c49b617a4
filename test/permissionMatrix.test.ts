/**
 * The permission matrix: generated from the @sensitivity declarations of the composed supergraph,
 * it reaches every field it can from the root queries, for every role × relationship profile, and
 * checks allow / mask / deny through the gateway against the table of shared/domain.md, written out
 * here independently of the code that enforces it. A new type must be classified below (case-scoped
 * or not) before this test passes; a rule that drifts from the table fails it.
 */
import { readFileSync } from 'node:fs';
import {
  buildASTSchema,
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  type ConstDirectiveNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases as demoCases, dossiers as demoDossiers } from '../demo/cases';
import { DATABASE_KIND, startTestGraph, SUPERGRAPH_PATH, type TestGraph } from './harness';

type Cls = 'C0' | 'C1' | 'C2' | 'C3' | 'C4';
type Rel = 'HANDLING' | 'RECEIVING' | 'SUP_PROC' | 'SUP_ORGAN' | 'NONE' | 'STATS';

/** shared/domain.md, "Data sensitivity classes and who sees them", for rows of a case. */
const SEES: Record<Cls, Rel[]> = {
  C0: ['HANDLING', 'RECEIVING', 'SUP_PROC', 'SUP_ORGAN', 'NONE', 'STATS'],
  C1: ['HANDLING', 'RECEIVING', 'SUP_PROC', 'SUP_ORGAN'],
  C2: ['HANDLING', 'RECEIVING', 'SUP_PROC'],
  C3: ['HANDLING', 'RECEIVING', 'SUP_PROC'],
  C4: ['RECEIVING', 'SUP_PROC'],
};

/**
 * Types whose rows belong to one case (their fields follow the caller's relation to that case).
 * Every other object type is directory or wrapper data: open to every non-statistics caller up to C1.
 * Classify each new type here.
 */
const CASE_SCOPED = new Set(['Case', 'Warning', 'WarningEvent', 'WarningDocument', 'WarningNotice', 'WarningNoticeAcknowledgement', 'WarningNoticeDocument', 'Party', 'Dossier', 'Document', 'AccessRecord', 'CaseEvent', 'DocumentReference', 'ProcuratorialOpinion', 'Deadline', 'Penalty', 'DossierVersion', 'TransferSeal', 'Handover', 'HandedOverDocument', 'HandoverCheck', 'DocumentCheck', 'Withdrawal', 'SecretMaterialMarker', 'Informant', 'CaseProposal', 'RegisterPenalty']);
const UNSCOPED = new Set(['Agency', 'Officer', 'Division', 'PageInfo', 'AgencyConnection', 'CaseConnection', 'AccessRecordConnection', 'DossierVersionConnection', 'SealedDocument', 'AgencyEdge', 'CaseEdge', 'AccessRecordEdge', 'DossierVersionEdge', 'OfficerConnection', 'OfficerEdge']);

/** Fields a resolver further restricts by role, beyond the class rule. */
const ROLE_GUARDED: Record<string, string> = { 'Case.accessRecords': 'SUPERVISOR', 'Case.inclusionProof': 'SUPERVISOR', 'Dossier.accessRecords': 'SUPERVISOR' };
/** Fields a resolver further restricts to one relation, beyond the class rule (informant identity: the receiving police unit). */
const RELATION_GUARDED: Record<string, Rel> = { 'Case.informants': 'RECEIVING' };

interface Profile {
  name: string;
  login: string;
  purpose?: string;
  rel: Rel;
  /** Personal data comes in clear (own agency, fitting purpose). */
  clear: boolean;
  roles: string[];
}

const CASE = demoCases.find((c) => c.id === 'cs-0002')!; // 西湖区 market supervision → 西湖区 police
const DOSSIER = demoDossiers.find((d) => d.caseId === CASE.id)!;

const PROFILES: Profile[] = [
  { name: 'handling case officer', login: 'song.wenjie.xh-msa', rel: 'HANDLING', clear: false, roles: ['CASE_OFFICER'] },
  { name: 'handling case officer, CASE_HANDLING', login: 'song.wenjie.xh-msa', purpose: 'CASE_HANDLING', rel: 'HANDLING', clear: true, roles: ['CASE_OFFICER'] },
  { name: 'handling case officer, SUPERVISION', login: 'song.wenjie.xh-msa', purpose: 'SUPERVISION', rel: 'HANDLING', clear: false, roles: ['CASE_OFFICER'] },
  { name: 'handling approver, CASE_HANDLING', login: 'huang.fang.xh-msa', purpose: 'CASE_HANDLING', rel: 'HANDLING', clear: true, roles: ['APPROVER'] },
  { name: 'handling case officer, STATISTICS', login: 'song.wenjie.xh-msa', purpose: 'STATISTICS', rel: 'STATS', clear: false, roles: ['CASE_OFFICER'] },
  { name: 'receiving police', login: 'he.tingting.xh-psb', rel: 'RECEIVING', clear: false, roles: ['CASE_OFFICER'] },
  { name: 'receiving police, CASE_HANDLING', login: 'he.tingting.xh-psb', purpose: 'CASE_HANDLING', rel: 'RECEIVING', clear: true, roles: ['CASE_OFFICER'] },
  { name: 'county procuratorate supervisor, SUPERVISION', login: 'zhao.xiuying.xh-proc', purpose: 'SUPERVISION', rel: 'SUP_PROC', clear: false, roles: ['SUPERVISOR'] },
  { name: 'provincial procuratorate supervisor', login: 'wang.li.zj-proc', rel: 'SUP_PROC', clear: false, roles: ['SUPERVISOR'] },
  { name: 'political-legal committee admin', login: 'xie.fang.zj-plc', rel: 'SUP_ORGAN', clear: false, roles: ['ADMIN'] },
  { name: 'analyst', login: 'hu.xiuying.zj-plc', rel: 'STATS', clear: false, roles: ['ANALYST'] },
  { name: 'police of another county', login: '', rel: 'NONE', clear: false, roles: ['CASE_OFFICER'] },
  { name: 'administrative officer of another sector, same county', login: 'zhu.guoping.xh-eco', rel: 'NONE', clear: false, roles: ['CASE_OFFICER'] },
];

function classOf(directives: readonly ConstDirectiveNode[] | undefined): Cls | null {
  const d = directives?.find((x) => x.name.value === 'sensitivity');
  const v = d?.arguments?.find((a) => a.name.value === 'class')?.value;
  return v?.kind === 'EnumValue' ? (v.value as Cls) : null;
}

function fieldClass(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): Cls {
  const cls = classOf(field.astNode?.directives) ?? classOf(type.astNode?.directives);
  if (!cls) throw new Error(`${type.name}.${field.name} has no sensitivity class in the supergraph`);
  return cls;
}

interface Segment {
  type: string;
  field: string;
  cls: Cls;
  args: string;
}

/** Every (type, field) reachable from the roots, each by its shortest path (breadth first). */
function walk(schema: GraphQLSchema): { paths: Segment[][]; skipped: string[] } {
  const roots: [string, string][] = [
    ['case', `(id: "${CASE.id}")`],
    ['dossier', `(id: "${DOSSIER.id}")`],
    ['agency', `(id: "${CASE.handlingAgencyId}")`],
    ['me', ''],
    ['divisions', '(under: "330106")'],
    ['agencies', '(first: 3)'],
    ['cases', '(first: 3)'],
  ];
  const query = schema.getQueryType()!;
  const seen = new Set<string>();
  const skipped: string[] = [];
  const paths: Segment[][] = [];
  let frontier: Segment[][] = [];
  for (const [name, args] of roots) {
    const f = query.getFields()[name];
    if (!f) throw new Error(`root Query.${name} is gone: update the matrix roots`);
    const path = [{ type: 'Query', field: name, cls: fieldClass(query, f), args }];
    seen.add(`Query.${name}`);
    paths.push(path);
    frontier.push(path);
  }
  for (const f of Object.values(query.getFields())) {
    if (!seen.has(`Query.${f.name}`)) skipped.push(`Query.${f.name} (not a matrix root)`);
  }
  while (frontier.length) {
    const next: Segment[][] = [];
    for (const path of frontier) {
      const last = path[path.length - 1]!;
      const parentField = (schema.getType(last.type) as GraphQLObjectType).getFields()[last.field]!;
      const type = getNamedType(parentField.type);
      if (!isObjectType(type)) continue;
      if (!CASE_SCOPED.has(type.name) && !UNSCOPED.has(type.name)) {
        throw new Error(`type ${type.name} is not classified: add it to CASE_SCOPED or UNSCOPED in this test`);
      }
      for (const f of Object.values(type.getFields())) {
        const key = `${type.name}.${f.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) {
          skipped.push(`${key} (required arguments)`);
          continue;
        }
        const p = [...path, { type: type.name, field: f.name, cls: fieldClass(type, f), args: '' }];
        paths.push(p);
        next.push(p);
      }
    }
    frontier = next;
  }
  return { paths, skipped };
}

function toQuery(schema: GraphQLSchema, path: Segment[]): string {
  const last = path[path.length - 1]!;
  const leafField = (schema.getType(last.type) as GraphQLObjectType).getFields()[last.field]!;
  let body = isLeafType(getNamedType(leafField.type)) ? '' : ' { __typename }';
  for (let i = path.length - 1; i >= 0; i--) {
    const s = path[i]!;
    body = i === path.length - 1 ? `${s.field}${s.args}${body}` : `${s.field}${s.args} { ${body} }`;
  }
  return `{ ${body} }`;
}

type Expect = { kind: 'allow'; masked: boolean } | { kind: 'deny'; at: string; code: string } | { kind: 'not-found' };

/** What the table says this profile gets for this path: the first segment it may not read decides. */
function expected(p: Profile, path: Segment[]): Expect {
  for (let i = 0; i < path.length; i++) {
    const s = path[i]!;
    const at = path.slice(0, i + 1).map((x) => x.field).join('.');
    if (p.rel === 'STATS' && s.cls !== 'C0') return { kind: 'deny', at, code: 'FORBIDDEN' };
    if (s.type === 'Query') {
      if (p.rel === 'NONE' && (s.field === 'case' || s.field === 'dossier')) return { kind: 'not-found' };
      continue;
    }
    const allowed = CASE_SCOPED.has(s.type) ? SEES[s.cls].includes(p.rel) : s.cls === 'C0' || s.cls === 'C1';
    if (!allowed) return { kind: 'deny', at, code: 'FORBIDDEN' };
    const guard = ROLE_GUARDED[`${s.type}.${s.field}`];
    if (guard && !p.roles.includes(guard)) return { kind: 'deny', at, code: 'FORBIDDEN' };
    const only = RELATION_GUARDED[`${s.type}.${s.field}`];
    if (only && p.rel !== only) return { kind: 'deny', at, code: 'FORBIDDEN' };
  }
  const leaf = path[path.length - 1]!;
  return { kind: 'allow', masked: leaf.cls === 'C3' && !p.clear };
}

/** Every value at the end of the path (lists flattened). */
function leaves(data: unknown, fields: string[]): unknown[] {
  let values: unknown[] = [data];
  for (const f of fields) {
    values = values.flatMap((v) => (v == null ? [] : Array.isArray(v) ? v : [v])).map((v) => (v as Record<string, unknown>)[f]);
    values = values.flatMap((v) => (Array.isArray(v) ? v : [v]));
  }
  return values;
}

describe(`permission matrix through the gateway (${DATABASE_KIND})`, () => {
  const schema = buildASTSchema(parse(readFileSync(SUPERGRAPH_PATH, 'utf8')), { assumeValidSDL: true });
  const { paths, skipped } = walk(schema);
  let graph: TestGraph;
  beforeAll(async () => {
    // Hundreds of queries per profile: the per-caller rate limit is not what this test is about.
    graph = await startTestGraph({ gateway: { rateLimit: { perSecond: 100_000, burst: 100_000 } } });
    // One acknowledged notice (the responsible police unit's), so WarningNoticeAcknowledgement's fields have a row to be allowed or refused on.
    const police = await graph.token({ agencyId: 'ag-330106-psb', role: 'CASE_OFFICER' });
    const res = await graph.query(`query($id: ID!) { case(id: $id) { warnings { notices { id recipient } } } }`, { id: CASE.id }, { token: police });
    const notice = (res.data.case.warnings as { notices: { id: string; recipient: string }[] }[]).flatMap((w) => w.notices).find((n) => n.recipient === 'RESPONSIBLE');
    expect(notice, 'the fixture case has a notice to its responsible unit').toBeDefined();
    const ack = await graph.query(`mutation($id: ID!) { acknowledgeNotice(id: $id) { id } }`, { id: notice!.id }, { token: police });
    expect(ack.errors).toBeUndefined();
  });
  afterAll(() => graph?.close());

  it('reaches every field of every case-scoped and directory type', () => {
    const reached = new Set(paths.map((p) => `${p[p.length - 1]!.type}.${p[p.length - 1]!.field}`));
    for (const name of [...CASE_SCOPED, ...UNSCOPED]) {
      const type = schema.getType(name);
      expect(type, `type ${name} classified but absent from the supergraph`).toBeDefined();
      for (const f of Object.keys((type as GraphQLObjectType).getFields())) {
        const key = `${name}.${f}`;
        expect(reached.has(key) || skipped.some((s) => s.startsWith(key + ' ')), `${key} unreachable`).toBe(true);
      }
    }
    expect(paths.length).toBeGreaterThan(50);
  });

  it.each(PROFILES.map((p) => [p.name, p] as const))('%s gets exactly what the table allows', async (_name, profile) => {
    const token = await graph.token(profile.login ? { login: profile.login } : { agencyId: 'ag-330110-psb', role: 'CASE_OFFICER' });
    const mismatches: string[] = [];
    let masksSeen = 0;
    for (const path of paths) {
      const query = toQuery(schema, path);
      const res = await graph.query(query, {}, { token, purpose: profile.purpose });
      const want = expected(profile, path);
      const fields = path.map((s) => s.field);
      const errors = res.errors ?? [];
      const label = `${fields.join('.')} [${path[path.length - 1]!.cls}]`;
      if (want.kind === 'not-found') {
        if (errors[0]?.extensions?.code !== 'NOT_FOUND') mismatches.push(`${label}: want NOT_FOUND, got ${JSON.stringify(res.errors ?? res.data)}`);
        continue;
      }
      if (want.kind === 'deny') {
        const ok =
          errors.length > 0 &&
          errors.every((e) => e.extensions?.code === want.code && (e.path ?? []).filter((x) => typeof x === 'string').join('.') === want.at) &&
          leaves(res.data, want.at.split('.')).every((v) => v == null);
        if (!ok) mismatches.push(`${label}: want ${want.code} at ${want.at}, got ${JSON.stringify(res.errors ?? res.data)}`);
        continue;
      }
      if (errors.length) {
        mismatches.push(`${label}: want allowed, got ${JSON.stringify(errors)}`);
        continue;
      }
      const values = leaves(res.data, fields).filter((v): v is string => typeof v === 'string' && v.length > 1);
      if (path[path.length - 1]!.cls === 'C3' && values.length) {
        const masked = values.every((v) => v.includes('*'));
        if (masked) masksSeen++;
        if (masked !== want.masked) mismatches.push(`${label}: want ${want.masked ? 'masked' : 'clear'}, got ${JSON.stringify(values)}`);
      }
    }
    expect(mismatches).toEqual([]);
    if (profile.rel !== 'STATS' && profile.rel !== 'NONE' && profile.rel !== 'SUP_ORGAN' && !profile.clear) expect(masksSeen).toBeGreaterThan(0);
  });
});

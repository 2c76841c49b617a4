/**
 * Hostile values at every mutation of the supergraph and at the file endpoints, through the gateway,
 * as officers of every kind: arguments generated from the mutation's own input types, with hostile
 * strings (SQL, NUL, lone surrogates, long text), numbers, enums, IDs (malformed, another
 * jurisdiction's, check digits off) and wrong types mixed in. Every answer is either a success or a
 * clear error with a registered code (never INTERNAL_SERVER_ERROR, never a 5xx or a stack trace), and
 * a refused request writes no row in any table of any subgraph. Fixed seed; FC_SEED / FC_RUNS explore.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildASTSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode, makeResidentId } from '../subgraphs/kit/identifiers';
import { DATABASE_KIND, startTestGraph, SUPERGRAPH_PATH, type TestGraph } from './harness';
import { anyJson, changedTables, countRows, expectClearRefusal, expectNoInternalError, FC, hostileId, hostileNumber, hostileString, raw } from './hostileKit';
import { openDossier } from './dossierClient';

const schema = buildASTSchema(parse(readFileSync(SUPERGRAPH_PATH, 'utf8')), { assumeValidSDL: true });
const MUTATIONS = Object.values((schema.getMutationType() as GraphQLObjectType).getFields());

/** Officers of every kind around one 西湖区 case, and strangers to it. */
const OFFICERS = [
  'song.wenjie.xh-msa', // handling agency, case officer
  'huang.fang.xh-msa', // handling agency, approver
  'he.tingting.xh-psb', // police
  'wang.wenjie.xh-psb', // police head
  'zhao.xiuying.xh-proc', // procuratorate supervisor
  'guo.zhenhua.yh-psb', // another county's police
] as const;

const VALID_PERSON_ID = makeResidentId('330106', '19850312', '123');
const VALID_CREDIT_CODE = makeCreditCode('91330106MA2KABCD1');
/** A resident ID number and a credit code with their check character changed. */
const offByOne = (s: string) => s.slice(0, -1) + (s.endsWith('1') ? '2' : '1');

/** Values for a GraphQL input type: mostly the right shape, with hostile leaves; sometimes the wrong type altogether. */
function valueFor(type: GraphQLInputType, ids: fc.Arbitrary<string>, depth = 0): fc.Arbitrary<unknown> {
  const inner = getNullableType(type) as GraphQLInputType;
  const right: fc.Arbitrary<unknown> = (() => {
    if (isListType(inner)) return fc.array(valueFor(inner.ofType, ids, depth + 1), { maxLength: depth > 1 ? 1 : 3 });
    if (isInputObjectType(inner)) {
      const fields = Object.values(inner.getFields());
      return fc.record(Object.fromEntries(fields.map((f) => [f.name, valueFor(f.type, ids, depth + 1)])), {
        requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
      });
    }
    if (isEnumType(inner)) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...inner.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: hostileString(100) });
    const name = getNamedType(inner).name;
    if (name === 'ID') return ids;
    if (name === 'Int' || name === 'Float') return hostileNumber;
    if (name === 'Boolean') return fc.boolean();
    return fc.oneof(
      { weight: 3, arbitrary: hostileString(3000) },
      { weight: 1, arbitrary: fc.constantFrom(VALID_PERSON_ID, VALID_CREDIT_CODE, offByOne(VALID_PERSON_ID), offByOne(VALID_CREDIT_CODE), '2026-02-30', '1900-01-01', '13812345678') },
    );
  })();
  const wrong = isNonNullType(type) ? anyJson : fc.oneof(anyJson, fc.constant(null));
  return fc.oneof({ weight: 6, arbitrary: right }, { weight: 1, arbitrary: wrong });
}

/** One request per run: the mutation with every argument as a variable of its declared type. */
function operationOf(m: GraphQLField<unknown, unknown>): string {
  const vars = m.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = m.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(m.type)) ? '' : ' { __typename }';
  return `mutation Hostile${vars ? `(${vars})` : ''} { ${m.name}${args ? `(${args})` : ''}${selection} }`;
}

describe(`hostile values at every mutation and file endpoint (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  const tokens = new Map<string, string>();
  let ownCase: string;
  let ownDossier: string;
  let ids: fc.Arbitrary<string>;

  const send = async (query: string, variables: Record<string, unknown>, token: string) =>
    raw(
      await fetch(graph.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-access-purpose': 'CASE_HANDLING' },
        body: JSON.stringify({ query, variables }),
      }),
    );

  beforeAll(async () => {
    graph = await startTestGraph({ gateway: { rateLimit: { perSecond: 0 } } });
    for (const login of OFFICERS) tokens.set(login, await graph.token({ login }));
    const officer = tokens.get('song.wenjie.xh-msa')!;
    const created = await graph.query(
      `mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }`,
      { i: { title: '敌意输入测试案', sector: 'MARKET_SUPERVISION', facts: '经查……', amountInvolved: 1000, parties: [{ kind: 'PERSON', name: '张三', idNumber: VALID_PERSON_ID }] } },
      { token: officer },
    );
    ownCase = created.data.createCase.id;
    const opened = await openDossier(graph, officer, ownCase);
    ownDossier = opened.data.openDossier.id;
    ids = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(ownCase, ownDossier, 'ag-330106-psb', 'of-0047', 'of-0048') }, { weight: 3, arbitrary: hostileId });
  });
  afterAll(() => graph?.close());

  it('covers every mutation of the supergraph', () => {
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(5);
    expect(MUTATIONS.map((m) => m.name)).toContain('createCase');
  });

  for (const m of MUTATIONS) {
    it(`${m.name}: success, or a clear refusal that wrote nothing`, async () => {
      const query = operationOf(m);
      const args = fc.record(Object.fromEntries(m.args.map((a) => [a.name, valueFor(a.type, ids)])), { requiredKeys: [] });
      await fc.assert(
        fc.asyncProperty(args, fc.constantFrom(...OFFICERS), async (variables, login) => {
          const before = await countRows(graph);
          const a = await send(query, variables, tokens.get(login)!);
          const body = expectNoInternalError(a, `${m.name} as ${login} with ${JSON.stringify(variables).slice(0, 300)}`);
          if (body.data?.[m.name] == null) {
            expect(body.errors?.length, JSON.stringify(variables).slice(0, 300)).toBeGreaterThan(0);
            expect(changedTables(before, await countRows(graph)), `${m.name} refused but wrote`).toEqual([]);
          }
        }),
        { ...FC, numRuns: Math.max(5, Math.ceil(FC.numRuns / 6)) },
      );
    });
  }

  it('createCase: a valid input with one field made hostile is refused by name, or stored as sent', async () => {
    const valid = { title: '某公司销售假冒商品案', sector: 'MARKET_SUPERVISION', facts: '经查……', amountInvolved: 1000, parties: [{ kind: 'COMPANY', name: '某公司', creditCode: VALID_CREDIT_CODE }] };
    const hostile = fc.oneof(
      hostileString(30_000).map((v) => ['title', v] as const),
      hostileString(30_000).map((v) => ['facts', v] as const),
      hostileNumber.map((v) => ['amountInvolved', v] as const),
      hostileString(300).map((v) => ['parties.0.name', v] as const),
      fc.constantFrom(offByOne(VALID_CREDIT_CODE), VALID_PERSON_ID, '', "91330106MA2KABCD1' OR '1'='1").map((v) => ['parties.0.creditCode', v] as const),
      fc.constantFrom(offByOne(VALID_PERSON_ID), VALID_PERSON_ID.toLowerCase(), '330106198502301234').map((v) => ['parties.0.idNumber', v] as const),
      fc.constant(['parties', []] as const),
      anyJson.map((v) => ['parties', v] as const),
    );
    const officer = tokens.get('song.wenjie.xh-msa')!;
    await fc.assert(
      fc.asyncProperty(hostile, async ([path, v]) => {
        const input: any = structuredClone(valid);
        const keys = path.split('.');
        let at = input;
        for (const k of keys.slice(0, -1)) at = at[k];
        at[keys.at(-1)!] = v;
        const before = await countRows(graph);
        const a = await send(`mutation($i: CreateCaseInput!) { createCase(input: $i) { id title facts amountInvolved } }`, { i: input }, officer);
        const body = expectNoInternalError(a, `${path} = ${JSON.stringify(v)?.slice(0, 200)}`);
        if (body.errors) {
          expect(changedTables(before, await countRows(graph))).toEqual([]);
          const code = body.errors[0].extensions.code;
          expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(code);
          if (code === 'BAD_USER_INPUT' && body.errors[0].extensions.field) expect(body.errors[0].extensions.field).toMatch(new RegExp(`^input\\.${keys[0]}`));
        } else {
          // Accepted: stored exactly as sent (text trimmed), SQL fragments and all.
          const c = body.data.createCase;
          if (path === 'title' || path === 'facts') expect(c[path]).toBe(String(v).trim());
        }
      }),
      { ...FC },
    );
  });

  describe('file endpoints', () => {
    const upload = async (dossierId: string, params: Record<string, string>, bodyText: string, token: string, contentType = 'application/pdf', key?: string) => {
      const url = new URL(`/files/dossiers/dossiers/${encodeURIComponent(dossierId)}/documents`, graph.gatewayUrl);
      for (const [k, v] of Object.entries(params)) url.searchParams.append(k, v);
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': contentType };
      if (key !== undefined) headers['idempotency-key'] = key;
      return raw(await fetch(url, { method: 'POST', headers, body: bodyText }));
    };
    const printable = (s: string) => /^[\x20-\x7e]*$/.test(s);

    it('uploads with hostile parameters: 201, or a clear refusal that wrote nothing', async () => {
      const params = fc.record(
        {
          kind: fc.oneof(fc.constantFrom('TRANSFER_LETTER', 'EVIDENCE', 'OTHER_MATERIAL'), hostileString(200)),
          title: hostileString(3000),
          sensitivity: fc.oneof(fc.constantFrom('C2', 'C3', 'C4', 'C5', 'C0'), hostileString(50)),
          replaces: hostileId,
          reason: hostileString(3000),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(
          params,
          fc.oneof({ weight: 3, arbitrary: fc.constant('own') }, { weight: 1, arbitrary: hostileId }),
          fc.constantFrom(...OFFICERS),
          fc.oneof(fc.constantFrom('application/pdf', 'text/plain; charset=utf-8'), hostileString(100).filter(printable)),
          // An Idempotency-Key header: none, a good one, or hostile (as far as a header can carry it).
          fc.oneof(fc.constant(undefined), fc.uuid().map(String), hostileString(300).filter(printable)),
          async (p, dossier, login, contentType, key) => {
            if (/[\uD800-\uDFFF]/.test(dossier)) return; // not expressible in a URL path
            const before = await countRows(graph);
            const a = await upload(dossier === 'own' ? ownDossier : dossier, p as Record<string, string>, 'hostile content', tokens.get(login)!, contentType, key);
            if (a.status === 201) return;
            if (a.status === 200) {
              // A replay of an earlier run's upload under the same key: the first document, nothing written.
              expect(JSON.parse(a.text).replayed, a.text).toBe(true);
              expect(changedTables(before, await countRows(graph))).toEqual([]);
              return;
            }
            expectClearRefusal(a, `upload ${JSON.stringify(p).slice(0, 200)} as ${login}`);
            expect(changedTables(before, await countRows(graph))).toEqual([]);
          },
        ),
        { ...FC },
      );
    });

    it('downloads of hostile document ids: a clear refusal', async () => {
      await fc.assert(
        fc.asyncProperty(hostileId, fc.constantFrom(...OFFICERS), async (id, login) => {
          if (/[\uD800-\uDFFF]/.test(id)) return; // not expressible in a URL (no UTF-8 for a lone surrogate)
          const a = await raw(await fetch(new URL(`/files/dossiers/documents/${encodeURIComponent(id)}/content`, graph.gatewayUrl), { headers: { authorization: `Bearer ${tokens.get(login)}` } }));
          if (a.status === 200) return; // a document this officer may read (a demo id)
          expectClearRefusal(a, `download ${JSON.stringify(id).slice(0, 100)} as ${login}`);
        }),
        { ...FC },
      );
    });
  });

  it('every timeline still verifies', async () => {
    const res = await graph.query(`{ verifyTimelines { checked ok broken { number brokenAt { seq reason } } } }`, {}, { token: tokens.get('zhao.xiuying.xh-proc')! });
    expect(res.errors).toBeUndefined();
    expect(res.data.verifyTimelines).toMatchObject({ ok: true, broken: [] });
    expect(res.data.verifyTimelines.checked).toBeGreaterThan(0);
  });
});

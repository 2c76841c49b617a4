/**
 * Hostile input at the HTTP layer, gateway and subgraphs alike: malformed and odd bodies, huge and
 * deeply nested ones, invalid UTF-8, wrong content types and encodings, forged, expired and
 * wrong-audience tokens, assertions replayed to another subgraph. Every answer is a clear error with
 * a registered `extensions.code` (kit/errors.ts, or Apollo's request codes), never a 5xx, never HTML
 * or a stack trace, and nothing is written (row counts of every table before and after).
 * Property runs use a fixed seed (FC_SEED, FC_RUNS to explore further).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT, base64url } from 'jose';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey } from '../gateway/keys';
import { generateSigningKey, signJws } from '../subgraphs/kit/jws';
import { DEMO_AUDIENCE, DEMO_ISSUER, findDemoOfficer, mintToken } from '../demo/tokens';
import { ASSERTION_HEADER, ASSERTION_ISSUER, signCallerAssertion, type Caller } from '../subgraphs/kit/caller';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';
import { anyJson, changedTables, countRows, expectClearRefusal, FC, hostileString, raw } from './hostileKit';

const OFFICER = findDemoOfficer({ login: 'song.wenjie.xh-msa' });
const CALLER: Caller = {
  sub: OFFICER.id, agencyId: 'ag-330106-msa', agencyKind: 'ADMINISTRATIVE', division: '330106',
  roles: ['CASE_OFFICER'], purpose: 'CASE_HANDLING', requestId: 'req-hostile-1',
};
const CREATE = 'mutation($i: CreateCaseInput!) { createCase(input: $i) { id } }';

describe(`hostile input at the HTTP layer (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let token: string;
  let rowsBefore: Record<string, number>;
  const post = async (body: string | Buffer, headers: Record<string, string> = {}, url = graph.gatewayUrl) =>
    raw(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers }, body: typeof body === 'string' ? body : new Uint8Array(body) }));
  /** An assertion the gateway would make for this body (default: `{ __typename }`, as `direct` below sends). */
  const assertion = (caller: Partial<Caller> = {}, audience = 'cases', body: string | Uint8Array = JSON.stringify({ query: '{ __typename }' })) =>
    signCallerAssertion({ ...CALLER, ...caller }, audience, { kind: 'graphql', body }, graph.assertionKey);

  beforeAll(async () => {
    graph = await startTestGraph({ gateway: { rateLimit: { perSecond: 0 } } });
    token = await graph.token({ login: OFFICER.login });
    rowsBefore = await countRows(graph);
  });
  afterAll(() => graph?.close());

  it('random bytes as a body, gateway and subgraphs: a clear refusal', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.constantFrom('gateway', 'agencies', 'cases', 'dossiers'), async (bytes, target) => {
        const url = target === 'gateway' ? graph.gatewayUrl : graph.subgraphs[target]!.url;
        const headers: Record<string, string> = target === 'gateway' ? {} : { [ASSERTION_HEADER]: await assertion({}, target, bytes) };
        expectClearRefusal(await post(Buffer.from(bytes), headers, url), `bytes to ${target}`);
      }),
      { ...FC },
    );
  });

  it('any JSON value as a body, or as query / variables / operationName: a clear refusal or a plain answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyJson,
          fc.record({ query: anyJson }),
          fc.record({ query: fc.constant(CREATE), variables: anyJson }),
          fc.record({ query: fc.constant('{ __typename }'), operationName: anyJson, extensions: anyJson }),
        ),
        async (body) => {
          const a = await post(JSON.stringify(body) ?? 'null');
          if (a.status === 200 && JSON.parse(a.text).data?.__typename === 'Query') return; // a valid request with ignored extras
          expectClearRefusal(a, JSON.stringify(body)?.slice(0, 200));
        },
      ),
      { ...FC },
    );
  });

  it('hostile strings inside a query document (as literals): parse, validation or input errors', async () => {
    await fc.assert(
      fc.asyncProperty(hostileString(3000), async (s) => {
        const literal = JSON.stringify(s);
        for (const query of [`{ case(id: ${literal}) { id } }`, `{ cases(first: 2, after: ${literal}) { nodes { id } } }`, `{ agencies(divisionCode: ${literal}) { nodes { id } } }`, `{ ${s} }`]) {
          const a = await post(JSON.stringify({ query }));
          const body = JSON.parse(a.text);
          if (!body.errors) continue; // e.g. an agency filter that matches nothing
          expectClearRefusal(a, query.slice(0, 200));
        }
      }),
      { ...FC, numRuns: Math.ceil(FC.numRuns / 2) },
    );
  });

  it('malformed, truncated, huge and deeply nested bodies', async () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const cases: [string, string | Buffer, Record<string, string>?][] = [
      ['truncated', '{"query": "{ __typename'],
      ['trailing garbage', '{"query":"{ __typename }"} xyz'],
      ['bare string', '"{ __typename }"'],
      ['empty', ''],
      ['huge body', JSON.stringify({ query: CREATE, variables: { i: { title: 'x'.repeat(2_000_000) } } })],
      ['deep variables', `{"query":${JSON.stringify(CREATE)},"variables":{"i":${deep(50_000)}}}`],
      ['deep query', JSON.stringify({ query: `{ ${'cases { nodes { handlingAgency { '.repeat(40)}id${' } } }'.repeat(40)} }` })],
      ['many aliases', JSON.stringify({ query: `{ ${Array.from({ length: 600 }, (_, i) => `a${i}: __typename`).join(' ')} }` })],
      ['invalid UTF-8 in a string', Buffer.concat([Buffer.from('{"query":"{ case(id: \\"'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('\\") { id } }"}')])],
      ['invalid UTF-8 as structure', Buffer.from([0x7b, 0xc3, 0x28, 0x7d])],
      ['UTF-16 body, declared UTF-8', Buffer.from('{"query":"{ __typename }"}', 'utf16le')],
      ['latin1 charset', '{"query":"{ __typename }"}', { 'content-type': 'application/json; charset=latin1' }],
      ['gzip that is not gzip', '{"query":"{ __typename }"}', { 'content-encoding': 'gzip' }],
      ['unknown content encoding', '{"query":"{ __typename }"}', { 'content-encoding': 'x-evil' }],
      ['text/plain (CSRF)', '{"query":"{ __typename }"}', { 'content-type': 'text/plain' }],
      ['form (CSRF)', 'query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['batch when batching is off', JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])],
    ];
    // The purpose travels in the caller assertion; subgraphs ignore the header.
    expectClearRefusal(await post('{"query":"{ __typename }"}', { 'x-access-purpose': "CASE_HANDLING' OR 1=1" }), 'gateway: bad purpose header');
    for (const [label, body, headers] of cases) {
      expectClearRefusal(await post(body, headers), `gateway: ${label}`);
      const url = graph.subgraphs.cases!.url;
      expectClearRefusal(await post(body, { ...headers, [ASSERTION_HEADER]: await assertion({}, 'cases', body) }, url), `cases subgraph: ${label}`);
    }
  });

  it('unknown routes and methods answer JSON, not HTML', async () => {
    for (const [path, method] of [['/graphql', 'PUT'], ['/graphql', 'DELETE'], ['/nope', 'GET'], ['/files/%E0%A4%A/x', 'GET']] as const) {
      const sub = await raw(await fetch(new URL(path, graph.subgraphs.cases!.url), { method, headers: { [ASSERTION_HEADER]: await assertion() } }));
      expectClearRefusal(sub, `cases subgraph ${method} ${path}`);
    }
    const gw = await raw(await fetch(new URL('/files/dossiers/documents/%E0%A4%A/content', graph.gatewayUrl), { headers: { authorization: `Bearer ${token}` } }));
    expectClearRefusal(gw, 'download with a malformed percent-encoding');
    // Over Node's 16 KiB header limit: refused by the HTTP parser itself, still in JSON.
    for (const base of [graph.gatewayUrl, graph.subgraphs.dossiers!.url]) {
      const long = await raw(await fetch(new URL(`/files/dossiers/documents/${'x'.repeat(40_000)}/content`, base), { headers: { authorization: `Bearer ${token}` } }));
      expect(long.status).toBe(431);
      expectClearRefusal(long, `a 40 kB URL to ${base}`);
    }
  });

  describe('tokens', () => {
    const unauthenticated = async (t: string | null, label: string, headers: Record<string, string> = {}) => {
      const a = await raw(
        await fetch(graph.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(t === null ? {} : { authorization: t }), ...headers },
          body: JSON.stringify({ query: '{ cases(first: 1) { nodes { id facts } } }' }),
        }),
      );
      expect(expectClearRefusal(a, label)).toEqual(['UNAUTHENTICATED']);
      expect(a.status, label).toBe(401);
    };

    it('forged, expired, not yet valid, wrong issuer or audience, alg none, tampered: UNAUTHENTICATED', async () => {
      const { key: stranger } = await generateIssuerKey();
      const claims = { agency: 'ag-330106-msa', agency_kind: 'ADMINISTRATIVE', division: '330106', roles: ['CASE_OFFICER'] };
      const signed = (mutate: (j: SignJWT) => SignJWT, key = graph.issuerKey) =>
        mutate(new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: key.kid }).setSubject(OFFICER.id).setIssuedAt()).sign(key.privateKey);
      const good = await mintToken(OFFICER, graph.issuerKey);
      const [h, p, s] = good.split('.');
      const tokens: Record<string, string> = {
        'signed by another key': await mintToken(OFFICER, stranger),
        'another key, same kid': await signed((j) => j.setIssuer(DEMO_ISSUER).setAudience(DEMO_AUDIENCE).setExpirationTime('1h'), { ...stranger, kid: graph.issuerKey.kid }),
        expired: await mintToken(OFFICER, graph.issuerKey, { expiresIn: '-1m' }),
        'not yet valid': await signed((j) => j.setIssuer(DEMO_ISSUER).setAudience(DEMO_AUDIENCE).setNotBefore('1h').setExpirationTime('2h')),
        'wrong audience': await mintToken(OFFICER, graph.issuerKey, { audience: 'another-system' }),
        'wrong issuer': await mintToken(OFFICER, graph.issuerKey, { issuer: 'evil-idp' }),
        'no expiry': await signed((j) => j.setIssuer(DEMO_ISSUER).setAudience(DEMO_AUDIENCE)),
        'alg none': new UnsecuredJWT({ ...claims }).setSubject(OFFICER.id).setIssuer(DEMO_ISSUER).setAudience(DEMO_AUDIENCE).setExpirationTime('1h').encode(),
        'payload swapped (more roles)': `${h}.${base64url.encode(JSON.stringify({ ...JSON.parse(new TextDecoder().decode(base64url.decode(p!))), roles: ['ADMIN', 'SUPERVISOR'] }))}.${s}`,
        'signature cut': `${h}.${p}.`,
        'a caller assertion as a token': await assertion({}, 'cases'),
      };
      for (const [label, t] of Object.entries(tokens)) await unauthenticated(`Bearer ${t}`, label);
      await unauthenticated(null, 'no token');
      await unauthenticated('Basic dXNlcjpwYXNz', 'basic auth');
      await unauthenticated(`Bearer ${good} ${good}`, 'two tokens');
    });

    it('random strings as tokens: UNAUTHENTICATED', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string({ maxLength: 300 }),
            fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((t) => t.join('.')),
            fc.jsonValue().map((v) => `${base64url.encode('{"alg":"ES256"}')}.${base64url.encode(JSON.stringify(v))}.AAAA`),
          ),
          async (t) => {
            // Header values must be ByteStrings; fetch refuses others before sending, which proves nothing.
            if (!/^[\x20-\x7e]*$/.test(t)) return;
            await unauthenticated(`Bearer ${t}`, `token ${JSON.stringify(t).slice(0, 80)}`);
          },
        ),
        { ...FC },
      );
    });

    it('a valid token with claims of the wrong shape: UNAUTHENTICATED', async () => {
      const shapes = [
        { roles: 'ADMIN' },
        { roles: ['GOD'] },
        { division: "330106' OR '1'='1" },
        { agency_kind: 'MINISTRY' },
        { agency: { $ne: null } },
      ];
      for (const bad of shapes) {
        const t = await new SignJWT({ agency: 'ag-330106-msa', agency_kind: 'ADMINISTRATIVE', division: '330106', roles: ['CASE_OFFICER'], ...bad })
          .setProtectedHeader({ alg: 'ES256', kid: graph.issuerKey.kid })
          .setSubject(OFFICER.id).setIssuer(DEMO_ISSUER).setAudience(DEMO_AUDIENCE).setIssuedAt().setExpirationTime('1h')
          .sign(graph.issuerKey.privateKey);
        await unauthenticated(`Bearer ${t}`, `claims ${JSON.stringify(bad)}`);
      }
    });
  });

  describe('caller assertions sent straight to subgraphs', () => {
    const direct = async (subgraph: string, headerValue: string | null, query = '{ __typename }') =>
      raw(
        await fetch(graph.subgraphs[subgraph]!.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(headerValue === null ? {} : { [ASSERTION_HEADER]: headerValue }) },
          body: JSON.stringify({ query }),
        }),
      );

    it('replayed to another subgraph, expired, forged, wrong issuer, malformed claims: UNAUTHENTICATED', async () => {
      const stranger = generateSigningKey();
      const typename = JSON.stringify({ query: '{ __typename }' });
      // Claims built with jose's builder, signed as the gateway signs (its profile's algorithm).
      const sign = async (payload: Record<string, unknown>, mutate: (j: UnsecuredJWT) => UnsecuredJWT, key = graph.assertionKey) =>
        signJws(key, base64url.decode(mutate(new UnsecuredJWT({ ...CALLER, sub: undefined, ...payload }).setSubject(CALLER.sub)).encode().split('.')[1]!));
      for (const [target, other] of [['cases', 'dossiers'], ['dossiers', 'agencies'], ['agencies', 'cases']] as const) {
        const variants: Record<string, string | null> = {
          missing: null,
          empty: '',
          [`made for ${other}`]: await assertion({}, other),
          'signed by another key': await signCallerAssertion(CALLER, target, { kind: 'graphql', body: typename }, stranger),
          expired: await signCallerAssertion(CALLER, target, { kind: 'graphql', body: typename }, graph.assertionKey, () => Date.now() - 120_000),
          'from the future (too old by iat)': await sign({}, (j) => j.setIssuer(ASSERTION_ISSUER).setAudience(target).setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime('1h')),
          'wrong issuer': await sign({}, (j) => j.setIssuer('someone').setAudience(target).setIssuedAt().setExpirationTime('1m')),
          'roles of the wrong shape': await sign({ roles: 'ADMIN' }, (j) => j.setIssuer(ASSERTION_ISSUER).setAudience(target).setIssuedAt().setExpirationTime('1m')),
          'unknown role': await sign({ roles: ['ROOT'] }, (j) => j.setIssuer(ASSERTION_ISSUER).setAudience(target).setIssuedAt().setExpirationTime('1m')),
          'a caller token instead': await mintToken(OFFICER, graph.issuerKey),
          'alg none': new UnsecuredJWT({ ...CALLER, sub: undefined }).setSubject(CALLER.sub).setIssuer(ASSERTION_ISSUER).setAudience(target).setIssuedAt().setExpirationTime('1m').encode(),
        };
        for (const [label, value] of Object.entries(variants)) {
          const a = await direct(target, value, '{ __typename }');
          expect(expectClearRefusal(a, `${target}: ${label}`)).toEqual(['UNAUTHENTICATED']);
          expect(a.status).toBe(401);
        }
      }
    });

    it('random assertion header values: UNAUTHENTICATED', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 400 }), fc.constantFrom('agencies', 'cases', 'dossiers'), async (value, target) => {
          if (!/^[\x21-\x7e]+$/.test(value)) return;
          expect(expectClearRefusal(await direct(target, value), value.slice(0, 60))).toEqual(['UNAUTHENTICATED']);
        }),
        { ...FC },
      );
    });

    it('a valid assertion does not make a file route of another subgraph answer', async () => {
      const forCases = await assertion({}, 'cases');
      const a = await raw(await fetch(new URL('/files/documents/doc-0002-01/content', graph.subgraphs.dossiers!.url), { headers: { [ASSERTION_HEADER]: forCases } }));
      expect(expectClearRefusal(a, 'cases assertion at a dossiers file route')).toEqual(['UNAUTHENTICATED']);
    });
  });

  it('wrote nothing', async () => {
    expect(changedTables(rowsBefore, await countRows(graph))).toEqual([]);
  });

  it('ids in errors are bounded', async () => {
    const a = await post(JSON.stringify({ query: 'query($id: ID!) { case(id: $id) { id } }', variables: { id: `${randomUUID()}${'x'.repeat(500_000)}` } }));
    expect(a.text.length).toBeLessThan(2000);
    expect(expectClearRefusal(a)).toEqual(['NOT_FOUND']);
  });
});

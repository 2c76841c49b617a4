import http from 'node:http';
import { openUpload as uploadTo } from './gateway-helpers';
import net from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileTarget } from '../gateway/files';
import { ASSERTION_HEADER, type Caller } from '../subgraphs/kit/caller';
import { gatewayAssertion } from './asGateway';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

/**
 * The gateway is the one door (issue 15): a file request reaches only its subgraph's file routes,
 * whatever the spelling of its path, and a caller assertion works for the one request it was made for.
 */

/** Pieces of hostile file paths: every spelling of a dot segment, a slash or a backslash we know of. */
const DOTS = ['.', '..', '%2e', '%2E', '%2e%2e', '.%2e', '%2e.', '%252e%252e', '%c0%ae%c0%ae', '%uff0e%uff0e', '．．', '%EF%BC%8E%EF%BC%8E', '\u2024\u2024', '%E2%80%A4%E2%80%A4', '\uFE52\uFE52', '...'];
const SLASHES = ['/', '//', '\\', '%5c', '%5C', '%2f', '%2F', '%252f', '%c0%af', '／', '%EF%BC%8F', '∕', '%E2%88%95', '⁄', '＼', '%EF%BC%BC', '%00', '%09', ';', '%3B'];
const TARGETS = ['graphql', 'metrics', 'health', '.well-known/jwks.json', 'ready', 'files/documents/x/content'];

const hostilePath = fc
  .tuple(
    fc.constantFrom('dossiers', 'cases', 'agencies'),
    fc.array(fc.oneof(fc.constantFrom(...DOTS), fc.constantFrom(...SLASHES), fc.constantFrom('files', 'documents', 'x')), { minLength: 1, maxLength: 6 }),
    fc.constantFrom(...TARGETS),
  )
  .map(([subgraph, pieces, target]) => `/${subgraph}/${pieces.join('')}${pieces.length % 2 ? '/' : '\\'}${target}`);

/** The path as sent, byte for byte: no client normalisation (fetch would resolve dot segments itself). */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      const head = [`${method} ${path} HTTP/1.1`, `host: ${url.host}`, 'connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
      socket.write(Buffer.from(head, 'utf8'));
    });
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
}

describe('fileTarget: generated paths stay under the subgraph’s /files', () => {
  const services = [
    { name: 'dossiers', url: 'http://127.0.0.1:4003/graphql' },
    { name: 'cases', url: 'http://127.0.0.1:4002/x/graphql' },
    { name: 'agencies', url: 'http://127.0.0.1:4001/graphql' },
  ];
  it('every generated path is refused NOT_FOUND or lands on plain segments under /files/', () => {
    fc.assert(
      fc.property(hostilePath, fc.string({ maxLength: 30 }), (path, query) => {
        let result;
        try {
          result = fileTarget(`${path}?${query}`, services);
        } catch (err) {
          expect((err as { extensions?: { code?: string } }).extensions?.code).toBe('NOT_FOUND');
          return;
        }
        const root = result.target.pathname.startsWith('/x/') ? '/x/files/' : '/files/';
        expect(result.target.pathname.startsWith(root)).toBe(true);
        const segments = result.target.pathname.slice(root.length).split('/');
        for (const seg of segments) expect(seg).toMatch(/^(?!\.+$)[A-Za-z0-9._~-]+$/);
        expect(result.bound).toBe(`/files/${segments.join('/')}${result.target.search}`);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['/dossiers/..\\graphql'],
    ['/dossiers/x\\..\\..\\metrics'],
    ['/dossiers/%5c..%5cgraphql'],
    ['/dossiers/%2e%2e%5Chealth'],
    ['/dossiers//graphql'],
    ['/dossiers/．．/graphql'],
    ['/dossiers/%EF%BC%8E%EF%BC%8E/metrics'],
    ['/dossiers/documents%2f..%2f..%2fgraphql'],
    ['/dossiers/%252e%252e/graphql'],
    ['/dossiers/documents/%00/content'],
  ])('refuses %s', (path) => {
    expect(() => fileTarget(path, services)).toThrow(/no file path/);
  });

  it('keeps what a file route needs', () => {
    expect(fileTarget('/dossiers/documents/doc-0002-01/content', services)).toMatchObject({ bound: '/files/documents/doc-0002-01/content' });
    expect(fileTarget('/dossiers/dossiers/0b6f6c2e-1f1a-4d6e-9c43-2f4e1b8a9d10/documents?kind=RECEIPT&title=%E5%9B%9E%E6%89%A7', services).bound).toBe(
      '/files/dossiers/0b6f6c2e-1f1a-4d6e-9c43-2f4e1b8a9d10/documents?kind=RECEIPT&title=%E5%9B%9E%E6%89%A7',
    );
    expect(fileTarget('/cases/a/b', services).target.toString()).toBe('http://127.0.0.1:4002/x/files/a/b');
  });
});

/** A transparent proxy in front of a subgraph that keeps what the gateway sent (headers, body). */
async function recordingProxy(upstream: string) {
  const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
    const answer = await fetch(new URL(req.url!, upstream), { method: req.method, headers, body: body.length ? body : undefined });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

/** The data of an answer that must have no errors. */
function ok(res: { data?: any; errors?: unknown[] }) {
  expect(res.errors).toBeUndefined();
  return res.data;
}

const sendDirect = async (url: string, assertion: string, body: string) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [ASSERTION_HEADER]: assertion }, body });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } };
};

describe(`the door holds (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let token: string;
  beforeAll(async () => {
    graph = await startTestGraph({ gateway: { rateLimit: { perSecond: 0 } } });
    token = await graph.token({ login: 'song.wenjie.xh-msa' });
  });
  afterAll(() => graph?.close());

  it('no spelling of a file path reaches a subgraph’s /graphql, /metrics or /health', async () => {
    const before = await graph.operationsCount('dossiers');
    await fc.assert(
      fc.asyncProperty(hostilePath, fc.constantFrom('GET', 'POST'), async (path, method) => {
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        if (method === 'POST') headers['content-length'] = '0';
        const res = await rawRequest(graph.gatewayUrl, method, `/files${path}`, headers);
        // Refused at the gateway (NOT_FOUND) or by the subgraph's file routes (NOT_FOUND, or 400 for a
        // segment its router cannot decode); never a subgraph's GraphQL, metrics, health or keys.
        expect([400, 404], `${method} ${path}: ${res.status} ${res.body.slice(0, 200)}`).toContain(res.status);
        expect(res.body).not.toMatch(/"data"|# HELP|"status":"ok"|"keys"/);
      }),
      { numRuns: 150 },
    );
    // The classic: a raw backslash climbing out of /files (went to dossiers' /graphql before).
    for (const path of ['/files/dossiers/..\\graphql?query=%7B__typename%7D', '/files/dossiers/x/..\\..\\metrics', '/files/dossiers/..\\health']) {
      const res = await rawRequest(graph.gatewayUrl, 'GET', path, { authorization: `Bearer ${token}` });
      expect(res.status, path).toBe(404);
      expect(JSON.parse(res.body)).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
    }
    expect(await graph.operationsCount('dossiers')).toBe(before);
  });

  describe('a caller assertion is good for one request', () => {
    let proxy: Awaited<ReturnType<typeof recordingProxy>>;
    let files: Awaited<ReturnType<typeof recordingProxy>>;
    let gatewayUrl: string;
    beforeAll(async () => {
      proxy = await recordingProxy(graph.subgraphs.cases!.url);
      files = await recordingProxy(new URL('/', graph.subgraphs.dossiers!.url).toString());
      ({ url: gatewayUrl } = await graph.startGateway({
        subgraphUrls: { cases: new URL('/graphql', proxy.url).toString(), dossiers: new URL('/graphql', files.url).toString() },
        rateLimit: { perSecond: 0 },
      }));
    });
    afterAll(async () => {
      await proxy?.close();
      await files?.close();
    });

    it('captured from a GraphQL fetch: not again, not with another body, not at a file route', async () => {
      const res = await graph.query('{ cases(first: 1) { nodes { id number } } }', {}, { token, url: gatewayUrl });
      expect(res.errors).toBeUndefined();
      expect(res.data.cases.nodes).toHaveLength(1);
      const sent = proxy.seen.at(-1)!;
      const assertion = sent.headers[ASSERTION_HEADER] as string;
      const cases = graph.subgraphs.cases!.url;

      const again = await sendDirect(cases, assertion, sent.body.toString('utf8'));
      expect(again.status).toBe(401);
      expect(again.body.errors?.[0]?.message).toMatch(/already used/);

      const mutation = JSON.stringify({ query: 'mutation { createCase(input: { title: "x" }) { id } }' });
      const other = await sendDirect(cases, assertion, mutation);
      expect(other.status).toBe(401);
      expect(other.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/another request body/), extensions: { code: 'UNAUTHENTICATED' } });

      // The same bytes with one space more are another body.
      const spaced = await sendDirect(cases, assertion, `${sent.body.toString('utf8')} `);
      expect(spaced.body.errors?.[0]?.message).toMatch(/another request body/);
    });

    it('captured from a file request: not at /graphql, not for another file, not twice', async () => {
      const res = await fetch(new URL('/files/dossiers/documents/no-such-document/content', gatewayUrl), { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(404);
      const sent = files.seen.at(-1)!;
      expect(sent.url).toBe('/files/documents/no-such-document/content');
      const assertion = sent.headers[ASSERTION_HEADER] as string;
      const dossiers = graph.subgraphs.dossiers!.url;

      const asGraphql = await sendDirect(dossiers, assertion, JSON.stringify({ query: '{ __typename }' }));
      expect(asGraphql.status).toBe(401);
      expect(asGraphql.body.errors?.[0]?.message).toMatch(/made for a files request, presented with a graphql request/);

      const otherFile = await fetch(new URL('/files/documents/doc-0001-01/content', dossiers), { headers: { [ASSERTION_HEADER]: assertion } });
      expect(otherFile.status).toBe(401);
      expect(((await otherFile.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/another file request/);

      const upload = await fetch(new URL('/files/dossiers/no-such-dossier/documents?kind=RECEIPT&title=x', dossiers), { method: 'POST', headers: { [ASSERTION_HEADER]: assertion }, body: 'forged' });
      expect(upload.status).toBe(401);

      const twice = await fetch(new URL('/files/documents/no-such-document/content', dossiers), { headers: { [ASSERTION_HEADER]: assertion } });
      expect(twice.status).toBe(401);
      expect(((await twice.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/already used/);
    });

    it('an assertion made for a GraphQL body does not open a file route', async () => {
      const caller: Caller = { sub: 'of-x', agencyId: 'ag-330106-msa', agencyKind: 'ADMINISTRATIVE', division: '330106', roles: ['CASE_OFFICER'], purpose: null, requestId: 'req-door-1' };
      const forBody = await gatewayAssertion(graph, caller, 'dossiers', { kind: 'graphql', body: '' });
      const res = await fetch(new URL('/files/documents/doc-0001-01/content', graph.subgraphs.dossiers!.url), { headers: { [ASSERTION_HEADER]: forBody } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/made for a graphql request, presented with a files request/);
    });
  });
  describe('uploads are bounded: how many at once per caller, and how slowly a body may come', () => {
    let dossierId: string;
    let colleague: string;
    const path = () => `/files/dossiers/dossiers/${dossierId}/documents?kind=OTHER_MATERIAL&title=door`;
    const dossierVersion = async () => ok(await graph.query('query($id: ID!) { dossier(id: $id) { version documents { id } } }', { id: dossierId }, { token })).dossier;

    const openUpload = (gatewayUrl: string, as: string, length: number) => uploadTo(new URL(path(), gatewayUrl), as, length);

    beforeAll(async () => {
      // A dossier of this officer's agency that takes documents.
      const res = await graph.query('{ cases(first: 50) { nodes { dossier { id } } } }', {}, { token });
      const ids = (res.data.cases.nodes as { dossier: { id: string } | null }[]).flatMap((c) => (c.dossier ? [c.dossier.id] : []));
      for (const id of ids) {
        dossierId = id;
        const { req, answer } = openUpload(graph.gatewayUrl, token, 5);
        req.end('hello');
        if ((await answer).status === 201) break;
      }
      expect((await dossierVersion()).version).toBeGreaterThan(0);
      colleague = await graph.token({ login: 'yu.xiuying.xh-msa' });
    });

    it('a body slower than the minimum rate is cut with 408 and nothing is kept', async () => {
      const { url } = await graph.startGateway({ rateLimit: { perSecond: 0 }, uploads: { minBytesPerSecond: 1000, rateWindowMs: 300 } });
      const before = await dossierVersion();
      const { req, answer } = openUpload(url, token, 100_000);
      req.write(Buffer.alloc(10, 1)); // 10 bytes, then nothing: one byte every few seconds is no better
      const res = await answer;
      req.destroy();
      expect(res.status).toBe(408);
      expect(res.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', limit: 'minUploadBytesPerSecond', max: 1000 } });
      expect(res.body.errors[0].message).toMatch(/under the minimum of 1000 bytes\/s; nothing was kept/);
      expect(await dossierVersion()).toEqual(before);
    });

    it('a caller may have so many uploads in progress; more are RATE_LIMITED, others are not held up', async () => {
      const { url } = await graph.startGateway({ rateLimit: { perSecond: 0 }, uploads: { perCaller: 2, minBytesPerSecond: 0 } });
      const before = await dossierVersion();
      const held = [openUpload(url, token, 1000), openUpload(url, token, 1000)];
      for (const h of held) h.req.write('x');
      await new Promise((r) => setTimeout(r, 200));
      const third = openUpload(url, token, 5);
      third.req.end('third');
      const refused = await third.answer;
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', limit: 'uploadsPerCaller', max: 2 } });
      // A colleague's uploads are not counted against this officer's.
      const theirs = openUpload(url, colleague, 5);
      theirs.req.end('their');
      expect((await theirs.answer).status).toBe(201);
      // The held uploads go away: their slots are free again, and nothing of them was kept.
      for (const h of held) h.req.destroy();
      await Promise.all(held.map((h) => h.answer));
      await new Promise((r) => setTimeout(r, 200));
      const after = await dossierVersion();
      expect(after.version).toBe(before.version + 1);
      expect(after.documents).toHaveLength(before.documents.length + 1);
      const next = openUpload(url, token, 4);
      next.req.end('next');
      expect((await next.answer).status).toBe(201);
    });
  });
});

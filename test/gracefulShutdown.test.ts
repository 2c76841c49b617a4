import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTopology } from '../scripts/clusterTopology';
import { sql } from 'drizzle-orm';
import { ASSERTION_HEADER, signCallerAssertion } from '../subgraphs/kit/caller';
import { createSubgraph, type RunningSubgraph } from '../subgraphs/kit/createSubgraph';
import { subgraphDatabaseUrl, type StorageMode } from '../subgraphs/kit/db';
import { generateSigningKey } from '../subgraphs/kit/jws';
import { findSubgraph } from '../subgraphs/all';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

/** A POST whose body is sent in two parts: in flight on the server from the first part until `finish()`. */
function halfSent(url: string, body: string, headers: Record<string, string>) {
  const u = new URL(url);
  let release!: () => void;
  const response = new Promise<{ status: number; connection: string | undefined; body: string }>((ok, fail) => {
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => ok({ status: res.statusCode!, connection: res.headers.connection, body: text }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.write(body.slice(0, 5));
    release = () => req.end(body.slice(5));
  });
  return { response, finish: () => release() };
}

/** A GET on a connection of `agent` (a new one when `agent` is false). */
function get(url: string, agent: http.Agent | false): Promise<{ status: number; connection: string | undefined; reusedSocket: boolean }> {
  return new Promise((ok, fail) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => ok({ status: res.statusCode!, connection: res.headers.connection, reusedSocket: req.reusedSocket }));
    });
    req.on('error', fail);
  });
}

/** Resolves with the error code once a fresh connection to `url` fails (the listener is closed). */
async function refusedAtConnect(url: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    try {
      await get(url, false);
    } catch (err) {
      return (err as { code?: string }).code ?? String(err);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return 'still accepting';
}

/** The app's /ready, asked through a second listener of the same app (the first one no longer accepts). */
async function readyOf(app: http.RequestListener): Promise<{ status: number; body: { status: string } }> {
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ready`);
    return { status: res.status, body: (await res.json()) as { status: string } };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

describe(`graceful shutdown of a subgraph (${DATABASE_KIND})`, () => {
  const key = generateSigningKey();
  let dir: string;
  let storage: StorageMode;
  let dropDb: (() => Promise<void>) | null = null;
  let gate: Promise<void>;
  let open!: () => void;
  let subgraph: RunningSubgraph<Record<string, unknown>>;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caselink-drain-'));
    if (DATABASE_KIND === 'postgres') {
      const adminUrl = process.env.DATABASE_URL!;
      const base = new URL(adminUrl);
      base.pathname = `/caselink_drain_${process.pid}`;
      const dbUrl = subgraphDatabaseUrl(base.toString(), 'agencies');
      storage = { kind: 'postgres', url: dbUrl, poolSize: 2, createIfMissing: { adminUrl } };
      dropDb = async () => {
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`DROP DATABASE IF EXISTS "${new URL(dbUrl).pathname.slice(1)}" WITH (FORCE)`);
        await admin.end();
      };
    } else {
      mkdirSync(join(dir, 'agencies'));
      storage = { kind: 'pglite', dataDir: join(dir, 'agencies') };
    }
    subgraph = (await createSubgraph(findSubgraph('agencies') as never, {
      storage,
      gatewayKeys: { jwks: { keys: [key.publicJwk] } } as never,
      logger: pino({ level: 'silent' }),
    })) as never;
    // A route that answers only when the test says so: a request held in flight.
    gate = new Promise((r) => (open = r));
    subgraph.app.get('/held', async (_req, res) => {
      await gate;
      res.json({ answered: true });
    });
    url = await subgraph.listen(0);
  }, 180_000);
  afterAll(async () => {
    await dropDb?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('on close: /ready turns 503, new connections are refused, requests in flight finish, then the database closes', async () => {
    const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect(await get(new URL('/ready', url).toString(), keepAlive)).toEqual({ status: 200, connection: 'keep-alive', reusedSocket: false });
    const body = JSON.stringify({ query: '{ __typename }' });
    const assertion = await signCallerAssertion(
      { sub: 'test', agencyId: null, agencyKind: null, division: null, roles: [], purpose: null, requestId: 'drain-1' },
      'agencies',
      { kind: 'graphql', body },
      key,
    );
    const graphql = halfSent(url, body, { [ASSERTION_HEADER]: assertion });
    const held = fetch(new URL('/held', url));
    await new Promise((r) => setTimeout(r, 200)); // both requests reach the server

    let closed = false;
    const closing = subgraph.close({ graceMs: 10_000, idleMs: 5_000 }).then(() => (closed = true));
    expect(await refusedAtConnect(new URL('/health', url).toString())).toBe('ECONNREFUSED');
    // A keep-alive connection idle when the drain began is left to its client: one more request on it is
    // answered (not reset), with Connection: close.
    expect(await get(new URL('/health', url).toString(), keepAlive)).toEqual({ status: 200, connection: 'close', reusedSocket: true });
    const ready = await readyOf(subgraph.app);
    expect(ready).toEqual({ status: 503, body: { status: 'draining', subgraph: 'agencies' } });
    expect(closed).toBe(false);

    graphql.finish();
    const answered = await graphql.response;
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ data: { __typename: 'Query' } });
    expect(answered.connection).toBe('close');
    expect(closed).toBe(false); // /held is still running

    open();
    const heldRes = await held;
    expect(heldRes.status).toBe(200);
    expect(await heldRes.json()).toEqual({ answered: true });
    await closing;
    expect(closed).toBe(true);
    // The database went with it.
    await expect(subgraph.db.execute(sql`select 1`)).rejects.toThrow();
  });
});

describe(`graceful shutdown of a gateway (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let token: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    token = await graph.token({ login: 'wang.li.zj-proc' });
  }, 180_000);
  afterAll(async () => {
    await graph?.close();
  });

  it('finishes a GraphQL request in flight through the whole graph, refuses new connections, and cuts what outlives the grace', async () => {
    const { url, gateway } = await graph.startGateway();
    const headers = { authorization: `Bearer ${token}`, 'x-access-purpose': 'CASE_HANDLING' };
    const inFlight = halfSent(url, JSON.stringify({ query: '{ cases(first: 2) { nodes { number handlingAgency { name } } } }' }), headers);
    const outliving = halfSent(url, JSON.stringify({ query: '{ __typename }' }), headers);
    await new Promise((r) => setTimeout(r, 200));

    const started = Date.now();
    const closing = gateway.close({ graceMs: 3000 });
    expect(await refusedAtConnect(url)).toBe('ECONNREFUSED');
    expect((await readyOf(gateway.app)).status).toBe(503);

    inFlight.finish();
    const answered = await inFlight.response;
    expect(answered.status).toBe(200);
    const data = JSON.parse(answered.body);
    expect(data.errors).toBeUndefined();
    expect(data.data.cases.nodes).toHaveLength(2);
    expect(data.data.cases.nodes[0].handlingAgency.name).toMatch(/局|院|所/);
    expect(answered.connection).toBe('close');

    // The second request never sends the rest of its body: cut after the grace, and close() still resolves.
    await expect(outliving.response).rejects.toThrow(/socket hang up|ECONNRESET/);
    await closing;
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    // The graph's own gateway still answers: closing one replica touched nothing else.
    expect((await graph.query('{ cases(first: 1) { nodes { number } } }', {}, { token, purpose: 'CASE_HANDLING' })).errors).toBeUndefined();
  });
});

describe('the nginx configuration (deploy/nginx/caselink.conf)', () => {
  const conf = resolve(import.meta.dirname, '../deploy/nginx/caselink.conf');

  it('passes nginx -t with its own prefix', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'caselink-nginx-'));
    try {
      for (const d of ['logs', 'temp']) mkdirSync(join(prefix, d));
      const r = spawnSync(existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx', ['-t', '-p', `${prefix}/`, '-c', conf], { encoding: 'utf8' });
      expect(r.error).toBeUndefined(); // nginx is installed (.ci/run installs Debian's package)
      expect(r.stderr).toContain('test is successful');
      expect(r.status).toBe(0);
    } finally {
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it('declares two replicas per service and the ports the README lists', () => {
    expect(readTopology(readFileSync(conf, 'utf8'))).toEqual({
      front: { gateway: 4800, agencies: 4801, cases: 4802, dossiers: 4803 },
      replicas: { gateway: [4810, 4811], agencies: [4820, 4821], cases: [4830, 4831], dossiers: [4840, 4841] },
    });
  });

  it('never resends a request already sent, and answers with a coded error when no replica does', () => {
    const text = readFileSync(conf, 'utf8');
    expect(text).toMatch(/proxy_next_upstream error timeout http_502 http_503;/);
    expect(text.replace(/#.*$/gm, "")).not.toMatch(/non_idempotent/);
    expect(text).toContain('"code":"SERVICE_UNAVAILABLE"');
  });
});

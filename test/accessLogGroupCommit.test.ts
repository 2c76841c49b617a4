/**
 * Group commit of the access log (issue 20, decision 100): a request's access records are committed
 * before its answer leaves; requests that finish while a flush is in flight are written together by
 * the next one (one statement, one commit); a flush that fails fails every request in it with
 * ACCESS_LOG_UNAVAILABLE and writes none of them; the stripes' hash chains verify under both crypto
 * profiles, with several writers (replicas) on one stripe. Counts are statements and flushes, never
 * time. Runs on PGlite, and on PostgreSQL when DATABASE_URL is set (where replicas are separate
 * connection pools, and one test holds the heads' lock from another connection).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agenciesSubgraph } from '../subgraphs/agencies/index';
import { accessLog, accessLogStripes, accessLogWriter, AccessLogWriter, type AccessLogFlush, type AccessLogRow } from '../subgraphs/kit/accessLog';
import { auditAccessLog } from '../subgraphs/kit/accessLogAudit';
import { PROFILES, type CryptoProfileName } from '../subgraphs/kit/cryptoProfile';
import { openDatabase, queryRows, type Database, type OpenedDatabase, type StorageMode } from '../subgraphs/kit/db';
import { activeProfile, useCryptoProfile } from '../subgraphs/kit/digests';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const LONG = 600_000;

/** A fresh agencies database (its migrations hold the access log and its eight stripes), counting statements. */
async function scratchDatabase() {
  const adminUrl = process.env.DATABASE_URL;
  let url: URL | null = null;
  if (adminUrl) {
    url = new URL(adminUrl);
    url.pathname = `/caselink_t_alog_${randomBytes(5).toString('hex')}`;
  }
  const storage: StorageMode = url ? { kind: 'postgres', url: url.toString(), poolSize: 4, createIfMissing: { adminUrl: adminUrl! } } : { kind: 'pglite', dataDir: null };
  let statements = 0;
  const open = () =>
    openDatabase({ name: 'agencies', storage, tables: agenciesSubgraph.tables, migrationsFolder: agenciesSubgraph.migrationsFolder, onStatement: () => void statements++ });
  const first = await open();
  const opened: OpenedDatabase<Record<string, unknown>>[] = [first];
  return {
    db: first.db as Database,
    statements: () => statements,
    /** Another handle on the same database, as another replica of the subgraph has (PGlite: the same one). */
    async replica(): Promise<Database> {
      if (!url) return first.db as Database;
      const o = await open();
      opened.push(o);
      return o.db as Database;
    },
    async drop() {
      for (const o of opened) await o.close();
      if (!url) return;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

const record = (requestId: string, caseIds = ['cs-0001'], fields = ['Party.name']): AccessLogRow => ({
  id: randomUUID(),
  at: new Date(),
  subject: 'of-test',
  agencyId: 'ag-330106-msa',
  purpose: 'CASE_HANDLING',
  requestId,
  caseIds,
  fields,
  unmaskedFields: fields,
});

const heads = (db: Database) => queryRows<{ stripe: number; length: number }>(db, sql`select stripe, length from access_log_heads order by stripe`);
const chainOf = (db: Database, stripe: number) =>
  queryRows<{ seq: number; request_id: string; hash_alg: string }>(
    db,
    sql`select c.seq, a.request_id, c.hash_alg from access_log_chain c join access_log a on a.id = c.row_id where c.stripe = ${stripe} order by c.seq`,
  );

describe.each(['international', 'national'] as CryptoProfileName[])(`the access-log writer, %s profile (${DATABASE_KIND})`, (profile) => {
  const alg = PROFILES[profile].digest;
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let db: Database;
  const before = activeProfile();
  beforeAll(async () => {
    useCryptoProfile(PROFILES[profile]);
    scratch = await scratchDatabase();
    db = scratch.db;
    await accessLogStripes(db); // read once per handle (two statements), before statements are counted
  }, LONG);
  afterAll(async () => {
    useCryptoProfile(before);
    await scratch?.drop();
  });

  /** A writer that always picks `stripe`, with its flushes recorded. */
  const writerOn = (target: Database, stripe: number) => {
    const w = new AccessLogWriter(target, () => stripe);
    const flushes: AccessLogFlush[] = [];
    w.onFlush = (f) => void flushes.push(f);
    return { w, flushes };
  };

  it('writes a request alone at once, and the requests that came during its flush together in the next one', async () => {
    const { w, flushes } = writerOn(db, 0);
    const counted = scratch.statements();
    // The first append starts a flush at once; the next three arrive while it is in flight.
    await Promise.all([w.append([record('g1')]), w.append([record('g2')]), w.append([record('g3', ['cs-0001']), record('g3', ['cs-0002'], ['Case.facts'])]), w.append([record('g4')])]);
    expect(flushes.map((f) => [f.requests, f.records, !!f.error])).toEqual([
      [1, 1, false],
      [3, 4, false],
    ]);
    // SHA-256: one statement each. SM3: the first reads the stripe's head once, then one statement each.
    expect(flushes.map((f) => f.statements)).toEqual(alg === 'SM3' ? [2, 1] : [1, 1]);
    expect(scratch.statements() - counted).toBe(flushes.reduce((n, f) => n + f.statements, 0)); // what the database was sent
    // One stripe, in queue order, numbered from 1, each entry with the profile's digest.
    expect(await chainOf(db, 0)).toEqual(['g1', 'g2', 'g3', 'g3', 'g4'].map((r, i) => ({ seq: i + 1, request_id: r, hash_alg: alg })));
    expect((await heads(db)).find((h) => h.stripe === 0)!.length).toBe(5);
    expect(await auditAccessLog(db, 'agencies')).toMatchObject({ chained: true, stripes: 8, entries: 5, problems: [] });
  });

  it('fails every request of a flush that fails, with ACCESS_LOG_UNAVAILABLE, and writes none of its rows', async () => {
    const { w, flushes } = writerOn(db, 1);
    await db.execute(sql`create function test_refuse_poison() returns trigger language plpgsql as $$
      begin if new.request_id = 'poison' then raise exception 'test: this row is refused'; end if; return new; end $$`);
    await db.execute(sql`create trigger test_refuse_poison before insert on access_log for each row execute function test_refuse_poison()`);
    try {
      const lengths = await heads(db);
      const settled = await Promise.allSettled([w.append([record('p1')]), w.append([record('p2')]), w.append([record('poison')]), w.append([record('p4'), record('p4', ['cs-0003'])])]);
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
      for (const s of settled.slice(1)) {
        expect((s as PromiseRejectedResult).reason).toMatchObject({ extensions: { code: 'ACCESS_LOG_UNAVAILABLE' } });
      }
      expect(flushes.map((f) => [f.requests, f.records, !!f.error])).toEqual([
        [1, 1, false],
        [3, 4, true],
      ]);
      // Only p1 was written: no row, entry or head move of the failed flush.
      const rows = await db.select({ requestId: accessLog.requestId }).from(accessLog).where(inArray(accessLog.requestId, ['p1', 'p2', 'poison', 'p4']));
      expect(rows.map((r) => r.requestId)).toEqual(['p1']);
      expect(await heads(db)).toEqual(lengths.map((h) => (h.stripe === 1 ? { ...h, length: h.length + 1 } : h)));
    } finally {
      await db.execute(sql`drop trigger test_refuse_poison on access_log`);
      await db.execute(sql`drop function test_refuse_poison()`);
    }
    // The writer goes on (under SM3 it reads the head again after a failure: two statements).
    await w.append([record('p5')]);
    expect(flushes.at(-1)).toMatchObject({ requests: 1, records: 1, statements: alg === 'SM3' ? 2 : 1 });
    expect((await chainOf(db, 1)).map((e) => e.request_id)).toEqual(['p1', 'p5']);
    expect((await auditAccessLog(db, 'agencies')).problems).toEqual([]);
  });

  it('keeps one chain per stripe when writers of two replicas take turns on it', async () => {
    const a = writerOn(db, 2);
    const b = writerOn(await scratch.replica(), 2);
    await a.w.append([record('t1')]);
    await b.w.append([record('t2')]);
    await a.w.append([record('t3')]); // under SM3, a's head is stale: its statement writes nothing, then it locks the head
    await a.w.append([record('t4')]);
    await b.w.append([record('t5')]);
    expect((await chainOf(db, 2)).map((e) => [e.seq, e.request_id])).toEqual([
      [1, 't1'],
      [2, 't2'],
      [3, 't3'],
      [4, 't4'],
      [5, 't5'],
    ]);
    // SM3: first writes read the head (2); a write on a head another replica moved costs the failed
    // statement and the locked path (1 + 4 = 5, under the 6 of the locked path before group commit).
    expect(a.flushes.map((f) => f.statements)).toEqual(alg === 'SM3' ? [2, 5, 1] : [1, 1, 1]);
    expect(b.flushes.map((f) => f.statements)).toEqual(alg === 'SM3' ? [2, 5] : [1, 1]);
    expect((await auditAccessLog(db, 'agencies')).problems).toEqual([]);
  });

  it('writes every record once when four replicas write 25 requests each to one stripe at the same time', async () => {
    const writers = await Promise.all([0, 1, 2, 3].map(async () => writerOn(await scratch.replica(), 3)));
    const ids = writers.map((_, k) => Array.from({ length: 25 }, (_, i) => `c${k}-${i}`));
    await Promise.all(writers.flatMap(({ w }, k) => ids[k]!.map((id) => w.append([record(id)]))));
    const chain = await chainOf(db, 3);
    expect(chain.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(chain.map((e) => e.request_id).sort()).toEqual(ids.flat().sort());
    expect((await heads(db)).find((h) => h.stripe === 3)!.length).toBe(100);
    expect(writers.reduce((n, { flushes }) => n + flushes.reduce((m, f) => m + f.requests, 0), 0)).toBe(100);
    expect((await auditAccessLog(db, 'agencies')).problems).toEqual([]);
  }, LONG);
});

/** Waits until a condition holds (bounded by the test's timeout). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

/** Sum of one counter's series with this outcome, from a subgraph's /metrics. */
async function counter(graph: TestGraph, subgraph: string, name: string, outcome: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', graph.subgraphs[subgraph]!.url))).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) && l.includes(`outcome="${outcome}"`))
    .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
}

const QUERY = /* GraphQL */ `
  query($first: Int) {
    cases(first: $first) {
      nodes {
        number
        parties { kind name }
        handlingAgency { name division { name } }
        dossier { version documents { kind sha256 } }
      }
    }
  }
`;

describe(`access-log group commit through the gateway (${DATABASE_KIND}, ${activeProfile().name} profile)`, () => {
  let graph: TestGraph;
  let token: string;
  beforeAll(async () => {
    // Held requests wait for the others to arrive: on a loaded machine longer than the default 10 s fetch timeout.
    graph = await startTestGraph({ gateway: { subgraphTimeoutsMs: { default: 300_000 }, rateLimit: { perSecond: 1e6, burst: 1e6 } } });
    token = await graph.token({ login: 'wang.li.zj-proc' });
  }, LONG);
  afterAll(() => graph?.close());

  const read = (requestId: string) => graph.query(QUERY, { first: 5 }, { token, headers: { 'x-request-id': requestId } });
  /** A request's access records in one subgraph, without what differs between requests (id, time, request id). */
  const recorded = async (subgraph: 'cases' | 'dossiers', requestId: string) =>
    (await graph.subgraphs[subgraph]!.db.select().from(accessLog).where(eq(accessLog.requestId, requestId)))
      .map((r) => JSON.stringify({ caseIds: [...r.caseIds].sort(), fields: r.fields, unmaskedFields: r.unmaskedFields, subject: r.subject }))
      .sort();

  it('50 concurrent reads that meet: each recorded exactly as when alone, all in one flush, and the chains verify', async () => {
    // Alone, twice: the second is the steady state (the first brings the dossiers' scope up to date).
    expect((await read('gc-alone-0')).errors).toBeUndefined();
    const before = await graph.sqlCount('cases');
    expect((await read('gc-alone-1')).errors).toBeUndefined();
    const readsAlone = (await graph.sqlCount('cases')) - before - 1; // less its one access-log statement
    const alone = { cases: await recorded('cases', 'gc-alone-1'), dossiers: await recorded('dossiers', 'gc-alone-1') };
    expect(alone.cases.length).toBeGreaterThan(0);
    expect(alone.dossiers.length).toBeGreaterThan(0);

    const flushCount = (s: string) => counter(graph, s, 'caselink_access_log_flushes_total', 'ok');
    const start = { statements: await graph.sqlCount('cases'), cases: await flushCount('cases'), dossiers: await flushCount('dossiers') };
    const ids = Array.from({ length: 50 }, (_, i) => `gc-read-${i}`); // the gateway takes ids of 8 to 64 characters
    // The requests are made to meet: the cases subgraph's flushes are held until all 50 wait on one,
    // then the dossiers subgraph's (reached once cases answers) the same way. Unheld, how many meet
    // is up to timing (the benchmark measures that).
    const writers = { cases: accessLogWriter(graph.subgraphs.cases!.db as Database), dossiers: accessLogWriter(graph.subgraphs.dossiers!.db as Database) };
    const releaseCases = writers.cases.hold();
    const releaseDossiers = writers.dossiers.hold();
    const answering = Promise.all(ids.map(read));
    await until(() => writers.cases.queued === 50);
    releaseCases();
    await until(() => writers.dossiers.queued === 50);
    releaseDossiers();
    const answers = await answering;
    for (const a of answers) {
      expect(a.errors).toBeUndefined();
      expect(a.data.cases.nodes).toHaveLength(5);
    }
    for (const id of ids) {
      expect(await recorded('cases', id)).toEqual(alone.cases);
      expect(await recorded('dossiers', id)).toEqual(alone.dossiers);
    }
    // One flush for the 50, in each subgraph: one statement, one commit (SM3 too: the writer knows its head).
    expect((await flushCount('cases')) - start.cases).toBe(1);
    expect((await flushCount('dossiers')) - start.dossiers).toBe(1);
    // Statements: at most one more read per request than alone (measured: 50 requests that meet cost
    // 151 in cases where one alone costs 2 reads + 1 write; the extra read under concurrency is not the
    // access log's, which is the one flush counted above; left for issue 20's follow-up).
    expect((await graph.sqlCount('cases')) - start.statements).toBeLessThanOrEqual(50 * (readsAlone + 1) + 1);
    for (const s of ['cases', 'dossiers']) expect((await auditAccessLog(graph.subgraphs[s]!.db as Database, s)).problems).toEqual([]);
  }, LONG);

  it('a flush that fails answers each of its requests with ACCESS_LOG_UNAVAILABLE and no data, and writes none of them', async () => {
    const db = graph.subgraphs.cases!.db as Database;
    const lengths = await heads(db);
    await db.execute(sql`create function test_refuse_all() returns trigger language plpgsql as $$ begin raise exception 'test: the access log refuses'; end $$`);
    await db.execute(sql`create trigger test_refuse_all before insert on access_log for each row execute function test_refuse_all()`);
    const ids = Array.from({ length: 10 }, (_, i) => `gc-fail-${i}`);
    try {
      const answers = await Promise.all(ids.map(read));
      for (const a of answers) {
        expect(a.data?.cases ?? null).toBeNull();
        expect(a.errors?.map((e) => e.extensions?.code)).toEqual(['ACCESS_LOG_UNAVAILABLE']);
        expect(a.errors![0]!.message).toMatch(/access record of this request could not be written/);
      }
    } finally {
      await db.execute(sql`drop trigger test_refuse_all on access_log`);
      await db.execute(sql`drop function test_refuse_all()`);
    }
    for (const s of ['cases', 'dossiers'] as const) {
      expect(await graph.subgraphs[s]!.db.select({ id: accessLog.id }).from(accessLog).where(inArray(accessLog.requestId, ids))).toEqual([]);
    }
    expect(await heads(db)).toEqual(lengths);
    expect(await counter(graph, 'cases', 'caselink_access_log_flushed_requests_total', 'failed')).toBe(10);
    // The next request is answered and recorded; the chains verify.
    expect((await read('gc-after-fail')).errors).toBeUndefined();
    expect((await recorded('cases', 'gc-after-fail')).length).toBeGreaterThan(0);
    expect((await auditAccessLog(db, 'cases')).problems).toEqual([]);
  }, LONG);

  it.skipIf(DATABASE_KIND !== 'postgres')('an answer leaves only once its record is committed (the heads held locked by another connection)', async () => {
    const db = graph.subgraphs.cases!.db as Database & { $client: pg.Pool };
    const locker = await db.$client.connect();
    let answered = false;
    let pending: ReturnType<typeof read> | null = null;
    try {
      await locker.query('begin');
      await locker.query('select stripe from access_log_heads for update');
      pending = read('gc-held-0');
      void pending.then(() => (answered = true));
      // Until the access-log statement waits for this connection's lock (PostgreSQL says so); bounded by the
      // test's timeout. By blocker, not by query text: pg_stat_activity keeps only the statement's first 1 kB.
      // Inside a transaction pg_stat_activity is read once and kept: the snapshot is dropped before each look,
      // or a backend the pool connected after the first look (the flush's) would never be seen.
      for (;;) {
        await locker.query('select pg_stat_clear_snapshot()');
        const { rows } = await locker.query(`select count(*)::int as n from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))`);
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(answered).toBe(false);
      expect((await locker.query(`select count(*)::int as n from access_log where request_id = 'gc-held-0'`)).rows[0].n).toBe(0);
      await locker.query('commit');
    } catch (err) {
      await locker.query('rollback').catch(() => {});
      throw err;
    } finally {
      locker.release();
    }
    const answer = await pending!;
    expect(answer.errors).toBeUndefined();
    expect((await recorded('cases', 'gc-held-0')).length).toBeGreaterThan(0);
  }, LONG);
});

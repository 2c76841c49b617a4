import type { DigestAlgorithm } from './cryptoProfile';
import { randomUUID } from 'node:crypto';
import { and, arrayContains, count, desc, sql } from 'drizzle-orm';
import { char, index, integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { canonicalJson, GENESIS_HASH } from './canonicalJson';
import type { Caller } from './caller';
import { inheritAccess } from './access';
import { appError, forbidden } from './errors';
import { keysetPage, olderThan, type ConnectionArgs } from './pagination';
import { queryRows, type Database } from './db';
import { queryRowsNamed } from './prepared';
import { activeDigest, digestHex } from './digests';

/**
 * The access log (PIPL art. 28), kept by the subgraph that owns the data, in its own database: one
 * row per request and distinct disclosure. A disclosure is the set of field paths read on one case
 * and the subset returned unmasked; the cases that got exactly the same disclosure in one request
 * share a row (`case_ids`), so a page of 100 cases is usually one or two rows, and for every case
 * the row that names it says exactly which fields were read and which were in clear (decision 61).
 * Append-only: every subgraph's migrations add a trigger that refuses UPDATE and DELETE on it. Each
 * subgraph re-exports this table from its `db/schema.ts` so drizzle-kit generates it into that
 * subgraph's migrations.
 */
export const accessLog = pgTable(
  'access_log',
  {
    id: text('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    subject: text('subject').notNull(),
    agencyId: text('agency_id'),
    purpose: text('purpose'),
    requestId: text('request_id').notNull(),
    /**
     * The cases this disclosure was made on; `case_ids @> ARRAY[id]` finds a case's rows. Empty only
     * for a search by personal data that matched no case (searchLogRow).
     */
    caseIds: text('case_ids').array().notNull(),
    /** Field paths read, e.g. `Party.name`. */
    fields: text('fields').array().notNull(),
    /** The subset of `fields` returned unmasked. */
    unmaskedFields: text('unmasked_fields').array().notNull(),
  },
  (t) => [index('access_log_case_ids_idx').using('gin', t.caseIds), index('access_log_request_idx').on(t.requestId)],
);
export type AccessLogRow = typeof accessLog.$inferSelect;

/**
 * The access log's hash chains (decision: "the record cannot be quietly rewritten"). Rows are spread
 * over a few stripes, each its own chain, so concurrent requests do not all queue on one head row:
 * an entry's hash is SHA-256 of the previous entry's hash followed by the row's content hash
 * (`accessLogContentHash`), computed by the database in the statement that moves the stripe's head,
 * so two writers can never chain onto the same head. Under the national profile the digest is SM3,
 * which PostgreSQL lacks: the hashes are computed in the service and the statement moves the head
 * only if it is still the one they were computed from (AccessLogWriter). Each entry records its
 * digest (`hash_alg`). Entries are append-only like the rows; a
 * subgraph whose migrations lack these tables writes unchained rows (and `audit:verify` says so).
 */
export const accessLogChain = pgTable(
  'access_log_chain',
  {
    stripe: smallint('stripe').notNull(),
    seq: integer('seq').notNull(),
    rowId: text('row_id').notNull(),
    prevHash: char('prev_hash', { length: 64 }).notNull(),
    hash: char('hash', { length: 64 }).notNull(),
    /** The digest algorithm of `hash` (kit/cryptoProfile.ts): rows made under either profile verify. */
    hashAlg: text('hash_alg').$type<DigestAlgorithm>().notNull().default('SHA-256'),
  },
  (t) => [primaryKey({ columns: [t.stripe, t.seq] }), index('access_log_chain_row_idx').on(t.rowId)],
);

/** Each stripe's head: its length, last hash and the hash before that one (kept by the appending statement). */
export const accessLogHeads = pgTable('access_log_heads', {
  stripe: smallint('stripe').primaryKey(),
  length: integer('length').notNull().default(0),
  head: char('head', { length: 64 }).notNull(),
  prev: char('prev', { length: 64 }).notNull(),
  /** When the chain began: rows older than this were written before the access log was chained. */
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
});

/** The content a chain entry covers: every column of the row, canonically. */
export function accessLogContentHash(r: Pick<AccessLogRow, 'id' | 'at' | 'subject' | 'agencyId' | 'purpose' | 'requestId' | 'caseIds' | 'fields' | 'unmaskedFields'>, alg: DigestAlgorithm): string {
  return digestHex(
    alg,
    canonicalJson({
      v: 1,
      kind: 'access',
      id: r.id,
      at: r.at.toISOString(),
      subject: r.subject,
      agencyId: r.agencyId,
      purpose: r.purpose,
      requestId: r.requestId,
      caseIds: r.caseIds,
      fields: r.fields,
      unmaskedFields: r.unmaskedFields,
    }),
  );
}

/** The hash of a chain entry: the previous hash then the content hash, as the database computes it (SHA-256). */
export const accessChainHash = (alg: DigestAlgorithm, prevHash: string, contentHash: string) => digestHex(alg, prevHash + contentHash);

const chained = new WeakMap<object, Promise<number>>();
/** How many stripes this database's access log has (0: not chained, its migrations predate the chain). */
export function accessLogStripes(db: Database): Promise<number> {
  let n = chained.get(db);
  if (!n) {
    n = (async () => {
      const [exists] = ((await db.execute(sql`select to_regclass('access_log_heads') is not null as ok`)) as unknown as { rows: { ok: boolean }[] }).rows;
      if (!exists?.ok) return 0;
      const [row] = ((await db.execute(sql`select count(*)::int as n from access_log_heads`)) as unknown as { rows: { n: number }[] }).rows;
      return row?.n ?? 0;
    })();
    n.catch(() => chained.delete(db));
    chained.set(db, n);
  }
  return n;
}

/** Records one flush takes at most (whole requests: a request with more goes alone): bounds one statement's work. */
const MAX_FLUSH_ROWS = 1000;

/**
 * The error every request of a failed flush is answered with: its record is not in the database, so
 * nothing it read is returned (registered in kit/errors.ts). The cause is logged once per flush.
 */
export const accessLogUnavailable = () =>
  appError('ACCESS_LOG_UNAVAILABLE', 'the access record of this request could not be written, so nothing it read is returned; retry later');

/** What one flush did: for metrics, the log, tests and the benchmark. */
export interface AccessLogFlush {
  /** The appends it answered (a request's rows are one append). */
  requests: number;
  records: number;
  /** SQL statements it sent (a transaction's BEGIN and COMMIT included). */
  statements: number;
  /** Why it failed (every request in it was rejected with ACCESS_LOG_UNAVAILABLE); absent when committed. */
  error?: unknown;
}

interface Pending {
  rows: readonly AccessLogRow[];
  resolve(): void;
  reject(err: unknown): void;
}

/** A stripe's length and head as this writer last left them (the SM3 path's next write is conditional on them). */
interface KnownHead {
  length: number;
  head: string;
}

/**
 * Group commit of the access log (issue 20): one per database handle. A request's rows are appended
 * and the request waits until they are committed; while one flush is in flight the rows of other
 * requests queue, and the next flush writes all of them in one statement, one commit. A request
 * alone is written at once. A flush either commits every row it holds or none (one statement, or
 * one transaction), and a failed flush rejects every request in it with ACCESS_LOG_UNAVAILABLE.
 *
 * The chains: each flush appends its rows to one stripe, in queue order. Under SHA-256 the database
 * computes the hashes in the statement that locks and moves the stripe's head (a recursive CTE from
 * the locked head), so writers in several processes never chain onto the same head. Under SM3,
 * which PostgreSQL lacks, the service computes them from the head it last left (one statement,
 * which moves the head only if it is still that one, and writes the rows only if it moved); a
 * replica that moved it meanwhile makes the statement write nothing, and the flush is written on
 * another stripe under that head's lock. Under SM3 each process keeps to one stripe (so its heads
 * stay known) until another process writes there.
 */
export class AccessLogWriter {
  /** Off: every append is written at once, on its own (as before group commit); for the benchmark's baseline. */
  grouping = true;
  /** Told of every flush, after its requests are answered (createSubgraph: metrics and the log). */
  onFlush: ((flush: AccessLogFlush) => void) | null = null;
  private readonly queue: Pending[] = [];
  private flushing = false;
  private readonly heads = new Map<number, KnownHead>();
  private home: number | null = null;
  private held: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    /** Which stripe a flush goes to, of `n` (tests force one to make writers meet). @default random */
    private readonly pickStripe: (n: number) => number = (n) => Math.floor(Math.random() * n),
  ) {}

  /** Resolves once the rows are committed; rejects with ACCESS_LOG_UNAVAILABLE if their flush failed. */
  append(rows: readonly AccessLogRow[]): Promise<void> {
    if (!rows.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (!this.grouping) return void this.flush([{ rows, resolve, reject }]);
      this.queue.push({ rows, resolve, reject });
      if (!this.flushing) void this.drain();
    });
  }

  /** Appends waiting for a flush to take them (not counting the flush under way). */
  get queued(): number {
    return this.queue.length;
  }

  /**
   * Holds flushes back until the returned function is called: appends queue meanwhile, and the first
   * flush after takes them all. For tests that need requests to meet, which timing otherwise decides.
   */
  hold(): () => void {
    let release!: () => void;
    const held = (this.held = new Promise<void>((r) => (release = r)));
    return () => {
      if (this.held === held) this.held = null;
      release();
    };
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    while (this.queue.length) {
      while (this.held) await this.held;
      let k = 1;
      for (let n = this.queue[0]!.rows.length; k < this.queue.length && n + this.queue[k]!.rows.length <= MAX_FLUSH_ROWS; k++) n += this.queue[k]!.rows.length;
      await this.flush(this.queue.splice(0, k));
    }
    this.flushing = false;
  }

  /** Writes a batch and answers its requests; never throws. */
  private async flush(batch: Pending[]): Promise<void> {
    const rows = batch.flatMap((p) => p.rows);
    const done: AccessLogFlush = { requests: batch.length, records: rows.length, statements: 0 };
    try {
      await this.write(rows, done);
      for (const p of batch) p.resolve();
    } catch (err) {
      done.error = err;
      // The statement may have failed after its commit (a dropped connection): read heads again.
      this.heads.clear();
      for (const p of batch) p.reject(accessLogUnavailable());
    }
    try {
      this.onFlush?.(done);
    } catch {
      // An observer's failure is not the access log's.
    }
  }

  private async write(rows: readonly AccessLogRow[], done: AccessLogFlush): Promise<void> {
    const stripes = await accessLogStripes(this.db);
    if (!stripes) {
      done.statements++;
      await queryRowsNamed(this.db, 'access_log_rows', sql`insert into ${accessLog} (${ROW_COLUMNS}) select ${ROW_COLUMNS} from ${recordSet(rows.map((r, i) => rowJson(r, i)), '')}`);
      return;
    }
    const alg = activeDigest();
    if (alg === 'SHA-256') return this.chainInDatabase(rows, this.pickStripe(stripes), done);
    return this.chainHere(rows, stripes, alg, done);
  }

  /** One statement: the head locked, the chain computed from it by the database, head, rows and entries written. */
  private async chainInDatabase(rows: readonly AccessLogRow[], stripe: number, done: AccessLogFlush): Promise<void> {
    const n = rows.length;
    const v = recordSet(
      rows.map((r, i) => ({ ...rowJson(r, i), content: accessLogContentHash(r, 'SHA-256') })),
      ', content text',
    );
    done.statements++;
    const [r] = await queryRowsNamed<{ moved: number }>(
      this.db,
      'access_log_chain_in_database',
      sql`with recursive v as (select * from ${v}),
        l as (select length, head from access_log_heads where stripe = ${stripe}::smallint for update),
        c (j, prev_hash, hash) as (
          select 0, null::text, l.head::text from l
          union all
          select c.j + 1, c.hash, encode(sha256(convert_to(c.hash || v.content, 'UTF8')), 'hex') from c join v on v.j = c.j + 1
        ),
        u as (
          update access_log_heads h set length = l.length + ${n}::int, prev = c.prev_hash, head = c.hash
          from l, c where h.stripe = ${stripe}::smallint and c.j = ${n}::int returning 1
        ),
        r as (insert into ${accessLog} (${ROW_COLUMNS}) select ${ROW_COLUMNS} from v where exists (select 1 from u)),
        e as (
          insert into access_log_chain (stripe, seq, row_id, prev_hash, hash, hash_alg)
          select ${stripe}::smallint, l.length + c.j, v.id, c.prev_hash, c.hash, 'SHA-256' from c join v on v.j = c.j cross join l where exists (select 1 from u)
        )
      select count(*)::int as moved from u`,
    );
    if (r?.moved !== 1) throw new Error(`access log stripe ${stripe} has no head`);
  }

  /**
   * SM3: the hashes computed here from the head this writer last left (read first if it has none),
   * written if that is still the head. If another process moved it meanwhile, this flush goes to
   * another stripe and writes there under its lock (BEGIN, the head FOR UPDATE, the same statement,
   * COMMIT): at most six statements, as many as the locked path alone cost before group commit.
   */
  private async chainHere(rows: readonly AccessLogRow[], stripes: number, alg: DigestAlgorithm, done: AccessLogFlush): Promise<void> {
    const content = rows.map((r) => accessLogContentHash(r, alg));
    // Without grouping, flushes of one process run at once and would meet on its stripe: each locks a random one.
    let stripe = this.pickStripe(stripes);
    if (this.grouping) {
      stripe = this.home ??= stripe;
      let known = this.heads.get(stripe);
      if (!known) {
        done.statements++;
        known = await readHead(this.db, stripe, false);
      }
      done.statements++;
      const next = await appendIfHead(this.db, stripe, known, rows, content, alg);
      if (next) return void this.heads.set(stripe, next);
      // Another process wrote here since: keep to another stripe from now on.
      this.heads.delete(stripe);
      stripe = this.home = this.pickStripe(stripes);
    }
    done.statements += 4;
    const moved = await this.db.transaction(async (tx) => {
      const db = tx as unknown as Database;
      const next = await appendIfHead(db, stripe, await readHead(db, stripe, true), rows, content, alg);
      if (!next) throw new Error(`access log stripe ${stripe} moved under its lock`);
      return next;
    });
    if (this.grouping) this.heads.set(stripe, moved);
  }
}

/** The columns of an access-log row, in the order of `accessLog` (and of `recordSet`). */
const ROW_COLUMNS = sql.raw('id, at, subject, agency_id, purpose, request_id, case_ids, fields, unmasked_fields');

/** A row as one element of the JSON a flush sends (`j`: its place in the flush, from 1). */
const rowJson = (r: AccessLogRow, i: number) => ({
  j: i + 1,
  id: r.id,
  at: r.at.toISOString(),
  subject: r.subject,
  agency_id: r.agencyId,
  purpose: r.purpose,
  request_id: r.requestId,
  case_ids: r.caseIds,
  fields: r.fields,
  unmasked_fields: r.unmaskedFields,
});

/** A flush's rows as a relation, from one jsonb parameter (any number of rows, one parameter). */
const recordSet = (rows: object[], extraColumns: string) =>
  sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(j int, id text, at timestamptz, subject text, agency_id text, purpose text, request_id text,
    case_ids text[], fields text[], unmasked_fields text[]${sql.raw(extraColumns)})`;

async function readHead(db: Database, stripe: number, lock: boolean): Promise<KnownHead> {
  const [h] = await queryRows<KnownHead>(db, sql`select length, head from access_log_heads where stripe = ${stripe}::smallint ${lock ? sql`for update` : sql``}`);
  if (!h) throw new Error(`access log stripe ${stripe} has no head`);
  return h;
}

/**
 * One statement: moves the stripe's head from `known` by the rows (hashes computed here) and writes
 * the rows and their entries, all only if the head is still `known` (the UPDATE waits for a
 * concurrent writer and re-checks). Returns the new head, or null when another writer moved it first.
 */
async function appendIfHead(db: Database, stripe: number, known: KnownHead, rows: readonly AccessLogRow[], content: readonly string[], alg: DigestAlgorithm): Promise<KnownHead | null> {
  let prev = known.head;
  const entries = rows.map((r, i) => {
    const hash = accessChainHash(alg, prev, content[i]!);
    const e = { ...rowJson(r, i), prev_hash: prev, hash };
    prev = hash;
    return e;
  });
  const last = entries[entries.length - 1]!;
  const [r] = await queryRowsNamed<{ moved: number }>(
    db,
    'access_log_append_if_head',
    sql`with v as (select * from ${recordSet(entries, ', prev_hash text, hash text')}),
      u as (
        update access_log_heads set length = ${known.length + rows.length}::int, prev = ${last.prev_hash}, head = ${last.hash}
        where stripe = ${stripe}::smallint and length = ${known.length}::int and head = ${known.head} returning 1
      ),
      r as (insert into ${accessLog} (${ROW_COLUMNS}) select ${ROW_COLUMNS} from v where exists (select 1 from u)),
      e as (
        insert into access_log_chain (stripe, seq, row_id, prev_hash, hash, hash_alg)
        select ${stripe}::smallint, ${known.length}::int + v.j, v.id, v.prev_hash, v.hash, ${alg} from v where exists (select 1 from u)
      )
    select count(*)::int as moved from u`,
  );
  return r?.moved === 1 ? { length: known.length + rows.length, head: last.hash } : null;
}

const writers = new WeakMap<object, AccessLogWriter>();
/** The access-log writer of a database handle (one per handle: its group commit and, under SM3, its heads). */
export function accessLogWriter(db: Database): AccessLogWriter {
  let w = writers.get(db);
  if (!w) writers.set(db, (w = new AccessLogWriter(db)));
  return w;
}

/**
 * Appends access-log rows through the database's writer (group commit): resolves once they are
 * committed, rejects with ACCESS_LOG_UNAVAILABLE if they could not be.
 */
export function appendAccessLog(db: Database, rows: readonly AccessLogRow[]): Promise<void> {
  return accessLogWriter(db).append(rows);
}

/** One access-log row to be: the cases that got the same disclosure. */
export interface Disclosure {
  caseIds: string[];
  fields: string[];
  unmaskedFields: string[];
}

/** What one request disclosed, per case: collected by the disclosure middleware, written once at the end. */
export class Disclosures {
  private readonly byCase = new Map<string, { fields: Set<string>; unmasked: Set<string> }>();

  record(caseId: string, field: string, unmasked: boolean): void {
    let entry = this.byCase.get(caseId);
    if (!entry) this.byCase.set(caseId, (entry = { fields: new Set(), unmasked: new Set() }));
    entry.fields.add(field);
    if (unmasked) entry.unmasked.add(field);
  }

  get size(): number {
    return this.byCase.size;
  }

  /** The cases grouped by what was disclosed on them: exact per case, one entry per distinct disclosure. */
  grouped(): Disclosure[] {
    const groups = new Map<string, Disclosure>();
    for (const [caseId, e] of this.byCase) {
      const fields = [...e.fields].sort();
      const unmaskedFields = [...e.unmasked].sort();
      // Field paths are GraphQL names joined by '.' (and ':' plus an id for downloads): no '|' or ','.
      const key = `${fields.join(',')}|${unmaskedFields.join(',')}`;
      const group = groups.get(key);
      if (group) group.caseIds.push(caseId);
      else groups.set(key, { caseIds: [caseId], fields, unmaskedFields });
    }
    return [...groups.values()];
  }

  /**
   * Writes one row per distinct disclosure through the database's group commit (AccessLogWriter):
   * resolves once they are committed, with other requests' rows in the same statement if they came
   * meanwhile; rejects with ACCESS_LOG_UNAVAILABLE if they could not be.
   */
  async write(db: Database, caller: Caller, at: Date): Promise<void> {
    if (!this.byCase.size) return;
    await appendAccessLog(db, this.grouped().map((d) => accessLogRow(caller, at, d)));
    this.byCase.clear();
  }
}

/** The row recording one disclosure to this caller. */
export function accessLogRow(caller: Caller, at: Date, d: Disclosure): AccessLogRow {
  if (!d.caseIds.length) throw new Error('an access-log row names at least one case');
  return {
    id: randomUUID(),
    at,
    subject: caller.sub,
    agencyId: caller.agencyId,
    purpose: caller.purpose,
    requestId: caller.requestId,
    caseIds: d.caseIds,
    fields: d.fields,
    unmaskedFields: d.unmaskedFields,
  };
}

/**
 * The row recording a search by personal data (a party's name or identifier) that matched no case:
 * the search itself is a use of the data (the fields searched on are named, never the values).
 */
export function searchLogRow(caller: Caller, at: Date, fields: string[]): AccessLogRow {
  return { ...accessLogRow(caller, at, { caseIds: ['-'], fields, unmaskedFields: fields }), caseIds: [] };
}

/**
 * SQL for a custom migration that starts the access log's chains (after the tables are generated):
 * the stripes' heads at the genesis hash, and the entries append-only like the rows.
 */
export const ACCESS_LOG_CHAIN_SQL = `
INSERT INTO access_log_heads (stripe, length, head, prev, started_at)
  SELECT s, 0, '${GENESIS_HASH}', '${GENESIS_HASH}', now() FROM generate_series(0, 7) AS s;
--> statement-breakpoint
CREATE TRIGGER access_log_chain_append_only BEFORE UPDATE OR DELETE ON access_log_chain
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER access_log_chain_no_truncate BEFORE TRUNCATE ON access_log_chain
  FOR EACH STATEMENT EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
  FOR EACH STATEMENT EXECUTE FUNCTION caselink_refuse_change();
`;

/**
 * SQL for a new subgraph's custom migration (scripts/new-subgraph.ts): the access log append-only
 * and its chains started (the template's db/schema.ts exports the chain tables, so they exist by then).
 */
export const APPEND_ONLY_TRIGGER_SQL = `
CREATE OR REPLACE FUNCTION caselink_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
--> statement-breakpoint
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
  FOR EACH ROW EXECUTE FUNCTION caselink_refuse_change();
--> statement-breakpoint${ACCESS_LOG_CHAIN_SQL}`;

/** One page of a case's access records, newest first (keyset on at, id). */
export async function listAccessRecords(db: Database, caseId: string, first: number, after: (string | number)[] | null) {
  // The GIN index on case_ids finds the case's rows (case_ids @> ARRAY[id]); newest first is a sort of those.
  const ofCase = arrayContains(accessLog.caseIds, [caseId]);
  const where = after ? and(ofCase, olderThan(accessLog.at, accessLog.id, after)) : ofCase;
  return db
    .select()
    .from(accessLog)
    .where(where)
    .orderBy(desc(accessLog.at), desc(accessLog.id))
    .limit(first + 1);
}

/**
 * `accessRecords` of a case-scoped row (a connection, newest first): supervisors only; the records
 * inherit the row's access facts so their C2 fields follow the same rules.
 */
export async function accessRecordsPage(caller: Caller, db: Database, row: object, caseId: string, args: ConnectionArgs) {
  if (!caller.roles.includes('SUPERVISOR')) throw forbidden('only supervisors read the access record');
  // The GIN index on case_ids finds the case's rows (case_ids @> ARRAY[id]); newest first is a sort of those.
  const ofCase = arrayContains(accessLog.caseIds, [caseId]);
  return keysetPage(
    args,
    { column: accessLog.at, id: accessLog.id, descending: true, keyType: 'time' },
    (r: { at: Date; id: string }) => [r.at.toISOString(), r.id],
    async (beyond, orderBy, limit) => {
      const rows = await db.select().from(accessLog).where(and(ofCase, beyond)).orderBy(...orderBy).limit(limit);
      // A record is shown as a record of this case: the other cases it names are not the reader's business.
      return rows.map(({ caseIds: _shared, ...r }) => inheritAccess({ ...r, caseId }, row));
    },
    async () => (await db.select({ n: count() }).from(accessLog).where(ofCase))[0]!.n,
  );
}

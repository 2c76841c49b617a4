import type { DigestAlgorithm } from './cryptoProfile';
import { randomUUID } from 'node:crypto';
import { and, arrayContains, count, desc, sql } from 'drizzle-orm';
import { char, index, integer, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { canonicalJson, GENESIS_HASH } from './canonicalJson';
import type { Caller } from './caller';
import { inheritAccess } from './access';
import { forbidden } from './errors';
import { keysetPage, olderThan, type ConnectionArgs } from './pagination';
import { queryRows, type Database } from './db';
import { activeDigest, digestHex } from './digests';
import type { SQL } from 'drizzle-orm';

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
 * which PostgreSQL lacks: the head is locked and the hashes computed in the service instead. Each
 * entry records its digest (`hash_alg`). Entries are append-only like the rows; a
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

/** Each stripe's head: its length, last hash and the hash before it (kept by the appending statement). */
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

/** Rows chained per statement: the SQL nests one hash per row. */
const CHAIN_BATCH = 16;

/**
 * Appends access-log rows: with a chain, each statement moves one stripe's head by its rows and
 * writes the rows and their entries together (atomic without a transaction); without, plain rows.
 */
export async function appendAccessLog(db: Database, rows: readonly AccessLogRow[]): Promise<void> {
  if (!rows.length) return;
  const stripes = await accessLogStripes(db);
  for (let i = 0; i < rows.length; i += CHAIN_BATCH) {
    const part = rows.slice(i, i + CHAIN_BATCH);
    const values = sql.join(
      part.map(
        (r) => sql`(${r.id}, ${r.at.toISOString()}::timestamptz, ${r.subject}, ${r.agencyId}, ${r.purpose}, ${r.requestId},
        ${pgTextArray(r.caseIds)}::text[], ${pgTextArray(r.fields)}::text[], ${pgTextArray(r.unmaskedFields)}::text[])`,
      ),
      sql`, `,
    );
    const insertRows = sql`insert into ${accessLog} (id, at, subject, agency_id, purpose, request_id, case_ids, fields, unmasked_fields) values ${values}`;
    if (!stripes) {
      await db.execute(insertRows);
      continue;
    }
    const stripe = Math.floor(Math.random() * stripes);
    const alg = activeDigest();
    if (alg !== 'SHA-256') {
      await appendChainedHere(db, stripe, part, insertRows, alg);
      continue;
    }
    // F_k(x): the hash after k more entries on top of x.
    const fold = (base: SQL, k: number): SQL => {
      let h = base;
      for (let j = 0; j < k; j++) h = sql`encode(sha256(convert_to(${h} || ${accessLogContentHash(part[j]!, 'SHA-256')}::text, 'UTF8')), 'hex')`;
      return h;
    };
    const base = sql.raw('h.prev');
    const entries = sql.join(
      part.map((r, j) => sql`select ${stripe}::smallint, h.length - ${part.length - j - 1}::int, ${r.id}::text, ${fold(base, j)}, ${fold(base, j + 1)} from h`),
      sql` union all `,
    );
    await db.execute(sql`with h as (
        update access_log_heads set length = length + ${part.length}::int, prev = head, head = ${fold(sql.raw('head'), part.length)}
        where stripe = ${stripe}::smallint returning length, prev
      ), r as (${insertRows})
      insert into access_log_chain (stripe, seq, row_id, prev_hash, hash) ${entries}`);
  }
}

/**
 * The chain step for a digest PostgreSQL does not have (SM3): the stripe's head is locked (FOR
 * UPDATE) and the hashes are computed here, in one transaction with the rows.
 */
async function appendChainedHere(db: Database, stripe: number, part: readonly AccessLogRow[], insertRows: SQL, alg: DigestAlgorithm): Promise<void> {
  await db.transaction(async (tx) => {
    const [h] = await queryRows<{ length: number; head: string }>(tx, sql`select length, head from access_log_heads where stripe = ${stripe}::smallint for update`);
    if (!h) throw new Error(`access log stripe ${stripe} has no head`);
    let prev = h.head;
    const entries = part.map((r, j) => {
      const hash = accessChainHash(alg, prev, accessLogContentHash(r, alg));
      const entry = sql`(${stripe}::smallint, ${h.length + j + 1}::int, ${r.id}::text, ${prev}, ${hash}, ${alg})`;
      prev = hash;
      return entry;
    });
    await tx.execute(insertRows);
    await tx.execute(sql`insert into access_log_chain (stripe, seq, row_id, prev_hash, hash, hash_alg) values ${sql.join(entries, sql`, `)}`);
    await tx.execute(sql`update access_log_heads set length = ${h.length + part.length}::int, prev = ${h.head}, head = ${prev} where stripe = ${stripe}::smallint`);
  });
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
   * Writes one row per distinct disclosure, in one statement (plain SQL: drizzle's insert builder
   * costs more than the statement itself here, on every request that reads a C2 field).
   */
  async write(db: Database, caller: Caller, at: Date): Promise<void> {
    if (!this.byCase.size) return;
    await appendAccessLog(db, this.grouped().map((d) => accessLogRow(caller, at, d)));
    this.byCase.clear();
  }
}

/** A PostgreSQL array literal of text values, each quoted (a case id is the owning subgraph's text). */
function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
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

import { sql } from 'drizzle-orm';
import { accessChainHash, accessLogContentHash, accessLogStripes, type AccessLogRow } from './accessLog';
import { GENESIS_HASH } from './canonicalJson';
import type { Leaf, LeafSource } from './checkpoint';
import { queryRows, type Database } from './db';
import { isDigestAlgorithm } from './digests';

/**
 * Verification of a subgraph's access log (any subgraph built with the kit): every stripe's chain
 * replayed entry by entry against its rows, the heads against the last entries, and the rows the
 * chain does not cover named. Streamed by pages: constant memory whatever the log's size.
 */
export interface AccessLogAudit {
  chained: boolean;
  stripes: number;
  entries: number;
  /** Rows written before the chain began (not verifiable by it). */
  unchainedBefore: number;
  problems: string[];
}

type EntryRow = { seq: number; row_id: string; prev_hash: string; hash: string; hash_alg: string } & Partial<Record<'id' | 'subject' | 'agency_id' | 'purpose' | 'request_id', string | null>> & {
  at: Date | string | null;
  case_ids: string[] | null;
  fields: string[] | null;
  unmasked_fields: string[] | null;
};

const PAGE = 2000;

const rowOf = (e: EntryRow): AccessLogRow => ({
  id: e.id!,
  at: e.at instanceof Date ? e.at : new Date(e.at!),
  subject: e.subject!,
  agencyId: e.agency_id ?? null,
  purpose: e.purpose ?? null,
  requestId: e.request_id!,
  caseIds: e.case_ids!,
  fields: e.fields!,
  unmaskedFields: e.unmasked_fields!,
});

export async function auditAccessLog(db: Database, subgraph: string): Promise<AccessLogAudit> {
  const stripes = await accessLogStripes(db);
  const out: AccessLogAudit = { chained: stripes > 0, stripes, entries: 0, unchainedBefore: 0, problems: [] };
  const say = (what: string) => out.problems.push(`BROKEN ${subgraph} access log ${what}`);
  if (!stripes) return out;
  const heads = await queryRows<{ stripe: number; length: number; head: string; started_at: Date | string }>(db, sql`select stripe, length, head, started_at from access_log_heads order by stripe`);
  for (const h of heads) {
    let prev = GENESIS_HASH;
    let expected = 1;
    let broken = false;
    for (let after = 0; !broken; ) {
      const page = await queryRows<EntryRow>(
        db,
        sql`select c.seq, c.row_id, c.prev_hash, c.hash, c.hash_alg, a.id, a.at, a.subject, a.agency_id, a.purpose, a.request_id, a.case_ids, a.fields, a.unmasked_fields
          from access_log_chain c left join access_log a on a.id = c.row_id
          where c.stripe = ${h.stripe} and c.seq > ${after} order by c.seq limit ${PAGE}`,
      );
      for (const e of page) {
        const where = `stripe ${h.stripe} entry ${e.seq} (row ${e.row_id})`;
        if (e.seq !== expected) (broken = true), say(`${where}: numbered ${e.seq} where ${expected} was expected (entries are missing)`);
        else if (e.prev_hash !== prev) (broken = true), say(`${where}: does not follow the entry before it`);
        else if (!e.id) (broken = true), say(`${where}: its row has been deleted`);
        else if (!isDigestAlgorithm(e.hash_alg)) (broken = true), say(`${where}: names an unknown digest algorithm ${JSON.stringify(e.hash_alg)}`);
        else if (accessChainHash(e.hash_alg, prev, accessLogContentHash(rowOf(e), e.hash_alg)) !== e.hash) (broken = true), say(`${where}: its row has been changed since it was recorded`);
        if (broken) break;
        prev = e.hash;
        expected++;
        out.entries++;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.seq;
    }
    if (!broken && (h.length !== expected - 1 || h.head !== prev)) say(`stripe ${h.stripe}: its head records ${h.length} entries but ${expected - 1} are stored (or its head hash differs)`);
  }
  const started = heads.map((h) => new Date(h.started_at).getTime()).reduce((a, b) => Math.min(a, b), Infinity);
  const startedIso = new Date(started).toISOString();
  const [before] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from access_log a where a.at < ${startedIso}::timestamptz and not exists (select 1 from access_log_chain c where c.row_id = a.id)`);
  out.unchainedBefore = before?.n ?? 0;
  const outside = await queryRows<{ id: string; at: Date | string }>(
    db,
    sql`select a.id, a.at from access_log a where a.at >= ${startedIso}::timestamptz and not exists (select 1 from access_log_chain c where c.row_id = a.id) order by a.at, a.id limit 100`,
  );
  for (const r of outside) say(`row ${r.id} (${new Date(r.at).toISOString()}): not in the chain (written around it)`);
  return out;
}

/** The access log's stripes as checkpoint leaves (kind `access`, id = stripe number, zero-padded). */
export const accessLogLeaves: LeafSource = {
  kind: 'access',
  async *leaves(db: Database): AsyncGenerator<Leaf> {
    if (!(await accessLogStripes(db))) return;
    const heads = await queryRows<{ stripe: number; length: number; head: string }>(db, sql`select stripe, length, head from access_log_heads order by stripe`);
    for (const h of heads) yield { k: 'access', id: String(h.stripe).padStart(3, '0'), n: h.length, h: h.head };
  },
};

/** The hash of entry `seq` of a stripe (to check that a grown stripe still extends a checkpointed head). */
export async function accessEntryHash(db: Database, stripe: number, seq: number): Promise<string | null> {
  const [r] = await queryRows<{ hash: string }>(db, sql`select hash from access_log_chain where stripe = ${stripe} and seq = ${seq}`);
  return r?.hash ?? null;
}

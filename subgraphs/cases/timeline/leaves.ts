import { sql } from 'drizzle-orm';
import { accessLogLeaves } from '../../kit/accessLogAudit';
import { canonicalJson } from '../../kit/canonicalJson';
import type { DigestAlgorithm } from '../../kit/cryptoProfile';
import { digestHex } from '../../kit/digests';
import type { Leaf, LeafSource } from '../../kit/checkpoint';
import { queryRows, type Database } from '../../kit/db';
import { keyringOf, openParties } from '../personalData';

/**
 * The cases subgraph's chains as checkpoint leaves, in key order (COLLATE "C", the order JavaScript
 * compares strings in; migration 0013 indexes it): one leaf per case (its timeline's length and
 * head, and the digest of the record it was opened with), one per warning, one per access-log stripe.
 */
export interface CaseRecord {
  number: string;
  title: string;
  sector: string;
  handlingAgencyId: string;
  divisionCode: string;
  facts: string;
  amountInvolved: number;
  createdBy: string;
  createdAt: Date;
}
export interface PartyRecord {
  id: string;
  position: number;
  kind: string;
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  phone: string | null;
  address: string | null;
  juvenile: boolean;
}

/**
 * What a case was opened with and never changes: its number, title, sector, handling agency,
 * division, facts, amount, creator and time, and its parties. The timeline's genesis event does not
 * carry them, so the checkpoint does: a later checkpoint or audit finds any change. In the
 * checkpoint's digest algorithm.
 */
export function caseRecordDigest(c: CaseRecord, parties: readonly PartyRecord[], alg: DigestAlgorithm): string {
  const ps = [...parties].sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  return digestHex(
    alg,
    canonicalJson({
      v: 1,
      number: c.number,
      title: c.title,
      sector: c.sector,
      handlingAgencyId: c.handlingAgencyId,
      divisionCode: c.divisionCode,
      facts: c.facts,
      amountInvolved: Number(c.amountInvolved),
      createdBy: c.createdBy,
      createdAt: new Date(c.createdAt).toISOString(),
      parties: ps.map((p) => ({ id: p.id, position: p.position, kind: p.kind, name: p.name, idNumber: p.idNumber, creditCode: p.creditCode, phone: p.phone, address: p.address, juvenile: p.juvenile })),
    }),
  );
}

export const PAGE = 1000;
const afterSql = (after: string | null) => (after === null ? sql`true` : sql`id collate "C" > ${after}`);

/** Case rows in key order, a page at a time, with their parties (what the leaves and the audit read). */
export async function* casePages(db: Database, pageSize = PAGE): AsyncGenerator<{ ids: string[] }> {
  for (let after: string | null = null; ; ) {
    const rows: { id: string }[] = await queryRows<{ id: string }>(db, sql`select id from cases where ${afterSql(after)} order by id collate "C" limit ${pageSize}`);
    if (!rows.length) return;
    yield { ids: rows.map((r) => r.id) };
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}

type CaseLeafRow = { id: string; number: string; title: string; sector: string; handling_agency_id: string; division_code: string; facts: string; amount_involved: string | number; created_by: string; created_at: Date | string; timeline_length: number; timeline_head: string | null };
type PartyRow = { id: string; case_id: string; position: number; kind: string; name: string; id_number: string | null; credit_code: string | null; phone: string | null; address: string | null; juvenile: boolean };

export const partyRecord = (p: PartyRow): PartyRecord => ({ id: p.id, position: p.position, kind: p.kind, name: p.name, idNumber: p.id_number, creditCode: p.credit_code, phone: p.phone, address: p.address, juvenile: p.juvenile });

/** The leaves of the given cases (in the order given). */
export async function caseLeavesOf(db: Database, ids: readonly string[], alg: DigestAlgorithm): Promise<Leaf[]> {
  if (!ids.length) return [];
  const list = sql.join(ids.map((id) => sql`${id}`), sql`, `);
  const rows = await queryRows<CaseLeafRow>(
    db,
    sql`select id, number, title, sector, handling_agency_id, division_code, facts, amount_involved, created_by, created_at, timeline_length, timeline_head from cases where id in (${list})`,
  );
  const parties = await queryRows<PartyRow>(db, sql`select id, case_id, position, kind, name, id_number, credit_code, phone, address, juvenile from parties where case_id in (${list})`);
  const byCase = new Map<string, PartyRecord[]>();
  // The record digest covers the clear values: re-encryption (key rotation) does not change a leaf.
  const clear = await openParties(await keyringOf(db), parties.map((p) => ({ ...partyRecord(p), caseId: p.case_id })));
  for (const p of clear) (byCase.get(p.caseId) ?? byCase.set(p.caseId, []).get(p.caseId)!).push(p);
  const byId = new Map(rows.map((c) => [c.id, c]));
  return ids.flatMap((id) => {
    const c = byId.get(id);
    if (!c) return [];
    const record: CaseRecord = {
      number: c.number,
      title: c.title,
      sector: c.sector,
      handlingAgencyId: c.handling_agency_id,
      divisionCode: c.division_code,
      facts: c.facts,
      amountInvolved: Number(c.amount_involved),
      createdBy: c.created_by,
      createdAt: new Date(c.created_at),
    };
    return [{ k: 'case', id, l: c.number, n: c.timeline_length, h: c.timeline_head ?? '', r: caseRecordDigest(record, byCase.get(id) ?? [], alg) }];
  });
}

export const caseLeaves: LeafSource = {
  kind: 'case',
  async *leaves(db, digest) {
    for await (const { ids } of casePages(db)) yield* await caseLeavesOf(db, ids, digest);
  },
};

export const warningLeaves: LeafSource = {
  kind: 'warning',
  async *leaves(db) {
    for (let after: string | null = null; ; ) {
      const rows: { id: string; timeline_length: number; timeline_head: string }[] = await queryRows(
        db,
        sql`select id, timeline_length, timeline_head from warnings where ${afterSql(after)} order by id collate "C" limit ${PAGE}`,
      );
      for (const w of rows) yield { k: 'warning', id: w.id, n: w.timeline_length, h: w.timeline_head };
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.id;
    }
  },
};

/** Every chain of the cases subgraph, in checkpoint order. */
export const CASES_CHAIN_SOURCES: readonly LeafSource[] = [caseLeaves, warningLeaves, accessLogLeaves];

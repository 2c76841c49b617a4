import { resolve } from 'node:path';
import { and, asc, eq, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { queryRows, type Database } from '../kit/db';
import { createFieldCrypto, loadKek, type Keyring } from '../kit/fieldCrypto';
import { caseEventSealed, caseEvents, caseInformants, parties, penalties, penaltyRegister } from './db/schema';

/**
 * The cases subgraph's personal data (C3) at rest (docs/decisions.md "Personal data encrypted at
 * rest"): parties, informants and penalties hold their C3 columns encrypted, with keyed hashes
 * beside the identifiers the lookups and warnings match on; an event's `data` holds a keyed-hash
 * placeholder for each C3 value it records, and the values themselves, encrypted, in
 * case_event_sealed (outside the append-only, chained row).
 */
export const casesKek = () => loadKek({ subgraph: 'cases', keysDir: resolve(process.env.DATA_DIR ?? 'data', 'keys') });
export const casesCrypto = createFieldCrypto({ subgraph: 'cases', kek: casesKek });

type Db = Database<Record<string, unknown>>;
export const keyringOf = (db: unknown): Promise<Keyring> => casesCrypto.ring(db as Db);

/** The AAD of a value: its table, column and row. */
const at = (table: string, column: string, id: string) => `${table}.${column}:${id}`;

type PartyRow = typeof parties.$inferSelect;
type PartyInsert = typeof parties.$inferInsert & { id: string };
type PenaltyInsert = typeof penalties.$inferInsert & { id: string };
type PenaltyRow = typeof penalties.$inferSelect;
type RegisterInsert = typeof penaltyRegister.$inferInsert & { id: string };
type RegisterRow = typeof penaltyRegister.$inferSelect;
type InformantInsert = typeof caseInformants.$inferInsert & { id: string };
type InformantRow = typeof caseInformants.$inferSelect;

/** One table's C3 columns (drizzle key → SQL name) and the keyed hashes kept of some of them. */
interface Spec {
  table: PgTable & { id: PgColumn };
  name: string;
  columns: Record<string, string>;
  macs: Record<string, string>;
}
const PARTIES: Spec = {
  table: parties,
  name: 'parties',
  columns: { name: 'name', idNumber: 'id_number', creditCode: 'credit_code', phone: 'phone', address: 'address' },
  macs: { name: 'nameMac', idNumber: 'idNumberMac', creditCode: 'creditCodeMac' },
};
const PENALTIES: Spec = {
  table: penalties,
  name: 'penalties',
  columns: { partyName: 'party_name', partyIdNumber: 'party_id_number', partyCreditCode: 'party_credit_code' },
  macs: { partyIdNumber: 'partyIdNumberMac', partyCreditCode: 'partyCreditCodeMac' },
};
const REGISTER: Spec = {
  table: penaltyRegister,
  name: 'penalty_register',
  columns: { partyName: 'party_name', partyIdNumber: 'party_id_number', partyCreditCode: 'party_credit_code' },
  macs: { partyIdNumber: 'partyIdNumberMac', partyCreditCode: 'partyCreditCodeMac' },
};
const INFORMANTS: Spec = {
  table: caseInformants,
  name: 'case_informants',
  columns: { name: 'name', idNumber: 'id_number', phone: 'phone', address: 'address' },
  macs: {},
};

/** A row as stored: C3 columns encrypted for their place, keyed hashes computed from the clear values. */
function sealRow<T extends { id: string }>(ring: Keyring, spec: Spec, row: T): T {
  const out: Record<string, unknown> = { ...row };
  const clear = (k: string) => ring.open((row as Record<string, string | null>)[k] ?? null, at(spec.name, spec.columns[k]!, row.id));
  for (const [k, col] of Object.entries(spec.columns)) {
    const value = clear(k);
    out[k] = ring.seal(value, at(spec.name, col, row.id));
    if (spec.macs[k]) out[spec.macs[k]] = ring.lookup(value);
  }
  return out as T;
}

function openRow<T extends { id: string }>(ring: Keyring, spec: Spec, row: T): T {
  const out: Record<string, unknown> = { ...row };
  for (const [k, col] of Object.entries(spec.columns)) out[k] = ring.open(out[k] as string | null, at(spec.name, col, row.id));
  return out as T;
}

async function openRows<T extends { id: string }>(ring: Keyring, spec: Spec, rows: T[]): Promise<T[]> {
  await ring.ensureVersions(rows.flatMap((r) => Object.keys(spec.columns).map((k) => (r as Record<string, string | null>)[k])));
  return rows.map((r) => openRow(ring, spec, r));
}

export const sealParty = (ring: Keyring, row: PartyInsert) => sealRow(ring, PARTIES, row);
export const sealPenalty = (ring: Keyring, row: PenaltyInsert) => sealRow(ring, PENALTIES, row);
export const sealRegisterPenalty = (ring: Keyring, row: RegisterInsert) => sealRow(ring, REGISTER, row);
export const openRegisterPenalties = (ring: Keyring, rows: RegisterRow[]) => openRows(ring, REGISTER, rows);
export const sealInformant = (ring: Keyring, row: InformantInsert) => sealRow(ring, INFORMANTS, row);
export const openParties = <T extends Pick<PartyRow, 'id' | 'name' | 'idNumber' | 'creditCode' | 'phone' | 'address'>>(ring: Keyring, rows: T[]) => openRows(ring, PARTIES, rows);
export const openPenalties = (ring: Keyring, rows: PenaltyRow[]) => openRows(ring, PENALTIES, rows);
export const openInformants = (ring: Keyring, rows: InformantRow[]) => openRows(ring, INFORMANTS, rows);

/** The keyed hashes a party filter matches (caseList.ts): never the clear value in SQL. */
export const lookupMac = (ring: Keyring, value: string) => ring.lookup(value);

// ---- Events: placeholders in the chained row, the values encrypted beside it ----

const PLACEHOLDER = 'c3:';
export const isPlaceholder = (v: unknown): v is string => typeof v === 'string' && v.startsWith(PLACEHOLDER);

/**
 * Collects the C3 values one event records: `commit(value)` returns what the event's `data` keeps
 * instead (the keyed hash the chain commits to), `sealedRow(eventId, caseId)` the encrypted values.
 */
export function eventCommitter(ring: Keyring) {
  const values = new Map<string, string>();
  return {
    commit(value: string | null | undefined): string | null {
      if (value == null) return null;
      const placeholder = PLACEHOLDER + ring.lookup(value);
      values.set(placeholder, value);
      return placeholder;
    },
    sealedRow(eventId: string, caseId: string): typeof caseEventSealed.$inferInsert | null {
      if (!values.size) return null;
      return { eventId, caseId, sealed: ring.seal(JSON.stringify(Object.fromEntries(values)), at('case_event_sealed', 'sealed', eventId)) };
    },
  };
}
export type EventCommitter = ReturnType<typeof eventCommitter>;

/**
 * Whether an event recorded this value: as its placeholder (the keyed hash stored beside the row's
 * value), or in clear (events from before encryption at rest). `clear` is the row's decrypted value.
 */
export function recordedAs(recorded: string | null | undefined, clear: string | null, mac: string | null): boolean {
  if (isPlaceholder(recorded)) return mac !== null && recorded === PLACEHOLDER + mac;
  return (recorded ?? null) === (clear ?? null);
}

/** An event's data with its placeholders replaced by the clear values (checked against their keyed hashes). */
export async function openEventData(ring: Keyring, eventId: string, data: Record<string, unknown>, sealed: string | null): Promise<Record<string, unknown>> {
  if (!sealed) return data;
  await ring.ensureVersions([sealed]);
  const values = JSON.parse(ring.open(sealed, at('case_event_sealed', 'sealed', eventId))) as Record<string, string>;
  const walk = (v: unknown): unknown => {
    if (isPlaceholder(v)) {
      const clear = values[v];
      if (clear === undefined || PLACEHOLDER + ring.lookup(clear) !== v) throw new Error(`event ${eventId}: its sealed values do not match what the timeline committed to`);
      return clear;
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(data) as Record<string, unknown>;
}

// ---- Backfill and rotation: every stored value under the current key ----

/** SQL: some C3 column of the row is not a ciphertext of the current key version (clear rows included). */
function behind(spec: Spec, version: number): SQL {
  const prefix = `ce1:${version}:%`;
  const conds = Object.values(spec.columns).map((col) => sql`(${sql.identifier(col)} is not null and ${sql.identifier(col)} not like ${prefix})`);
  for (const [k, mac] of Object.entries(spec.macs)) conds.push(sql`(${sql.identifier(spec.columns[k]!)} is not null and ${sql.identifier(macColumn(mac))} is null)`);
  return or(...conds)!;
}
const macColumn = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * Brings one batch of one table's rows to the current key: claimed with FOR UPDATE SKIP LOCKED
 * (replicas take other rows; writers and readers are not blocked by rows they do not touch),
 * re-encrypted and written back in the same transaction. Returns how many rows it moved.
 */
async function moveBatch(db: Db, ring: Keyring, spec: Spec, batchSize: number): Promise<number> {
  return db.transaction(async (tx) => {
    const t = spec.table as PgTable & { id: PgColumn };
    const rows = (await tx
      .select()
      .from(t)
      .where(behind(spec, ring.currentVersion))
      .orderBy(asc(t.id))
      .limit(batchSize)
      .for('update', { skipLocked: true })) as { id: string }[];
    await ring.ensureVersions(rows.flatMap((r) => Object.keys(spec.columns).map((k) => (r as Record<string, string | null>)[k])));
    for (const r of rows) {
      const sealed = sealRow(ring, spec, r) as Record<string, unknown>;
      const set = Object.fromEntries([...Object.keys(spec.columns), ...Object.values(spec.macs)].map((k) => [k, sealed[k]]));
      await tx.update(t).set(set).where(eq(t.id, r.id));
    }
    return rows.length;
  });
}

async function moveSealedEvents(db: Db, ring: Keyring, batchSize: number): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(caseEventSealed)
      .where(sql`${caseEventSealed.sealed} not like ${`ce1:${ring.currentVersion}:%`}`)
      .orderBy(asc(caseEventSealed.eventId))
      .limit(batchSize)
      .for('update', { skipLocked: true });
    await ring.ensureVersions(rows.map((r) => r.sealed));
    for (const r of rows) {
      const place = at('case_event_sealed', 'sealed', r.eventId);
      await tx.update(caseEventSealed).set({ sealed: ring.seal(ring.open(r.sealed, place), place) }).where(eq(caseEventSealed.eventId, r.eventId));
    }
    return rows.length;
  });
}

/**
 * Re-encrypts every C3 value not under the current key (clear rows from before this migration,
 * rows of an older key version), batch by batch, until none is left; reads and writes continue
 * meanwhile (old versions stay readable). Used by the startup backfill and by key rotation.
 */
export async function reencryptAll(db: Db, options: { batchSize?: number; onBatch?: (table: string, n: number) => void | Promise<void> } = {}): Promise<number> {
  const ring = await keyringOf(db);
  const size = options.batchSize ?? 200;
  let total = 0;
  for (const spec of [PARTIES, PENALTIES, REGISTER, INFORMANTS]) {
    for (let n; (n = await moveBatch(db, ring, spec, size)); total += n) await options.onBatch?.(spec.name, n);
  }
  for (let n; (n = await moveSealedEvents(db, ring, size)); total += n) await options.onBatch?.('case_event_sealed', n);
  return total;
}

/**
 * At start: the data keys (made on first start), then the backfill: rows stored in clear before
 * this version, or under a retired key whose rotation was interrupted, are re-encrypted in batches.
 */
export async function preparePersonalData(db: unknown, log: { info(o: object, m: string): void; warn(o: object, m: string): void }): Promise<void> {
  const ring = await keyringOf(db);
  const moved = await reencryptAll(db as Db);
  if (!moved) return;
  log.info({ rows: moved, keyVersion: ring.currentVersion }, 'personal data re-encrypted under the current data key');
  // Only after an upgrade or an interrupted rotation: a scan of the timeline is not for every start.
  const clearEvents = await clearEventCount(db as Db);
  if (clearEvents) log.warn({ events: clearEvents }, 'timeline events recorded before encryption at rest hold party identifiers in clear (append-only: they stay)');
}

/** Key rotation: a new data key version, then every row re-encrypted under it in the background. */
export async function rotateDataKey(db: Db, now: Date, options: Parameters<typeof reencryptAll>[1] = {}): Promise<{ version: number; reencrypted: number }> {
  const ring = await keyringOf(db);
  await ring.addKey('cipher', ring.profile.cipher, now);
  await ring.refresh();
  return { version: ring.currentVersion, reencrypted: await reencryptAll(db, options) };
}

/** How many stored values each key version still encrypts (a retired version with none is no longer needed). */
export async function keyVersionUsage(db: Db): Promise<Record<string, number>> {
  const parts = [
    ...[PARTIES, PENALTIES, REGISTER, INFORMANTS].flatMap((spec) => Object.values(spec.columns).map((col) => sql`select ${sql.identifier(col)} as v from ${spec.table}`)),
    sql`select sealed as v from ${caseEventSealed}`,
  ];
  const list = await queryRows<{ version: string; n: number }>(
    db,
    sql`select case when v like 'ce1:%' then split_part(v, ':', 2) else 'clear' end as version, count(*)::int as n from (${sql.join(parts, sql` union all `)}) s where v is not null group by 1`,
  );
  return Object.fromEntries(list.map((r) => [r.version, Number(r.n)]));
}

/** Events recorded before encryption at rest whose data still holds C3 values in clear (append-only: they stay). */
export async function clearEventCount(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(caseEvents)
    .where(and(sql`${caseEvents.data} ? 'penalties'`, sql`exists (select 1 from jsonb_array_elements(${caseEvents.data}->'penalties') p where coalesce(p->>'partyIdNumber', p->>'partyCreditCode') not like 'c3:%')`));
  return Number(row?.n ?? 0);
}


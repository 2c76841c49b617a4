import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import type { Caller } from '../../kit/caller';
import type { Database } from '../../kit/db';
import type { Keyring } from '../../kit/fieldCrypto';
import { penaltyRegister } from '../db/schema';
import { refuseInput } from '../messages';
import { sealRegisterPenalty } from '../personalData';
import { canonicalJson, sha256Hex } from '../timeline/hash';
import { comparedAmountOf, registerPenaltyInput, type RegisterPenaltyInput } from './input';

/**
 * Intake of register penalties: validation row by row, the duplicate/conflict check against what
 * the agency already published (same decision number: same content is a duplicate, written once;
 * other content is refused with CONFLICT), and the write of every accepted row in one transaction.
 */
type Db = Database<Record<string, unknown>>;
export type RegisterRow = typeof penaltyRegister.$inferSelect;

/** Rows one import may carry; past it the whole call is refused (send several). */
export const MAX_IMPORT_ROWS = 1000;

/** NOT_WRITTEN: valid, but the import was all-or-nothing and another row was refused. */
export type RowOutcome = 'ACCEPTED' | 'DUPLICATE' | 'REFUSED' | 'NOT_WRITTEN';
export interface RowReport {
  row: number;
  decisionNumber: string | null;
  outcome: RowOutcome;
  field: string | null;
  code: 'BAD_USER_INPUT' | 'CONFLICT' | null;
  reason: string | null;
  penalty: RegisterRow | null;
}

/** The publishing agency, from the caller (as createCase takes it). */
export interface Publisher {
  agencyId: string;
  division: string;
  sub: string;
}

/** Raw records of a bulk text: CSV (header row; BOM, quotes and UTF-8 text as RFC 4180) or a JSON array of objects. */
export function parseBulk(format: 'CSV' | 'JSON', text: string): Record<string, unknown>[] {
  if (format === 'JSON') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch (err) {
      throw refuseInput('text', '不是有效的JSON', `is not valid JSON (${(err as Error).message})`);
    }
    if (!Array.isArray(parsed)) throw refuseInput('text', '须为JSON数组', 'must be a JSON array of penalty objects');
    return parsed as Record<string, unknown>[];
  }
  try {
    return parseCsv(text, { bom: true, columns: (header: string[]) => header.map((h) => h.trim()), skip_empty_lines: true, trim: true, relax_column_count: false }) as Record<string, unknown>[];
  } catch (err) {
    throw refuseInput('text', 'CSV格式错误', `is not valid CSV: ${(err as Error).message}`);
  }
}

/** The content a decision number stands for: every field, the party by keyed hash (no clear value is hashed). */
export function contentHashOf(ring: Keyring, agencyId: string, p: RegisterPenaltyInput): string {
  return sha256Hex(
    canonicalJson({
      agencyId,
      decisionNumber: p.decisionNumber,
      sector: p.sector,
      partyKind: p.partyKind,
      partyName: ring.lookup(p.partyName),
      partyIdNumber: p.partyIdNumber ? ring.lookup(p.partyIdNumber) : null,
      partyCreditCode: p.partyCreditCode ? ring.lookup(p.partyCreditCode) : null,
      offence: p.offence,
      legalBasis: p.legalBasis,
      fine: p.fineYuan.toFixed(2),
      confiscation: p.confiscationYuan.toFixed(2),
      amountInvolved: p.amountInvolvedYuan == null ? null : p.amountInvolvedYuan.toFixed(2),
      decidedOn: p.decidedOn,
    }),
  );
}

/** Validates one raw record: the input, or the first problem (field path and message). */
export function validateRecord(raw: unknown): { ok: true; value: RegisterPenaltyInput } | { ok: false; field: string; reason: string } {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, field: 'row', reason: "must be an object of the register's columns" };
  const r = registerPenaltyInput.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.[0] ?? 'row' : issue.path.map(String).join('.') || 'row';
  return { ok: false, field, reason: issue.code === 'unrecognized_keys' ? 'is not a column of the register' : issue.message };
}

/**
 * The register row of one valid input, sealed (party encrypted and keyed-hashed): what intake writes,
 * and what the seed (scripts/seed/register.ts) writes for its generated penalties.
 */
export function registerRowOf(
  ring: Keyring,
  publisher: Publisher,
  p: RegisterPenaltyInput,
  meta: { id: string; contentHash?: string; publishedAt: Date; idempotencyKey?: string | null },
): typeof penaltyRegister.$inferInsert {
  return sealRegisterPenalty(ring, {
    id: meta.id,
    agencyId: publisher.agencyId,
    divisionCode: publisher.division,
    sector: p.sector,
    decisionNumber: p.decisionNumber,
    partyKind: p.partyKind,
    partyName: p.partyName,
    partyIdNumber: p.partyIdNumber,
    partyCreditCode: p.partyCreditCode,
    offence: p.offence,
    legalBasis: p.legalBasis,
    fine: p.fineYuan,
    confiscation: p.confiscationYuan,
    amountInvolved: p.amountInvolvedYuan,
    comparedAmount: comparedAmountOf(p),
    decidedOn: p.decidedOn,
    contentHash: meta.contentHash ?? contentHashOf(ring, publisher.agencyId, p),
    publishedBy: publisher.sub,
    publishedAt: meta.publishedAt,
    idempotencyKey: meta.idempotencyKey ?? null,
  });
}

/**
 * Writes the valid records in one transaction and reports every row. With `allOrNothing`, a single
 * refused row means nothing is written. Returns the rows and whether anything was written.
 */
export async function intake(
  db: Db,
  ring: Keyring,
  publisher: Publisher,
  records: readonly unknown[],
  now: Date,
  options: { allOrNothing: boolean; idempotencyKey?: string | null; today: string },
): Promise<{ rows: RowReport[]; written: boolean }> {
  const reports: RowReport[] = [];
  const valid: { report: RowReport; value: RegisterPenaltyInput; hash: string }[] = [];
  const seen = new Map<string, { hash: string; report: RowReport }>();
  records.forEach((raw, i) => {
    const row = i + 1;
    const decisionNumber = raw && typeof raw === 'object' && typeof (raw as Record<string, unknown>).decisionNumber === 'string' ? ((raw as Record<string, string>).decisionNumber.trim() || null) : null;
    const v = validateRecord(raw);
    if (!v.ok) {
      reports.push({ row, decisionNumber, outcome: 'REFUSED', field: v.field, code: 'BAD_USER_INPUT', reason: v.reason, penalty: null });
      return;
    }
    if (v.value.decidedOn > options.today) {
      reports.push({ row, decisionNumber, outcome: 'REFUSED', field: 'decidedOn', code: 'BAD_USER_INPUT', reason: 'must not be in the future', penalty: null });
      return;
    }
    const hash = contentHashOf(ring, publisher.agencyId, v.value);
    const report: RowReport = { row, decisionNumber: v.value.decisionNumber, outcome: 'ACCEPTED', field: null, code: null, reason: null, penalty: null };
    reports.push(report);
    const before = seen.get(v.value.decisionNumber);
    if (before) {
      Object.assign(
        report,
        before.hash === hash
          ? { outcome: 'DUPLICATE', reason: `same as row ${before.report.row}` }
          : { outcome: 'REFUSED', field: 'decisionNumber', code: 'CONFLICT', reason: `decision ${v.value.decisionNumber} is in row ${before.report.row} with other content` },
      );
      return;
    }
    seen.set(v.value.decisionNumber, { hash, report });
    valid.push({ report, value: v.value, hash });
  });

  const written = await db.transaction(async (tx) => {
    const numbers = valid.map((v) => v.value.decisionNumber);
    const existing = numbers.length
      ? await tx.select().from(penaltyRegister).where(and(eq(penaltyRegister.agencyId, publisher.agencyId), inArray(penaltyRegister.decisionNumber, numbers)))
      : [];
    const byNumber = new Map(existing.map((r) => [r.decisionNumber, r]));
    const fresh = valid.filter((v) => {
      const old = byNumber.get(v.value.decisionNumber);
      if (!old) return true;
      if (old.contentHash === v.hash) Object.assign(v.report, { outcome: 'DUPLICATE', reason: 'already published with the same content', penalty: old });
      else Object.assign(v.report, { outcome: 'REFUSED', field: 'decisionNumber', code: 'CONFLICT', reason: `decision ${v.value.decisionNumber} was already published with other content` });
      return false;
    });
    if (options.allOrNothing && reports.some((r) => r.outcome === 'REFUSED')) return false;
    if (!fresh.length) return false;
    const rows = fresh.map((v) => registerRowOf(ring, publisher, v.value, { id: randomUUID(), contentHash: v.hash, publishedAt: now, idempotencyKey: options.idempotencyKey ?? null }));
    // A concurrent import of the same decision number makes this insert fail whole (unique index):
    // the caller's retry then finds it as a duplicate or a conflict.
    const inserted = await tx.insert(penaltyRegister).values(rows).returning();
    const byId = new Map(inserted.map((r) => [r.id, r]));
    fresh.forEach((v, i) => (v.report.penalty = byId.get(rows[i]!.id)!));
    return true;
  });
  if (!written) for (const r of reports) if (r.outcome === 'ACCEPTED') Object.assign(r, { outcome: 'NOT_WRITTEN', penalty: null });
  return { rows: reports, written };
}

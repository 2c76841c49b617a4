import { and, inArray, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { SECTORS } from '../../schema/vocabulary';
import type { CaseScope } from '../kit/access';
import { keySetFrom, type KeySet, type KeySource } from '../kit/jws';
import type { Database } from '../kit/db';
import { badInput } from '../kit/errors';
import { verifySignedStatement } from '../kit/signedStatement';
import { dossiers, type DossiersTables } from './db/schema';

type DossierRow = typeof dossiers.$inferSelect;

/**
 * A case's scope as the cases subgraph states it (Case.scopeStatement: a compact JWS, ES256 or SM2SM3, typ
 * caselink-case-scope+jws, verified with the cases subgraph's key at CASES_JWKS_URL). A dossier
 * takes who its case belongs to only from such a statement, never from its caller, and keeps the
 * one with the highest `seq` (architecture.md, "Scope from the owner").
 */
export const SCOPE_TYP = 'caselink-case-scope+jws';
/** A statement dated later than this after our clock is refused (clock skew between services). */
const MAX_SKEW_MS = 5 * 60_000;

const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a timestamp');

export const scopePayload = z.object({
  caseId: z.string().min(1),
  handlingAgencyId: z.string().min(1),
  receivingAgencyId: z.string().min(1).nullable(),
  divisionCode: z.string().regex(/^\d{6}$/),
  sector: z.enum(SECTORS),
  juvenile: z.boolean(),
  seq: z.number().int().nonnegative(),
  issuedAt: timestamp,
  expiresAt: timestamp,
});
export type ScopeStatement = z.infer<typeof scopePayload>;

export interface ScopeVerifier {
  /**
   * The verified payload of a statement about `caseId`; BAD_USER_INPUT (naming `field`) when it does
   * not verify with the cases subgraph's key, is about another case, is malformed, or has expired.
   */
  verify(jws: string, expected: { caseId: string; now: Date }, field: string): Promise<ScopeStatement>;
}

/** Verified statements kept (by their text) so a page of cases does not verify each one twice. */
const CACHE_LIMIT = 10_000;

export function createScopeVerifier(source: KeySource): ScopeVerifier {
  let keys: KeySet | null = null;
  const keySet = () => (keys ??= keySetFrom(source));
  const verified = new Map<string, ScopeStatement>();

  async function parse(jws: string, field: string): Promise<ScopeStatement> {
    const hit = verified.get(jws);
    if (hit) return hit;
    const statement = await verifySignedStatement(jws, keySet(), {
      schema: scopePayload,
      field,
      typ: SCOPE_TYP,
      notVerified: "does not verify with the cases subgraph's key: pass Case.scopeStatement unchanged",
    });
    if (verified.size >= CACHE_LIMIT) verified.delete(verified.keys().next().value!);
    verified.set(jws, statement);
    return statement;
  }

  return {
    async verify(raw, expected, field) {
      const jws = raw.trim();
      if (!jws) throw badInput(field, 'must not be empty: pass Case.scopeStatement');
      const p = await parse(jws, field);
      if (p.caseId !== expected.caseId) throw badInput(field, `states the scope of case ${p.caseId}, not of case ${expected.caseId}`);
      const now = expected.now.getTime();
      if (Date.parse(p.expiresAt) <= now) throw badInput(field, `expired at ${p.expiresAt}: read Case.scopeStatement again`);
      if (Date.parse(p.issuedAt) > now + MAX_SKEW_MS) throw badInput(field, `is dated in the future (${p.issuedAt})`);
      return p;
    },
  };
}

export const caseScopeOf = (s: ScopeStatement): CaseScope => ({
  caseId: s.caseId,
  handlingAgencyId: s.handlingAgencyId,
  receivingAgencyId: s.receivingAgencyId,
  divisionCode: s.divisionCode,
});

/** The dossier columns a statement decides. */
export const scopeColumns = (s: ScopeStatement) => ({
  handlingAgencyId: s.handlingAgencyId,
  receivingAgencyId: s.receivingAgencyId,
  divisionCode: s.divisionCode,
  sector: s.sector,
  juvenile: s.juvenile,
  scopeSeq: s.seq,
});

/**
 * Brings stored scopes up to newer statements, in one UPDATE for the whole batch; a row whose stored
 * statement is as new or newer stays as it is (the condition is part of the statement, so two
 * requests refreshing at once cannot move a scope back). Returns the rows it changed.
 */
export async function refreshScopes(db: Database<DossiersTables>, stale: { dossierId: string; scope: ScopeStatement }[]): Promise<DossierRow[]> {
  if (!stale.length) return [];
  const pick = (value: (s: ScopeStatement) => unknown, type: string) =>
    sql`(case ${dossiers.id} ${sql.join(
      stale.map(({ dossierId, scope }) => sql`when ${dossierId} then ${value(scope)}::${sql.raw(type)}`),
      sql` `,
    )} end)`;
  return db
    .update(dossiers)
    .set({
      handlingAgencyId: pick((s) => s.handlingAgencyId, 'text'),
      receivingAgencyId: pick((s) => s.receivingAgencyId, 'text'),
      divisionCode: pick((s) => s.divisionCode, 'text'),
      sector: pick((s) => s.sector, 'dossier_sector'),
      juvenile: pick((s) => s.juvenile, 'boolean'),
      scopeSeq: pick((s) => s.seq, 'integer'),
    })
    .where(and(inArray(dossiers.id, stale.map((r) => r.dossierId)), lt(dossiers.scopeSeq, pick((s) => s.seq, 'integer'))))
    .returning();
}

import type { SignatureAlgorithm } from '../../kit/cryptoProfile';
import { asKeyRing, loadDemoKeyRing, parseSigningKey, signJws, singleKeyRing, withPreviousKeys, type JWK, type KeyRing, type SigningKey } from '../../kit/jws';
import type { Sector } from '../../../schema/vocabulary';

/**
 * The case scope statement: a compact JWS (ES256 or SM2SM3, as the crypto profile says) the cases subgraph signs over who a case belongs
 * to, so that a subgraph keeping rows about the case (dossiers, an agency's own subgraph) learns
 * the case's scope from its owner instead of from whoever calls first (architecture.md, "Scope
 * from the owner"). Receivers verify it with the key published at this subgraph's
 * `/.well-known/jwks.json` and keep the statement with the highest `seq`.
 */
/** The JWS `typ`: a scope statement is not mistaken for another signed artefact. */
export const SCOPE_TYP = 'caselink-case-scope+jws';
/** How long a statement is good for: receivers refuse it afterwards (it is fetched with the case). */
export const SCOPE_STATEMENT_TTL_MS = 15 * 60_000;

/** The payload, exactly these fields. */
export interface ScopePayload {
  caseId: string;
  handlingAgencyId: string;
  /** The police unit the case is with now (changes on transfer and forward); null before transfer. */
  receivingAgencyId: string | null;
  divisionCode: string;
  sector: Sector;
  /** A party was a juvenile when the case was opened: the case's records are sealed. */
  juvenile: boolean;
  /** The case's timeline length: grows with every step, so a later statement has a higher seq. */
  seq: number;
  /** ISO 8601, UTC. */
  issuedAt: string;
  expiresAt: string;
}

export interface ScopeFacts {
  id: string;
  handlingAgencyId: string;
  receivingAgencyId: string | null;
  divisionCode: string;
  sector: Sector;
  timelineLength: number;
}

export interface ScopeSigner {
  /** The statement for a case as it is now; reused while it has more than half its lifetime left. */
  statementFor(c: ScopeFacts, juvenile: boolean, now: Date): Promise<string>;
  jwks(): Promise<{ keys: JWK[] }>;
}

/** Signed statements kept for reuse (one signature per case and step, not per read). */
const CACHE_LIMIT = 10_000;

export function createScopeSigner(resolveKey: () => Promise<SigningKey | KeyRing>): ScopeSigner {
  let ring: Promise<KeyRing> | null = null;
  const get = () => (ring ??= resolveKey().then(asKeyRing));
  const cache = new Map<string, { jws: string; issuedAt: number }>();
  return {
    async statementFor(c, juvenile, now) {
      const cacheKey = `${c.id}\u0000${c.timelineLength}\u0000${c.receivingAgencyId ?? ''}\u0000${juvenile}`;
      const hit = cache.get(cacheKey);
      const at = now.getTime();
      if (hit && at >= hit.issuedAt && at - hit.issuedAt < SCOPE_STATEMENT_TTL_MS / 2) return hit.jws;
      const payload: ScopePayload = {
        caseId: c.id,
        handlingAgencyId: c.handlingAgencyId,
        receivingAgencyId: c.receivingAgencyId,
        divisionCode: c.divisionCode,
        sector: c.sector,
        juvenile,
        seq: c.timelineLength,
        issuedAt: now.toISOString(),
        expiresAt: new Date(at + SCOPE_STATEMENT_TTL_MS).toISOString(),
      };
      const jws = signJws((await get()).key, JSON.stringify(payload), SCOPE_TYP);
      cache.delete(cacheKey);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(cacheKey, { jws, issuedAt: at });
      return jws;
    },
    async jwks() {
      return (await get()).jwks;
    },
  };
}

/** The configured key (CASES_SCOPE_KEY), or the demo keys kept in `keysDir/cases-scope[.sm2].private.jwk.json` (created on first use). */
export async function loadScopeKey(options: { pem: string | null; previous?: JWK[]; keysDir: string; alg: SignatureAlgorithm }): Promise<KeyRing> {
  const ring = options.pem ? singleKeyRing(parseSigningKey(options.pem, 'CASES_SCOPE_KEY', options.alg)) : loadDemoKeyRing(options.keysDir, 'cases-scope', options.alg);
  return withPreviousKeys(ring, options.previous ?? []);
}

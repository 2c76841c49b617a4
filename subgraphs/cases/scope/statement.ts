import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompactSign, type JWK } from 'jose';
import { generateSigningKey, signingKeyFromJwk, signingKeyFromPem, type SigningKey } from '../../../gateway/keys';
import type { Sector } from '../../../schema/vocabulary';

/**
 * The case scope statement: a compact JWS (ES256) the cases subgraph signs over who a case belongs
 * to, so that a subgraph keeping rows about the case (dossiers, an agency's own subgraph) learns
 * the case's scope from its owner instead of from whoever calls first (architecture.md, "Scope
 * from the owner"). Receivers verify it with the key published at this subgraph's
 * `/.well-known/jwks.json` and keep the statement with the highest `seq`.
 */
export const SCOPE_ALG = 'ES256';
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

/** Signed statements kept for reuse (one ES256 signature per case and step, not per read). */
const CACHE_LIMIT = 10_000;

export function createScopeSigner(resolveKey: () => Promise<SigningKey>): ScopeSigner {
  let key: Promise<SigningKey> | null = null;
  const get = () => (key ??= resolveKey());
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
      const { privateKey, kid } = await get();
      const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: SCOPE_ALG, kid, typ: SCOPE_TYP })
        .sign(privateKey);
      cache.delete(cacheKey);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(cacheKey, { jws, issuedAt: at });
      return jws;
    },
    async jwks() {
      return { keys: [(await get()).publicJwk] };
    },
  };
}

/** The configured key (PEM PKCS#8), or the demo key kept in `keysDir/cases-scope.private.jwk.json` (created on first use). */
export async function loadScopeKey(options: { pem: string | null; keysDir: string }): Promise<SigningKey> {
  if (options.pem) return signingKeyFromPem(options.pem);
  const file = join(options.keysDir, 'cases-scope.private.jwk.json');
  if (existsSync(file)) return signingKeyFromJwk(JSON.parse(readFileSync(file, 'utf8')));
  mkdirSync(options.keysDir, { recursive: true });
  const { key, privateJwk } = await generateSigningKey();
  writeFileSync(file, JSON.stringify(privateJwk, null, 2), { mode: 0o600 });
  return key;
}

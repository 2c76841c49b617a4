import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createLocalJWKSet, createRemoteJWKSet, importSPKI, jwtVerify, type JWK, type JWTPayload, type JWTVerifyGetKey, type CryptoKey } from 'jose';
import { z } from 'zod';
import { AGENCY_KINDS, PURPOSES, ROLES } from '../schema/vocabulary';
import type { Caller } from '../subgraphs/kit/caller';
import { appError, unauthenticated } from '../subgraphs/kit/errors';

/**
 * Caller tokens: bearer JWTs from the identity provider, with these claims.
 * `sub` officer id, `agency` agency id, `agency_kind`, `division` (GB/T 2260), `roles`.
 */
export const tokenClaims = z.object({
  sub: z.string().min(1),
  agency: z.string().min(1),
  agency_kind: z.enum(AGENCY_KINDS),
  division: z.string().regex(/^\d{6}$/),
  roles: z.array(z.enum(ROLES)).min(1),
});

export const PURPOSE_HEADER = 'x-access-purpose';
export const REQUEST_ID_HEADER = 'x-request-id';

export type TokenKeys = { jwks: JWK[] } | { jwksUrl: string } | { publicKeyPem: string };

export interface TokenLimits {
  /** Longest lifetime (`exp - iat`) a token may have been issued with. */
  maxLifetimeSeconds: number;
  /** How far the issuer's clock may run ahead of ours (`iat`, `nbf`); `exp` is checked against our clock as it is. */
  clockSkewSeconds: number;
}

/** 12 h covers a working day and a shift; 60 s of skew is what NTP-synchronised hosts never exceed. */
export const DEFAULT_TOKEN_LIMITS: TokenLimits = { maxLifetimeSeconds: 12 * 3600, clockSkewSeconds: 60 };

export interface TokenVerifierOptions extends Partial<TokenLimits> {
  keys: TokenKeys;
  issuer: string;
  audience: string;
  /** Accepted signature algorithms. @default ['ES256', 'RS256'] */
  algorithms?: string[];
  /** @default Date.now */
  now?: () => number;
}

const span = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600} h` : `${seconds} s`);

export function createTokenVerifier(options: TokenVerifierOptions) {
  const algorithms = options.algorithms ?? ['ES256', 'RS256'];
  const { maxLifetimeSeconds, clockSkewSeconds } = { ...DEFAULT_TOKEN_LIMITS, ...options };
  const now = options.now ?? Date.now;
  let key: JWTVerifyGetKey | Promise<CryptoKey>;
  if ('jwks' in options.keys) key = createLocalJWKSet({ keys: options.keys.jwks });
  else if ('jwksUrl' in options.keys) key = createRemoteJWKSet(new URL(options.keys.jwksUrl));
  else key = importSPKI(options.keys.publicKeyPem, algorithms[0]!);

  /** Turns the request's headers into a verified Caller, or throws UNAUTHENTICATED / BAD_USER_INPUT. */
  return async function authenticate(headers: IncomingHttpHeaders): Promise<Caller> {
    const header = headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw unauthenticated('missing bearer token: send Authorization: Bearer <token>');
    let payload: JWTPayload;
    const nowSeconds = Math.floor(now() / 1000);
    try {
      const verifyKey = typeof key === 'function' ? key : await key;
      ({ payload } = await jwtVerify(match[1]!, verifyKey as JWTVerifyGetKey, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms,
        // A token without an expiry would be valid forever, one without iat of unknown lifetime: refuse both.
        requiredClaims: ['exp', 'iat', 'sub'],
        clockTolerance: clockSkewSeconds,
        currentDate: new Date(nowSeconds * 1000),
      }));
    } catch (err) {
      throw unauthenticated(`invalid token: ${(err as Error).message}`);
    }
    const { iat, exp } = payload as { iat: number; exp: number };
    // jose's clockTolerance eases nbf and exp alike; exp gets no grace: our clock says when a token has expired.
    if (exp <= nowSeconds) throw unauthenticated('invalid token: "exp" claim timestamp check failed');
    if (iat > nowSeconds + clockSkewSeconds) {
      throw unauthenticated(`invalid token: issued in the future (iat is ${iat - nowSeconds} s ahead of the gateway's clock; at most ${clockSkewSeconds} s of clock skew is allowed)`);
    }
    if (exp - iat > maxLifetimeSeconds) {
      throw unauthenticated(`invalid token: its lifetime (exp - iat) is ${span(exp - iat)}, longer than the ${span(maxLifetimeSeconds)} the gateway accepts`);
    }
    const claims = tokenClaims.safeParse(payload);
    if (!claims.success) throw unauthenticated(`invalid token claims: ${claims.error.issues[0]!.path.join('.')}`);
    return {
      sub: claims.data.sub,
      agencyId: claims.data.agency,
      agencyKind: claims.data.agency_kind,
      division: claims.data.division,
      roles: claims.data.roles,
      purpose: parsePurpose(headers[PURPOSE_HEADER]),
      requestId: parseRequestId(headers[REQUEST_ID_HEADER]),
    };
  };
}

function parsePurpose(value: string | string[] | undefined): Caller['purpose'] {
  if (value === undefined || value === '') return null;
  const purpose = PURPOSES.find((p) => p === value);
  // Refused before any operation runs, so Apollo would answer 500 unless told the status.
  if (!purpose) throw appError('BAD_USER_INPUT', `${PURPOSE_HEADER}: must be one of ${PURPOSES.join(', ')}`, { field: PURPOSE_HEADER, http: { status: 400 } });
  return purpose;
}

/** A caller-supplied request id is kept if it is short and plain, so logs can be joined across systems. */
function parseRequestId(value: string | string[] | undefined): string {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{8,64}$/.test(value) ? value : randomUUID();
}

import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, createLocalJWKSet, createRemoteJWKSet, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { z } from 'zod';
import { AGENCY_KINDS, PURPOSES, ROLES } from '../../schema/vocabulary';
import { unauthenticated } from './errors';

/**
 * The caller assertion: a short-lived JWT the gateway signs for each subgraph fetch, stating who
 * the verified caller is. Subgraphs trust nothing else (architecture.md, "Subgraphs trust only
 * the gateway"). It travels in this header.
 */
export const ASSERTION_HEADER = 'x-caller-assertion';
export const ASSERTION_ISSUER = 'caselink-gateway';
export const ASSERTION_ALG = 'ES256';
const ASSERTION_TTL_SECONDS = 60;

export const callerSchema = z.object({
  sub: z.string().min(1),
  agencyId: z.string().min(1).nullable(),
  agencyKind: z.enum(AGENCY_KINDS).nullable(),
  division: z.string().regex(/^\d{6}$/).nullable(),
  roles: z.array(z.enum(ROLES)),
  purpose: z.enum(PURPOSES).nullable(),
  requestId: z.string().min(1),
});
/** The verified caller as every resolver and policy rule sees it. */
export type Caller = z.infer<typeof callerSchema>;

export async function signCallerAssertion(
  caller: Caller,
  audience: string,
  key: CryptoKey,
  kid: string,
  now: () => number = Date.now,
): Promise<string> {
  const iat = Math.floor(now() / 1000);
  return new SignJWT({ ...caller, sub: undefined })
    .setProtectedHeader({ alg: ASSERTION_ALG, kid })
    .setSubject(caller.sub)
    .setIssuer(ASSERTION_ISSUER)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_TTL_SECONDS)
    .setJti(randomUUID())
    .sign(key);
}

export type KeySource = { jwks: { keys: JWK[] } } | { jwksUrl: string };

/** Builds the verifier a subgraph uses: audience is the subgraph's own name, so an assertion for another subgraph is refused. */
export function createAssertionVerifier(audience: string, source: KeySource) {
  const keySet = 'jwks' in source ? createLocalJWKSet(source.jwks) : createRemoteJWKSet(new URL(source.jwksUrl));
  return async function verifyCallerAssertion(token: string | undefined): Promise<Caller> {
    if (!token) throw unauthenticated(`missing ${ASSERTION_HEADER}: subgraphs accept requests only through the gateway`);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        issuer: ASSERTION_ISSUER,
        audience,
        algorithms: [ASSERTION_ALG],
        maxTokenAge: ASSERTION_TTL_SECONDS,
      }));
    } catch (err) {
      throw unauthenticated(`invalid caller assertion: ${(err as Error).message}`);
    }
    const parsed = callerSchema.safeParse(payload);
    if (!parsed.success) throw unauthenticated('invalid caller assertion: malformed claims');
    return parsed.data;
  };
}

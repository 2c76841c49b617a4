import { createHash, randomUUID } from 'node:crypto';
import { UnsecuredJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import { AGENCY_KINDS, PURPOSES, ROLES } from '../../schema/vocabulary';
import { unauthenticated } from './errors';
import { keySetFrom, signJws, verifyJws, type KeySource, type SigningKey } from './jws';

/**
 * The caller assertion: a short-lived JWT the gateway signs for each subgraph fetch, stating who
 * the verified caller is. Subgraphs trust nothing else (architecture.md, "Subgraphs trust only
 * the gateway"). It travels in this header.
 *
 * An assertion is made for one request (decision 68): its audience is the subgraph, its `kind` the
 * kind of request, and it names that request: a GraphQL fetch by the SHA-256 of the exact body the
 * gateway sends (`bh`), a file request by its method and target under the subgraph's /files (`htm`,
 * `htu`, as in DPoP, RFC 9449). A subgraph accepts it for that request only, and once (`jti`).
 */
export const ASSERTION_HEADER = 'x-caller-assertion';
export const ASSERTION_ISSUER = 'caselink-gateway';
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

/** The one request an assertion is made for. */
export type RequestBinding =
  /** A GraphQL request: the exact body bytes (or their SHA-256, base64url, as `bodySha256`). */
  | { kind: 'graphql'; body: string | Uint8Array }
  | { kind: 'graphql'; bodySha256: string }
  /** A file request: method and the target from `/files/` on, query included (e.g. `/files/documents/d1/content`). */
  | { kind: 'files'; method: string; target: string };

export const bodySha256 = (body: string | Uint8Array) => createHash('sha256').update(body).digest('base64url');

function bindingClaims(binding: RequestBinding): Record<string, string> {
  if (binding.kind === 'files') return { kind: 'files', htm: binding.method.toUpperCase(), htu: binding.target };
  return { kind: 'graphql', bh: 'bodySha256' in binding ? binding.bodySha256 : bodySha256(binding.body) };
}

/** Signed with the gateway's key, under its algorithm (ES256 or SM2SM3: the crypto profile). */
export async function signCallerAssertion(caller: Caller, audience: string, binding: RequestBinding, key: SigningKey, now: () => number = Date.now): Promise<string> {
  const iat = Math.floor(now() / 1000);
  const claims = {
    ...caller,
    ...bindingClaims(binding),
    sub: caller.sub,
    iss: ASSERTION_ISSUER,
    aud: audience,
    iat,
    exp: iat + ASSERTION_TTL_SECONDS,
    jti: randomUUID(),
  };
  return signJws(key, JSON.stringify(claims));
}

export type { KeySource };

/**
 * The claims checks of jose's jwtVerify, unchanged, on a payload whose signature verifyJws checked:
 * jose verifies no SM2 signature, but its claim rules (iss, aud, exp, iat, maxTokenAge, required
 * claims) are the ones assertions were always held to, so they are reused as they are.
 */
function checkClaims(payload: Buffer, o: { audience: string; now: number }): JWTPayload {
  const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload.toString('base64url')}.`;
  return UnsecuredJWT.decode(unsigned, {
    issuer: ASSERTION_ISSUER,
    audience: o.audience,
    maxTokenAge: ASSERTION_TTL_SECONDS,
    requiredClaims: ['jti', 'exp', 'iat'],
    currentDate: new Date(o.now),
  }).payload;
}

const bindingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('graphql'), bh: z.string().min(1) }),
  z.object({ kind: z.literal('files'), htm: z.string().min(1), htu: z.string().min(1) }),
]);

/**
 * Assertion ids seen by this process, kept until their assertion expires: a second use of one is a
 * replay. (Replicas keep their own; the body binding still limits a replay elsewhere to the same request.)
 */
class SeenAssertions {
  private readonly expiries = new Map<string, number>();
  private nextSweep = 0;
  /** False if `jti` was seen before; records it until `exp` (seconds). */
  firstUse(jti: string, exp: number, nowSeconds: number): boolean {
    if (nowSeconds >= this.nextSweep) {
      for (const [id, until] of this.expiries) if (until < nowSeconds) this.expiries.delete(id);
      this.nextSweep = nowSeconds + ASSERTION_TTL_SECONDS;
    }
    if (this.expiries.has(jti)) return false;
    this.expiries.set(jti, exp);
    return true;
  }
}

/**
 * Builds the verifier a subgraph uses: audience is the subgraph's own name, so an assertion for another
 * subgraph is refused; the request it is presented with must be the one it was made for.
 */
export function createAssertionVerifier(audience: string, source: KeySource, now: () => number = Date.now) {
  const keySet = keySetFrom(source);
  const seen = new SeenAssertions();
  return async function verifyCallerAssertion(token: string | undefined, request: RequestBinding): Promise<Caller> {
    if (!token) throw unauthenticated(`missing ${ASSERTION_HEADER}: subgraphs accept requests only through the gateway`);
    let payload: JWTPayload;
    try {
      const verified = await verifyJws(token, keySet);
      payload = checkClaims(verified.payload, { audience, now: now() });
    } catch (err) {
      throw unauthenticated(`invalid caller assertion: ${(err as Error).message}`);
    }
    const bound = bindingSchema.safeParse(payload);
    if (!bound.success) throw unauthenticated('invalid caller assertion: it names no request (kind, bh or htm/htu)');
    const expected = bindingClaims(request);
    if (bound.data.kind !== expected.kind) {
      throw unauthenticated(`invalid caller assertion: made for a ${bound.data.kind} request, presented with a ${expected.kind} request`);
    }
    if (bound.data.kind === 'graphql' && bound.data.bh !== expected.bh) throw unauthenticated('invalid caller assertion: made for another request body');
    if (bound.data.kind === 'files' && (bound.data.htm !== expected.htm || bound.data.htu !== expected.htu)) {
      throw unauthenticated('invalid caller assertion: made for another file request');
    }
    const parsed = callerSchema.safeParse(payload);
    if (!parsed.success) throw unauthenticated('invalid caller assertion: malformed claims');
    if (!seen.firstUse(payload.jti!, payload.exp!, Math.floor(now() / 1000))) throw unauthenticated('invalid caller assertion: already used (an assertion is good for one request)');
    return parsed.data;
  };
}
export type AssertionVerifier = ReturnType<typeof createAssertionVerifier>;

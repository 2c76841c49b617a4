import { compactVerify, decodeProtectedHeader, errors as joseErrors, type JWTVerifyGetKey } from 'jose';
import type { z } from 'zod';
import { badInput } from './errors';

/** jose's errors that mean "this JWS does not verify": the caller's fault, unlike an unreachable key source. */
const NOT_VERIFIED = [joseErrors.JWSInvalid, joseErrors.JWSSignatureVerificationFailed, joseErrors.JWKSNoMatchingKey, joseErrors.JOSEAlgNotAllowed, joseErrors.JWKSMultipleMatchingKeys];

/**
 * A signed statement one subgraph passes on from another (architecture.md, "No subgraph calls
 * another"): a compact JWS verified with the issuer's keys, its JSON payload checked with `schema`.
 * Anything the caller got wrong is BAD_USER_INPUT naming `field`: `notVerified` when the signature,
 * algorithm or `typ` is not the issuer's, else what is wrong with the payload. An unreachable key
 * source is thrown as it is (not the caller's fault).
 */
export async function verifySignedStatement<S extends z.ZodType>(
  jws: string,
  keys: JWTVerifyGetKey,
  o: { schema: S; field: string; notVerified: string; alg?: string; typ?: string },
): Promise<z.infer<S>> {
  const refuse = () => badInput(o.field, o.notVerified);
  if (o.typ !== undefined) {
    let typ: unknown;
    try {
      typ = decodeProtectedHeader(jws).typ;
    } catch {
      throw refuse();
    }
    if (typ !== o.typ) throw refuse();
  }
  let bytes: Uint8Array;
  try {
    ({ payload: bytes } = await compactVerify(jws, keys as Parameters<typeof compactVerify>[1], { algorithms: [o.alg ?? 'ES256'] }));
  } catch (err) {
    if (NOT_VERIFIED.some((E) => err instanceof E)) throw refuse();
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw badInput(o.field, 'payload is not JSON');
  }
  const parsed = o.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badInput(o.field, `payload.${issue.path.join('.')} ${issue.message}`);
  }
  return parsed.data;
}

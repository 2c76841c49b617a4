import type { z } from 'zod';
import { badInput } from './errors';
import { JwsNotVerified, verifyJws, type KeySet, type SignatureAlgorithm } from './jws';

/**
 * A signed statement one subgraph passes on from another (architecture.md, "No subgraph calls
 * another"): a compact JWS verified with the issuer's keys, its JSON payload checked with `schema`.
 * The algorithm is the one its header names (ES256 or SM2SM3: statements made under either crypto
 * profile verify), the key the one its kid names. Anything the caller got wrong is BAD_USER_INPUT
 * naming `field`: `notVerified` when the signature, algorithm, kid or `typ` is not the issuer's, else
 * what is wrong with the payload. An unreachable key source is thrown as it is (not the caller's fault).
 */
export async function verifySignedStatement<S extends z.ZodType>(
  jws: string,
  keys: KeySet,
  o: { schema: S; field: string; notVerified: string; algorithms?: readonly SignatureAlgorithm[]; typ?: string },
): Promise<z.infer<S>> {
  let bytes: Uint8Array;
  try {
    ({ payload: bytes } = await verifyJws(jws, keys, { algorithms: o.algorithms, typ: o.typ }));
  } catch (err) {
    if (err instanceof JwsNotVerified) throw badInput(o.field, o.notVerified);
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

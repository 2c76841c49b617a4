import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCryptoProfile } from '../subgraphs/kit/cryptoProfile';
import { demoKeyFile, loadDemoKeyRing, parseSigningKey, type SigningKey } from '../subgraphs/kit/jws';
import { ASSERTION_HEADER, signCallerAssertion } from '../subgraphs/kit/caller';

/**
 * Fetching a running subgraph's SDL for the checks. A subgraph answers nobody but the gateway
 * (architecture.md, "Subgraphs trust only the gateway"), so the check tool signs a caller
 * assertion with the gateway's key, for a caller with no agency and no role: enough for
 * `{ _service { sdl } }`, which the policy always allows, and for nothing else.
 */

/**
 * The key the gateway signs caller assertions with: `GATEWAY_SIGNING_KEY` (PEM, as the gateway
 * reads it), else the demo gateway key in `DATA_DIR/keys` (never created here: a new key would
 * not be the one subgraphs trust).
 */
export async function gatewayKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<SigningKey> {
  const alg = loadCryptoProfile(env).signature;
  if (env.GATEWAY_SIGNING_KEY) return parseSigningKey(env.GATEWAY_SIGNING_KEY, 'GATEWAY_SIGNING_KEY', alg);
  const dir = join(resolve(env.DATA_DIR ?? 'data'), 'keys');
  const file = demoKeyFile(dir, 'gateway', alg);
  if (!existsSync(file)) {
    throw new Error(`no key to sign a caller assertion with: set GATEWAY_SIGNING_KEY to the gateway's PEM key, or DATA_DIR to the demo graph's data folder (looked for ${file})`);
  }
  return loadDemoKeyRing(dir, 'gateway', alg).key;
}

/** `{ _service { sdl } }` from the subgraph at `url`, with an assertion made out to `name` (its audience). */
export async function fetchSubgraphSdl(url: string, name: string, key: SigningKey, timeoutMs = 10_000): Promise<string> {
  const caller = { sub: 'caselink:schema-check', agencyId: null, agencyKind: null, division: null, roles: [], purpose: null, requestId: `schema-check-${randomUUID()}` };
  let res: Response;
  try {
    const body = JSON.stringify({ query: '{ _service { sdl } }' });
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [ASSERTION_HEADER]: await signCallerAssertion(caller, name, { kind: 'graphql', body }, key) },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new Error(`${url} did not answer (${(err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err as Error).message})`);
  }
  const body = (await res.json().catch(() => null)) as { data?: { _service?: { sdl?: string } }; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  const sdl = body?.data?._service?.sdl;
  if (res.ok && typeof sdl === 'string') return sdl;
  const first = body?.errors?.[0];
  const hint =
    first?.extensions?.code === 'UNAUTHENTICATED'
      ? ` (the subgraph refused the caller assertion: is it named "${name}", and does it trust this gateway key?)`
      : '';
  throw new Error(`${url} answered HTTP ${res.status} without an SDL: ${first?.message ?? 'no GraphQL answer'}${hint}`);
}

import type { TokenVerifierOptions } from './auth';
import type { GatewayConfig } from './config';
import { loadOrCreateDemoKey, signingKeyFromPem, type SigningKey } from './keys';

/** Resolves the keys a configuration names: production keys from env, or demo keys in DATA_DIR/keys. */
export async function resolveGatewayKeys(config: GatewayConfig): Promise<{ auth: TokenVerifierOptions; assertionKey: SigningKey }> {
  const assertionKey = config.assertionKeyPem
    ? await signingKeyFromPem(config.assertionKeyPem)
    : await loadOrCreateDemoKey(config.dataDir, 'gateway');
  const tokenKeys = config.tokenKeys ?? { jwks: [(await loadOrCreateDemoKey(config.dataDir, 'issuer')).publicJwk] };
  return { auth: { keys: tokenKeys, issuer: config.issuer, audience: config.audience }, assertionKey };
}

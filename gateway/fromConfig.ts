import type { TokenVerifierOptions } from './auth';
import type { GatewayConfig } from './config';
import type { KeyRing } from '../subgraphs/kit/jws';
import { gatewayAssertionKeys, loadOrCreateDemoIssuerKey } from './keys';

/**
 * Resolves the keys a configuration names: production keys from env, or demo keys in DATA_DIR/keys
 * (never in production: loadGatewayConfig refuses such a configuration, and so does this).
 */
export async function resolveGatewayKeys(config: GatewayConfig): Promise<{ auth: TokenVerifierOptions; assertionKey: KeyRing }> {
  if (config.edge.nodeEnv === 'production' && (!config.tokenKeys || !config.assertionKeyPem)) {
    throw new Error('in production (NODE_ENV=production) the gateway trusts no demo key: set AUTH_JWKS_URL or AUTH_PUBLIC_KEY, and GATEWAY_SIGNING_KEY');
  }
  const assertionKey = gatewayAssertionKeys({ given: config.assertionKeyPem, previous: config.assertionPreviousKeys, dataDir: config.dataDir, alg: config.signatureAlg });
  const tokenKeys = config.tokenKeys ?? { jwks: [(await loadOrCreateDemoIssuerKey(config.dataDir)).publicJwk] };
  return { auth: { keys: tokenKeys, issuer: config.issuer, audience: config.audience, ...config.tokenLimits }, assertionKey };
}

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readEnv, portOf } from '../subgraphs/kit/config';
import type { TokenKeys } from './auth';

/**
 * Gateway configuration from the environment, validated at start. Without AUTH_* settings the
 * gateway runs in demo mode: caller tokens are checked against the demo issuer key in DATA_DIR/keys.
 */
export interface GatewayConfig {
  host: string;
  port: number;
  dataDir: string;
  supergraphPath: string;
  /** null: demo mode (keys from DATA_DIR/keys). */
  tokenKeys: TokenKeys | null;
  issuer: string;
  audience: string;
  /** PEM (PKCS#8) ES256 key that signs caller assertions; null: demo key in DATA_DIR/keys. */
  assertionKeyPem: string | null;
  /** SUBGRAPH_URL_<NAME>=url overrides the supergraph's routing URL for that subgraph. */
  subgraphUrls: Record<string, string>;
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const supergraphPath = resolve(env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql');
  if (!existsSync(supergraphPath)) throw new Error(`SUPERGRAPH_PATH must name an existing file, got ${JSON.stringify(supergraphPath)}`);

  let tokenKeys: TokenKeys | null = null;
  if (env.AUTH_JWKS_URL) {
    if (!URL.canParse(env.AUTH_JWKS_URL) || !/^https?:/.test(env.AUTH_JWKS_URL)) {
      throw new Error(`AUTH_JWKS_URL must be an http(s) URL, got ${JSON.stringify(env.AUTH_JWKS_URL)}`);
    }
    tokenKeys = { jwksUrl: env.AUTH_JWKS_URL };
  } else if (env.AUTH_PUBLIC_KEY) {
    if (!env.AUTH_PUBLIC_KEY.includes('BEGIN PUBLIC KEY')) throw new Error('AUTH_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)');
    tokenKeys = { publicKeyPem: env.AUTH_PUBLIC_KEY };
  }
  if (env.GATEWAY_SIGNING_KEY && !env.GATEWAY_SIGNING_KEY.includes('BEGIN PRIVATE KEY')) {
    throw new Error('GATEWAY_SIGNING_KEY must be a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----)');
  }
  const subgraphUrls: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const m = /^SUBGRAPH_URL_([A-Z0-9_]+)$/.exec(k);
    if (!m || !v) continue;
    if (!URL.canParse(v) || !/^https?:/.test(v)) throw new Error(`${k} must be an http(s) URL, got ${JSON.stringify(v)}`);
    subgraphUrls[m[1]!.toLowerCase()] = v;
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port: readEnv(portOf('PORT'), env.PORT ?? 4000),
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    supergraphPath,
    tokenKeys,
    issuer: env.AUTH_ISSUER ?? 'caselink-demo-idp',
    audience: env.AUTH_AUDIENCE ?? 'caselink',
    assertionKeyPem: env.GATEWAY_SIGNING_KEY ?? null,
    subgraphUrls,
  };
}

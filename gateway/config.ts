import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ROLES, type Role } from '../schema/vocabulary';
import { readEnv, portOf } from '../subgraphs/kit/config';
import { loadMetricsAccess, type MetricsAccess } from '../subgraphs/kit/metricsRoute';
import { DEFAULT_TOKEN_LIMITS, type TokenKeys, type TokenLimits } from './auth';
import { DEFAULT_REQUEST_LIMITS, type RequestLimits } from './httpLimits';
import { PRODUCTION_INTROSPECTION_ROLES, type IntrospectionRoles } from './introspection';
import { DEFAULT_LIMITS, type OperationLimits } from './limits';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './files';
import { DEFAULT_RATE_LIMIT } from './rateLimit';
import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS, DEFAULT_REDIS_KEY_PREFIX, DEFAULT_UPLOAD_LEASE_MS, type RedisLimitsOptions } from './sharedLimits';
import { DEFAULT_SAFELIST, loadManifest, SAFELIST_MODES, type SafelistOptions } from './safelist';
import { loadCryptoProfile, type SignatureAlgorithm } from '../subgraphs/kit/cryptoProfile';
import { parsePreviousKeys, parseSigningKey, type JWK } from '../subgraphs/kit/jws';
import { TRACING_MODES, type TracingConfig } from './tracing';

/**
 * Gateway configuration from the environment, validated at start. Without AUTH_* settings the
 * gateway runs in demo mode: caller tokens are checked against the demo issuer key in DATA_DIR/keys.
 * In production (NODE_ENV=production) there is no demo mode: the keys must be configured.
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
  /** How long a caller token may live, and how far ahead of ours the issuer's clock may be. */
  tokenLimits: TokenLimits;
  /** GATEWAY_SIGNING_KEY: the key that signs caller assertions (PEM PKCS#8 or JWK, P-256 or SM2 as the profile says); null: demo keys in DATA_DIR/keys. */
  assertionKeyPem: string | null;
  /** GATEWAY_SIGNING_PREVIOUS_KEYS: public keys that signed assertions before, still published (kit/jws.ts parsePreviousKeys). */
  assertionPreviousKeys: JWK[];
  /** CASELINK_CRYPTO_PROFILE's signature algorithm: what new assertions are signed with. */
  signatureAlg: SignatureAlgorithm;
  /** SUBGRAPH_URL_<NAME>=url overrides the supergraph's routing URL for that subgraph. */
  subgraphUrls: Record<string, string>;
  /** How the gateway behaves at the edge; passed to createGateway as is. */
  edge: EdgeConfig;
  tracing: TracingConfig;
}

/** The production settings of the gateway (README, "Gateway"); createGateway's options of the same names. */
export interface EdgeConfig {
  nodeEnv: string;
  limits: OperationLimits & RequestLimits;
  rateLimit: { perSecond: number; burst: number };
  safelist: SafelistOptions;
  introspectionRoles: IntrospectionRoles;
  /** Subgraph fetch timeouts: `default`, and by subgraph name. */
  subgraphTimeoutsMs: { default: number } & Record<string, number>;
  supergraphPollMs: number;
  ide: boolean;
  /** Who may read /metrics (METRICS_TOKEN, METRICS_PORT, METRICS_HOST). */
  metricsAccess: MetricsAccess;
  /** Bounds on uploads through /files (GATEWAY_UPLOADS_*, GATEWAY_UPLOAD_*). */
  uploads: UploadLimits;
  /** REDIS_URL (REDIS_KEY_PREFIX, REDIS_COMMAND_TIMEOUT_MS, REDIS_UPLOAD_LEASE_MS): the rate limit and upload slots shared by replicas; null: each replica's memory. */
  redis: Required<RedisLimitsOptions> | null;
}

const wholeNumber = (variable: string, min: number) =>
  z.coerce
    .number({ message: `${variable} must be a number` })
    .int(`${variable} must be a whole number`)
    .min(min, `${variable} must be ${min === 0 ? 'zero or more' : `at least ${min}`}`);

const oneOf = <T extends readonly [string, ...string[]]>(variable: string, values: T) =>
  z.enum(values, { message: `${variable} must be one of ${values.join(', ')}` });

/** A comma-separated list of roles (`SAFELIST_AD_HOC_ROLES`, `INTROSPECTION_ROLES`); empty means none. */
export function parseRoles(variable: string, value: string): Role[] {
  const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
  for (const r of roles) {
    if (!(ROLES as readonly string[]).includes(r)) throw new Error(`${variable} must list roles among ${ROLES.join(', ')}, got ${JSON.stringify(r)}`);
  }
  return roles as Role[];
}

function httpUrl(variable: string, value: string): string {
  if (!URL.canParse(value) || !/^https?:/.test(value)) throw new Error(`${variable} must be an http(s) URL, got ${JSON.stringify(value)}`);
  return value;
}

export function loadEdgeConfig(env: NodeJS.ProcessEnv = process.env, servicePort?: number): EdgeConfig {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const n = (variable: string, fallback: number, min = 1) => readEnv(wholeNumber(variable, min), env[variable] || fallback);
  const limits = {
    maxDepth: n('GATEWAY_MAX_DEPTH', DEFAULT_LIMITS.maxDepth),
    maxAliases: n('GATEWAY_MAX_ALIASES', DEFAULT_LIMITS.maxAliases, 0),
    maxRootFields: n('GATEWAY_MAX_ROOT_FIELDS', DEFAULT_LIMITS.maxRootFields),
    maxTokens: n('GATEWAY_MAX_TOKENS', DEFAULT_LIMITS.maxTokens),
    maxCost: n('GATEWAY_MAX_COST', DEFAULT_LIMITS.maxCost),
    maxBodyBytes: n('GATEWAY_MAX_BODY_BYTES', DEFAULT_REQUEST_LIMITS.maxBodyBytes, 1024),
    maxBatch: n('GATEWAY_MAX_BATCH', DEFAULT_REQUEST_LIMITS.maxBatch, 0),
  };
  const rateLimit = {
    perSecond: readEnv(z.coerce.number({ message: 'RATE_LIMIT_PER_SECOND must be a number' }).min(0, 'RATE_LIMIT_PER_SECOND must be zero (off) or more'), env.RATE_LIMIT_PER_SECOND || DEFAULT_RATE_LIMIT.perSecond),
    burst: n('RATE_LIMIT_BURST', DEFAULT_RATE_LIMIT.burst),
  };

  const mode = readEnv(oneOf('SAFELIST_MODE', SAFELIST_MODES), env.SAFELIST_MODE || DEFAULT_SAFELIST.mode);
  let manifest = null;
  if (env.SAFELIST_MANIFEST) {
    const path = resolve(env.SAFELIST_MANIFEST);
    if (!existsSync(path)) throw new Error(`SAFELIST_MANIFEST must name an existing file, got ${JSON.stringify(path)}`);
    manifest = loadManifest(path);
  } else if (mode !== 'off') {
    throw new Error(`SAFELIST_MANIFEST must name the operation manifest when SAFELIST_MODE is ${mode}`);
  }
  const adHocRoles = env.SAFELIST_AD_HOC_ROLES !== undefined ? parseRoles('SAFELIST_AD_HOC_ROLES', env.SAFELIST_AD_HOC_ROLES) : DEFAULT_SAFELIST.adHocRoles;

  const introspectionRoles: IntrospectionRoles =
    env.INTROSPECTION_ROLES === '*'
      ? '*'
      : env.INTROSPECTION_ROLES !== undefined
        ? parseRoles('INTROSPECTION_ROLES', env.INTROSPECTION_ROLES)
        : nodeEnv === 'production'
          ? PRODUCTION_INTROSPECTION_ROLES
          : '*';

  const subgraphTimeoutsMs: EdgeConfig['subgraphTimeoutsMs'] = { default: n('SUBGRAPH_TIMEOUT_MS', 10_000) };
  for (const [k, v] of Object.entries(env)) {
    const m = /^SUBGRAPH_TIMEOUT_MS_([A-Z0-9_]+)$/.exec(k);
    if (m && v) subgraphTimeoutsMs[m[1]!.toLowerCase()] = n(k, 0);
  }

  let redis: EdgeConfig['redis'] = null;
  if (env.REDIS_URL) {
    // Never echo the URL: it may carry a password.
    if (!URL.canParse(env.REDIS_URL) || !/^rediss?:$/.test(new URL(env.REDIS_URL).protocol)) throw new Error('REDIS_URL must be a redis:// or rediss:// URL');
    const keyPrefix = env.REDIS_KEY_PREFIX ?? DEFAULT_REDIS_KEY_PREFIX;
    if (!/^[A-Za-z0-9_.:-]{0,64}$/.test(keyPrefix)) throw new Error(`REDIS_KEY_PREFIX must be at most 64 letters, digits or _.:-, got ${JSON.stringify(keyPrefix)}`);
    redis = {
      url: env.REDIS_URL,
      keyPrefix,
      commandTimeoutMs: n('REDIS_COMMAND_TIMEOUT_MS', DEFAULT_REDIS_COMMAND_TIMEOUT_MS),
      uploadLeaseMs: n('REDIS_UPLOAD_LEASE_MS', DEFAULT_UPLOAD_LEASE_MS, 1000),
    };
  }

  return {
    nodeEnv,
    limits,
    rateLimit,
    safelist: { mode, manifest, adHocRoles },
    introspectionRoles,
    subgraphTimeoutsMs,
    supergraphPollMs: n('SUPERGRAPH_POLL_MS', 2000, 0),
    ide: readEnv(oneOf('GATEWAY_IDE', ['true', 'false']), env.GATEWAY_IDE || 'true') === 'true',
    metricsAccess: loadMetricsAccess(env, servicePort),
    uploads: {
      perCaller: n('GATEWAY_UPLOADS_PER_CALLER', DEFAULT_UPLOAD_LIMITS.perCaller),
      total: n('GATEWAY_UPLOADS_TOTAL', DEFAULT_UPLOAD_LIMITS.total),
      minBytesPerSecond: n('GATEWAY_UPLOAD_MIN_BYTES_PER_SECOND', DEFAULT_UPLOAD_LIMITS.minBytesPerSecond, 0),
      rateWindowMs: n('GATEWAY_UPLOAD_RATE_WINDOW_MS', DEFAULT_UPLOAD_LIMITS.rateWindowMs, 1000),
    },
    redis,
  };
}

/** AUTH_MAX_TOKEN_LIFETIME_SECONDS (exp - iat, default 12 h) and AUTH_CLOCK_SKEW_SECONDS (default 60, at most 300). */
export function loadTokenLimits(env: NodeJS.ProcessEnv = process.env): TokenLimits {
  return {
    maxLifetimeSeconds: readEnv(wholeNumber('AUTH_MAX_TOKEN_LIFETIME_SECONDS', 60), env.AUTH_MAX_TOKEN_LIFETIME_SECONDS || DEFAULT_TOKEN_LIMITS.maxLifetimeSeconds),
    clockSkewSeconds: readEnv(
      wholeNumber('AUTH_CLOCK_SKEW_SECONDS', 0).max(300, 'AUTH_CLOCK_SKEW_SECONDS must be at most 300'),
      env.AUTH_CLOCK_SKEW_SECONDS || DEFAULT_TOKEN_LIMITS.clockSkewSeconds,
    ),
  };
}

/**
 * What production may not do without: the identity provider's key and issuer, and the gateway's own
 * assertion key (a generated one would differ per replica and live on one disk). Throws naming every missing variable.
 */
function requireProductionKeys(env: NodeJS.ProcessEnv): void {
  const missing = [
    !env.AUTH_JWKS_URL && !env.AUTH_PUBLIC_KEY && 'AUTH_JWKS_URL or AUTH_PUBLIC_KEY (the identity provider\'s key)',
    !env.AUTH_ISSUER && 'AUTH_ISSUER (the identity provider\'s iss)',
    !env.GATEWAY_SIGNING_KEY && 'GATEWAY_SIGNING_KEY (the key caller assertions are signed with)',
  ].filter(Boolean);
  if (missing.length) {
    throw new Error(`in production (NODE_ENV=production) the gateway trusts no demo key: set ${missing.join(', ')}`);
  }
}

export function loadTracingConfig(env: NodeJS.ProcessEnv = process.env): TracingConfig {
  const mode = readEnv(oneOf('OTEL_TRACING', TRACING_MODES), env.OTEL_TRACING || 'off');
  if (mode !== 'otlp') return { mode };
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) throw new Error('OTEL_EXPORTER_OTLP_ENDPOINT must be set when OTEL_TRACING is otlp');
  return { mode, endpoint: httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', env.OTEL_EXPORTER_OTLP_ENDPOINT) };
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  if ((env.NODE_ENV ?? 'development') === 'production') requireProductionKeys(env);
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
  const signatureAlg = loadCryptoProfile(env).signature;
  // Parsed here only to refuse a bad key at start, naming the variable.
  if (env.GATEWAY_SIGNING_KEY) parseSigningKey(env.GATEWAY_SIGNING_KEY, 'GATEWAY_SIGNING_KEY', signatureAlg);
  const subgraphUrls: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const m = /^SUBGRAPH_URL_([A-Z0-9_]+)$/.exec(k);
    if (!m || !v) continue;
    if (!URL.canParse(v) || !/^https?:/.test(v)) throw new Error(`${k} must be an http(s) URL, got ${JSON.stringify(v)}`);
    subgraphUrls[m[1]!.toLowerCase()] = v;
  }
  const port = readEnv(portOf('PORT'), env.PORT ?? 4000);
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    supergraphPath,
    tokenKeys,
    issuer: env.AUTH_ISSUER ?? 'caselink-demo-idp',
    audience: env.AUTH_AUDIENCE ?? 'caselink',
    tokenLimits: loadTokenLimits(env),
    assertionKeyPem: env.GATEWAY_SIGNING_KEY ?? null,
    assertionPreviousKeys: parsePreviousKeys(env.GATEWAY_SIGNING_PREVIOUS_KEYS, 'GATEWAY_SIGNING_PREVIOUS_KEYS'),
    signatureAlg,
    subgraphUrls,
    edge: loadEdgeConfig(env, port),
    tracing: loadTracingConfig(env),
  };
}

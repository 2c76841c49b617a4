import { resolve } from 'node:path';
import { z } from 'zod';
import type { KeySource } from './caller';
import { subgraphDatabaseUrl, type StorageMode } from './db';
import { loadMetricsAccess, type MetricsAccess } from './metricsRoute';

/**
 * Configuration of one subgraph process, from the environment, validated at start.
 * Every message names the variable and the bad value.
 */
export interface SubgraphConfig {
  name: string;
  host: string;
  port: number;
  storage: StorageMode;
  gatewayKeys: KeySource;
  seedDemo: boolean;
  /** Who may read /metrics (METRICS_TOKEN, METRICS_PORT, METRICS_HOST); createSubgraph's option of the same name. */
  metricsAccess: MetricsAccess;
  /** Signed checkpoints of the subgraph's chains (CHECKPOINT_DIR, CHECKPOINT_INTERVAL_SECONDS, CHECKPOINT_PUBLISH_URL); the key is loaded apart (loadCheckpointKey). */
  checkpointSettings: { dir: string; intervalMs: number; publishUrl: string | null };
}

function postgresUrl(variable: string, value: string): string {
  if (/^postgres(ql)?:\/\/\S+$/.test(value) && URL.canParse(value)) return value;
  throw new Error(`${variable} must be a postgres:// URL, got ${JSON.stringify(value)}`);
}

export const portOf = (variable: string) =>
  z.coerce
    .number({ message: `${variable} must be a port number` })
    .int(`${variable} must be an integer`)
    .min(0, `${variable} must be between 0 and 65535`)
    .max(65535, `${variable} must be between 0 and 65535`);

const booleanFlag = (variable: string) =>
  z.enum(['true', 'false', '1', '0'], { message: `${variable} must be true or false` }).transform((v) => v === 'true' || v === '1');

/** Reads a value with a zod schema; throws an Error whose message is the first issue's. */
export function readEnv<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new Error(r.error.issues[0]!.message);
}

/**
 * One database per subgraph: `<NAME>_DATABASE_URL` as given; else, with `DATABASE_URL`, the database
 * `<its name>_<subgraph>` on that server (created on first start); else an embedded PGlite under
 * `DATA_DIR/<name>`.
 */
export function loadSubgraphConfig(name: string, defaultPort: number, env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  const own = `${name.toUpperCase()}_DATABASE_URL`;
  let storage: StorageMode;
  if (env[own]) storage = { kind: 'postgres', url: postgresUrl(own, env[own]) };
  else if (env.DATABASE_URL) {
    const adminUrl = postgresUrl('DATABASE_URL', env.DATABASE_URL);
    storage = { kind: 'postgres', url: subgraphDatabaseUrl(adminUrl, name), createIfMissing: { adminUrl } };
  } else storage = { kind: 'pglite', dataDir: resolve(env.DATA_DIR ?? 'data', name) };
  const jwksUrl = env.GATEWAY_JWKS_URL ?? 'http://127.0.0.1:4000/.well-known/jwks.json';
  if (!URL.canParse(jwksUrl) || !/^https?:/.test(jwksUrl)) {
    throw new Error(`GATEWAY_JWKS_URL must be an http(s) URL, got ${JSON.stringify(jwksUrl)}`);
  }
  const port = readEnv(portOf('PORT'), env.PORT ?? defaultPort);
  return {
    name,
    host: env.HOST ?? '127.0.0.1',
    port,
    storage,
    gatewayKeys: { jwksUrl },
    seedDemo: readEnv(booleanFlag('SEED_DEMO'), env.SEED_DEMO ?? 'false'),
    metricsAccess: loadMetricsAccess(env, port),
    checkpointSettings: loadCheckpointSettings(name, env),
  };
}

/** Where and how often a subgraph signs checkpoints: every hour by default (0: after the seed, on demand and on stop only). */
export function loadCheckpointSettings(name: string, env: NodeJS.ProcessEnv = process.env): SubgraphConfig['checkpointSettings'] {
  const seconds = readEnv(
    z.coerce.number({ message: 'CHECKPOINT_INTERVAL_SECONDS must be a number' }).int('CHECKPOINT_INTERVAL_SECONDS must be a whole number').min(0, 'CHECKPOINT_INTERVAL_SECONDS must be zero or more'),
    env.CHECKPOINT_INTERVAL_SECONDS || 3600,
  );
  const publishUrl = env.CHECKPOINT_PUBLISH_URL || null;
  if (publishUrl && (!URL.canParse(publishUrl) || !/^https?:/.test(publishUrl))) throw new Error(`CHECKPOINT_PUBLISH_URL must be an http(s) URL, got ${JSON.stringify(publishUrl)}`);
  return { dir: resolve(env.CHECKPOINT_DIR ?? resolve(env.DATA_DIR ?? 'data', 'checkpoints'), name), intervalMs: seconds * 1000, publishUrl };
}

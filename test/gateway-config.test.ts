import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEdgeConfig, loadGatewayConfig, loadTracingConfig } from '../gateway/config';
import { DEFAULT_REQUEST_LIMITS } from '../gateway/httpLimits';
import { DEFAULT_LIMITS } from '../gateway/limits';

const MANIFEST = resolve(import.meta.dirname, 'fixtures/persisted-query-manifest.json');

describe('gateway edge configuration: defaults, and errors that name the variable', () => {
  it('defaults: limits on, batching off, safelist off, 10 s timeouts, introspection for all, tracing off, IDE on', () => {
    const c = loadEdgeConfig({});
    expect(c.limits).toEqual({ ...DEFAULT_LIMITS, ...DEFAULT_REQUEST_LIMITS });
    expect(c.limits).toMatchObject({ maxDepth: 10, maxAliases: 30, maxRootFields: 10, maxTokens: 3000, maxCost: 20000, maxBodyBytes: 1048576, maxBatch: 0 });
    expect(c.rateLimit).toEqual({ perSecond: 20, burst: 200 });
    expect(c.safelist).toEqual({ mode: 'off', manifest: null, adHocRoles: ['ANALYST'] });
    expect(c.subgraphTimeoutsMs).toEqual({ default: 10000 });
    expect(c.introspectionRoles).toBe('*');
    expect(c.supergraphPollMs).toBe(2000);
    expect(c.ide).toBe(true);
    expect(c.metricsAccess).toEqual({ token: null, listener: null, onServicePort: true });
    expect(c.uploads).toEqual({ perCaller: 4, total: 64, minBytesPerSecond: 8192, rateWindowMs: 10000 });
    expect(c.redis).toBeNull(); // limits in each replica's memory
    expect(loadTracingConfig({})).toEqual({ mode: 'off' });
    expect(loadGatewayConfig({}).edge).toEqual(c);
  });

  it('reads every setting', () => {
    const c = loadEdgeConfig({
      NODE_ENV: 'production',
      GATEWAY_MAX_DEPTH: '8', GATEWAY_MAX_ALIASES: '0', GATEWAY_MAX_ROOT_FIELDS: '3', GATEWAY_MAX_TOKENS: '500',
      GATEWAY_MAX_COST: '900', GATEWAY_MAX_BODY_BYTES: '65536', GATEWAY_MAX_BATCH: '5',
      RATE_LIMIT_PER_SECOND: '0.5', RATE_LIMIT_BURST: '10',
      SAFELIST_MODE: 'enforce', SAFELIST_MANIFEST: MANIFEST, SAFELIST_AD_HOC_ROLES: 'ANALYST, ADMIN',
      SUBGRAPH_TIMEOUT_MS: '3000', SUBGRAPH_TIMEOUT_MS_DOSSIERS: '30000', SUPERGRAPH_POLL_MS: '0', GATEWAY_IDE: 'false',
      METRICS_TOKEN: 'scrape-0123456789abcdef', METRICS_PORT: '9464', METRICS_HOST: '10.1.2.3',
      GATEWAY_UPLOADS_PER_CALLER: '2', GATEWAY_UPLOADS_TOTAL: '16', GATEWAY_UPLOAD_MIN_BYTES_PER_SECOND: '0', GATEWAY_UPLOAD_RATE_WINDOW_MS: '30000',
    });
    expect(c.uploads).toEqual({ perCaller: 2, total: 16, minBytesPerSecond: 0, rateWindowMs: 30000 });
    expect(loadEdgeConfig({ REDIS_URL: 'redis://127.0.0.1:6379/2' }).redis).toEqual({ url: 'redis://127.0.0.1:6379/2', keyPrefix: 'caselink:', commandTimeoutMs: 250, uploadLeaseMs: 30000 });
    expect(loadEdgeConfig({ REDIS_URL: 'rediss://:pw@redis.internal:6380', REDIS_KEY_PREFIX: 'zj-prod:', REDIS_COMMAND_TIMEOUT_MS: '100', REDIS_UPLOAD_LEASE_MS: '5000' }).redis).toEqual({
      url: 'rediss://:pw@redis.internal:6380', keyPrefix: 'zj-prod:', commandTimeoutMs: 100, uploadLeaseMs: 5000,
    });
    expect(c.nodeEnv).toBe('production');
    expect(c.limits).toEqual({ maxDepth: 8, maxAliases: 0, maxRootFields: 3, maxTokens: 500, maxCost: 900, maxBodyBytes: 65536, maxBatch: 5 });
    expect(c.rateLimit).toEqual({ perSecond: 0.5, burst: 10 });
    expect(c.safelist.mode).toBe('enforce');
    expect(c.safelist.manifest?.operations.map((o) => o.name)).toEqual(['CaseList', 'CaseWithAgency']);
    expect(c.safelist.adHocRoles).toEqual(['ANALYST', 'ADMIN']);
    expect(c.subgraphTimeoutsMs).toEqual({ default: 3000, dossiers: 30000 });
    expect(c.introspectionRoles).toEqual(['ADMIN', 'ANALYST']); // production default
    expect(c.supergraphPollMs).toBe(0);
    expect(c.ide).toBe(false);
    expect(c.metricsAccess).toEqual({ token: 'scrape-0123456789abcdef', listener: { host: '10.1.2.3', port: 9464 }, onServicePort: false });
    // Production with neither METRICS_TOKEN nor METRICS_PORT: /metrics nowhere.
    expect(loadEdgeConfig({ NODE_ENV: 'production' }).metricsAccess.onServicePort).toBe(false);
    expect(loadEdgeConfig({ NODE_ENV: 'production', INTROSPECTION_ROLES: '*' }).introspectionRoles).toBe('*');
    expect(loadEdgeConfig({ INTROSPECTION_ROLES: 'ADMIN' }).introspectionRoles).toEqual(['ADMIN']);
    expect(loadEdgeConfig({ SAFELIST_AD_HOC_ROLES: '' }).safelist.adHocRoles).toEqual([]);
    expect(loadTracingConfig({ OTEL_TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toEqual({ mode: 'otlp', endpoint: 'http://127.0.0.1:4318' });
  });

  it.each([
    [{ GATEWAY_MAX_DEPTH: 'deep' }, 'GATEWAY_MAX_DEPTH must be a number'],
    [{ GATEWAY_MAX_DEPTH: '0' }, 'GATEWAY_MAX_DEPTH must be at least 1'],
    [{ GATEWAY_MAX_COST: '1.5' }, 'GATEWAY_MAX_COST must be a whole number'],
    [{ GATEWAY_MAX_BATCH: '-1' }, 'GATEWAY_MAX_BATCH must be zero or more'],
    [{ GATEWAY_MAX_BODY_BYTES: '100' }, 'GATEWAY_MAX_BODY_BYTES must be at least 1024'],
    [{ RATE_LIMIT_PER_SECOND: '-2' }, 'RATE_LIMIT_PER_SECOND must be zero (off) or more'],
    [{ RATE_LIMIT_BURST: 'lots' }, 'RATE_LIMIT_BURST must be a number'],
    [{ SAFELIST_MODE: 'strict' }, 'SAFELIST_MODE must be one of off, log-unknown, enforce'],
    [{ SAFELIST_MODE: 'enforce' }, 'SAFELIST_MANIFEST must name the operation manifest when SAFELIST_MODE is enforce'],
    [{ SAFELIST_MANIFEST: '/nope.json' }, 'SAFELIST_MANIFEST must name an existing file, got "/nope.json"'],
    [{ SAFELIST_MANIFEST: resolve(import.meta.dirname, '../package.json') }, 'format: '],
    [{ SAFELIST_AD_HOC_ROLES: 'ANALYST,CLERK' }, 'SAFELIST_AD_HOC_ROLES must list roles among CASE_OFFICER, APPROVER, SUPERVISOR, ANALYST, ADMIN, got "CLERK"'],
    [{ INTROSPECTION_ROLES: 'everyone' }, 'INTROSPECTION_ROLES must list roles among'],
    [{ SUBGRAPH_TIMEOUT_MS: '0' }, 'SUBGRAPH_TIMEOUT_MS must be at least 1'],
    [{ SUBGRAPH_TIMEOUT_MS_CASES: 'soon' }, 'SUBGRAPH_TIMEOUT_MS_CASES must be a number'],
    [{ SUPERGRAPH_POLL_MS: 'often' }, 'SUPERGRAPH_POLL_MS must be a number'],
    [{ GATEWAY_IDE: 'yes' }, 'GATEWAY_IDE must be one of true, false'],
    [{ GATEWAY_UPLOADS_PER_CALLER: '0' }, 'GATEWAY_UPLOADS_PER_CALLER must be at least 1'],
    [{ GATEWAY_UPLOADS_TOTAL: 'many' }, 'GATEWAY_UPLOADS_TOTAL must be a number'],
    [{ GATEWAY_UPLOAD_MIN_BYTES_PER_SECOND: '-1' }, 'GATEWAY_UPLOAD_MIN_BYTES_PER_SECOND must be zero or more'],
    [{ GATEWAY_UPLOAD_RATE_WINDOW_MS: '10' }, 'GATEWAY_UPLOAD_RATE_WINDOW_MS must be at least 1000'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL must be a redis:// or rediss:// URL'],
    [{ REDIS_URL: '127.0.0.1:6379' }, 'REDIS_URL must be a redis:// or rediss:// URL'],
    [{ REDIS_URL: 'redis://127.0.0.1', REDIS_KEY_PREFIX: 'a b' }, 'REDIS_KEY_PREFIX must be at most 64 letters, digits or _.:-, got "a b"'],
    [{ REDIS_URL: 'redis://127.0.0.1', REDIS_COMMAND_TIMEOUT_MS: '0' }, 'REDIS_COMMAND_TIMEOUT_MS must be at least 1'],
    [{ REDIS_URL: 'redis://127.0.0.1', REDIS_UPLOAD_LEASE_MS: '10' }, 'REDIS_UPLOAD_LEASE_MS must be at least 1000'],
  ])('%j', (env, message) => {
    expect(() => loadEdgeConfig(env)).toThrow(message);
  });

  it.each([
    [{ OTEL_TRACING: 'jaeger' }, 'OTEL_TRACING must be one of off, console, otlp'],
    [{ OTEL_TRACING: 'otlp' }, 'OTEL_EXPORTER_OTLP_ENDPOINT must be set when OTEL_TRACING is otlp'],
    [{ OTEL_TRACING: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, got "collector:4318"'],
  ])('%j', (env, message) => {
    expect(() => loadTracingConfig(env)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { loadSubgraphConfig } from '../subgraphs/kit/config';
import { loadGatewayConfig } from '../gateway/config';

describe('configuration fails early and by name', () => {
  it('defaults to an embedded database per subgraph under DATA_DIR', () => {
    const c = loadSubgraphConfig('cases', 4002, { DATA_DIR: '/tmp/x' });
    expect(c.storage).toEqual({ kind: 'pglite', dataDir: '/tmp/x/cases' });
    expect(c.port).toBe(4002);
    expect(c.host).toBe('127.0.0.1');
  });

  it('derives a database per subgraph from DATABASE_URL, created on first start', () => {
    const c = loadSubgraphConfig('cases', 4002, { DATABASE_URL: 'postgres://u@h:5432/caselink' });
    expect(c.storage).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/caselink_cases', createIfMissing: { adminUrl: 'postgres://u@h:5432/caselink' } });
  });

  it('prefers <NAME>_DATABASE_URL over DATABASE_URL', () => {
    const c = loadSubgraphConfig('cases', 4002, { DATABASE_URL: 'postgres://a@h/db', CASES_DATABASE_URL: 'postgres://b@h/cases' });
    expect(c.storage).toEqual({ kind: 'postgres', url: 'postgres://b@h/cases' });
  });

  it.each([
    [{ CASES_DATABASE_URL: 'mysql://x' }, 'CASES_DATABASE_URL must be a postgres:// URL, got "mysql://x"'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL must be a postgres:// URL, got "not a url"'],
    [{ PORT: 'eighty' }, 'PORT must be a port number'],
    [{ PORT: '70000' }, 'PORT must be between 0 and 65535'],
    [{ SEED_DEMO: 'yes' }, 'SEED_DEMO must be true or false'],
    [{ GATEWAY_JWKS_URL: 'ftp://x' }, 'GATEWAY_JWKS_URL must be an http(s) URL, got "ftp://x"'],
  ])('subgraph: %j', (env, message) => {
    expect(() => loadSubgraphConfig('cases', 4002, env)).toThrow(message);
  });

  it.each([
    [{ SUPERGRAPH_PATH: '/nope.graphql' }, 'SUPERGRAPH_PATH must name an existing file'],
    [{ AUTH_JWKS_URL: 'jwks' }, 'AUTH_JWKS_URL must be an http(s) URL, got "jwks"'],
    [{ AUTH_PUBLIC_KEY: 'abc' }, 'AUTH_PUBLIC_KEY must be a PEM public key'],
    [{ GATEWAY_SIGNING_KEY: 'abc' }, 'GATEWAY_SIGNING_KEY must be a PEM PKCS#8 private key'],
    [{ SUBGRAPH_URL_CASES: 'cases' }, 'SUBGRAPH_URL_CASES must be an http(s) URL, got "cases"'],
    [{ PORT: '-1' }, 'PORT must be between 0 and 65535'],
  ])('gateway: %j', (env, message) => {
    expect(() => loadGatewayConfig(env)).toThrow(message);
  });

  it('gateway: reads subgraph URL overrides', () => {
    expect(loadGatewayConfig({ SUBGRAPH_URL_CASES: 'http://10.0.0.2:4002/graphql' }).subgraphUrls).toEqual({ cases: 'http://10.0.0.2:4002/graphql' });
  });
});

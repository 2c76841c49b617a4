import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadSubgraphConfig } from '../subgraphs/kit/config';
import { loadGatewayConfig, loadTokenLimits } from '../gateway/config';
import { resolveGatewayKeys } from '../gateway/fromConfig';

const pems = () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string, privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
};

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
    [{ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '12h' }, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS must be a number'],
    [{ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '30' }, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS must be at least 60'],
    [{ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600.5' }, 'AUTH_MAX_TOKEN_LIFETIME_SECONDS must be a whole number'],
    [{ AUTH_CLOCK_SKEW_SECONDS: '-1' }, 'AUTH_CLOCK_SKEW_SECONDS must be zero or more'],
    [{ AUTH_CLOCK_SKEW_SECONDS: '301' }, 'AUTH_CLOCK_SKEW_SECONDS must be at most 300'],
  ])('gateway: %j', (env, message) => {
    expect(() => loadGatewayConfig(env)).toThrow(message);
  });

  it('gateway: reads subgraph URL overrides', () => {
    expect(loadGatewayConfig({ SUBGRAPH_URL_CASES: 'http://10.0.0.2:4002/graphql' }).subgraphUrls).toEqual({ cases: 'http://10.0.0.2:4002/graphql' });
  });

  it('gateway: token limits default to 12 h of lifetime and 60 s of clock skew, and reach the token verifier', async () => {
    expect(loadTokenLimits({})).toEqual({ maxLifetimeSeconds: 43200, clockSkewSeconds: 60 });
    expect(loadTokenLimits({ AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600', AUTH_CLOCK_SKEW_SECONDS: '0' })).toEqual({ maxLifetimeSeconds: 3600, clockSkewSeconds: 0 });
    const { publicKey, privateKey } = pems();
    const config = loadGatewayConfig({ AUTH_PUBLIC_KEY: publicKey, GATEWAY_SIGNING_KEY: privateKey, AUTH_MAX_TOKEN_LIFETIME_SECONDS: '28800', AUTH_CLOCK_SKEW_SECONDS: '30' });
    const { auth } = await resolveGatewayKeys(config);
    expect(auth).toMatchObject({ maxLifetimeSeconds: 28800, clockSkewSeconds: 30, issuer: 'caselink-demo-idp', audience: 'caselink' });
  });

  it('gateway in production: no demo keys; every missing variable named at once', () => {
    const { publicKey, privateKey } = pems();
    const prefix = 'in production (NODE_ENV=production) the gateway trusts no demo key: set ';
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(
      `${prefix}AUTH_JWKS_URL or AUTH_PUBLIC_KEY (the identity provider's key), AUTH_ISSUER (the identity provider's iss), GATEWAY_SIGNING_KEY (the key caller assertions are signed with)`,
    );
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'https://idp.example/jwks', AUTH_ISSUER: 'https://idp.example' })).toThrow(
      `${prefix}GATEWAY_SIGNING_KEY (the key caller assertions are signed with)`,
    );
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', AUTH_PUBLIC_KEY: publicKey, GATEWAY_SIGNING_KEY: privateKey })).toThrow(`${prefix}AUTH_ISSUER (the identity provider's iss)`);
    const ok = loadGatewayConfig({ NODE_ENV: 'production', AUTH_PUBLIC_KEY: publicKey, AUTH_ISSUER: 'https://idp.example', GATEWAY_SIGNING_KEY: privateKey });
    expect(ok.tokenKeys).toEqual({ publicKeyPem: publicKey });
    expect(ok.issuer).toBe('https://idp.example');
  });

  it('gateway in production: a configuration without keys built by hand is refused too, before any demo key is made', async () => {
    const { publicKey, privateKey } = pems();
    const dev = loadGatewayConfig({ AUTH_PUBLIC_KEY: publicKey, GATEWAY_SIGNING_KEY: privateKey, DATA_DIR: '/nonexistent/caselink' });
    const production = { ...dev, edge: { ...dev.edge, nodeEnv: 'production' } };
    await expect(resolveGatewayKeys({ ...production, tokenKeys: null })).rejects.toThrow('in production (NODE_ENV=production) the gateway trusts no demo key');
    await expect(resolveGatewayKeys({ ...production, assertionKeyPem: null })).rejects.toThrow('in production (NODE_ENV=production) the gateway trusts no demo key');
    await expect(resolveGatewayKeys(production)).resolves.toMatchObject({ auth: { keys: { publicKeyPem: publicKey } } });
  });
});

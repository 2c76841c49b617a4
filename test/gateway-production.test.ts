import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencies } from '../demo/province';
import { findDemoOfficer } from '../demo/tokens';
import { postJson } from './gateway-helpers';
import { generateSigningKey, toPkcs8Pem } from '../subgraphs/kit/jws';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const INTROSPECT = '{ __schema { queryType { name } } }';

describe(`production mode and GraphQL over HTTP (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let officer: string;
  let analyst: string;
  let url: string;
  beforeAll(async () => {
    graph = await startTestGraph();
    officer = await graph.token({ login: 'wang.li.zj-proc' });
    analyst = await graph.token({ role: 'ANALYST' });
    ({ url } = await graph.startGateway({ nodeEnv: 'production' }));
  });
  afterAll(() => graph?.close());

  it('introspection only for the roles allowed it (ADMIN, ANALYST by default in production)', async () => {
    const refused = await graph.query(INTROSPECT, {}, { token: officer, url });
    expect(refused.status).toBe(403);
    expect(refused.errors![0]).toMatchObject({ message: 'introspection is limited to callers with role ADMIN or ANALYST', extensions: { code: 'FORBIDDEN' } });
    expect((await graph.query(INTROSPECT, {}, { token: analyst, url })).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    // __typename is not introspection.
    expect((await graph.query('{ __typename }', {}, { token: officer, url })).data).toEqual({ __typename: 'Query' });
    // Outside production, every verified caller may introspect.
    expect((await graph.query(INTROSPECT, {}, { token: officer })).errors).toBeUndefined();
  });

  it('no demo officers\' tokens in production: a gateway given them refuses to start', async () => {
    const demoTokens = async () => [{ label: 'wang.li', token: officer }];
    await expect(graph.startGateway({ nodeEnv: 'production', ide: { demoTokens } })).rejects.toThrow("demo officers' tokens are never served in production (NODE_ENV=production)");
    // The IDE itself stays, without the list.
    expect((await fetch(new URL('/ide/demo-tokens', url))).status).toBe(404);
  });

  it('/metrics is not served on the public port in production without METRICS_TOKEN or METRICS_PORT', async () => {
    expect((await fetch(new URL('/metrics', url))).status).toBe(404);
    // Outside production it is (npm start, tests).
    expect((await fetch(new URL('/metrics', graph.gatewayUrl))).status).toBe(200);
  });

  it('no stack traces in any error', async () => {
    const responses = await Promise.all([
      graph.query('{ nope }', {}, { token: officer, url }),
      graph.query('{ cases(first: 1) {', {}, { token: officer, url }),
      graph.query('{ cases(first: 1000) { nodes { id } } }', {}, { token: officer, url }),
      graph.query('{ __typename }', {}, { token: 'not.a.token', url }),
      postJson(url, { query: '{ __typename }', variables: 'not an object' }, { authorization: `Bearer ${officer}` }).then((r) => r.body),
    ]);
    for (const r of responses) {
      expect(r.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(r)).not.toMatch(/stacktrace|exception|\.ts:\d+|node_modules/);
    }
  });

  it('CSRF prevention: a simple request a browser could send cross-site is refused', async () => {
    const text = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain', authorization: `Bearer ${officer}` }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(text.status).toBe(400);
    expect(await text.text()).toMatch(/CSRF/);
    const get = new URL(url);
    get.searchParams.set('query', '{ __typename }');
    const plainGet = await fetch(get, { headers: { authorization: `Bearer ${officer}`, accept: 'application/json' } });
    expect(plainGet.status).toBe(400);
    const preflighted = await fetch(get, { headers: { authorization: `Bearer ${officer}`, accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('speaks application/graphql-response+json when asked, with 4xx for requests that cannot run', async () => {
    const ask = (query: string, accept: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${officer}` }, body: JSON.stringify({ query }) });
    const ok = await ask('{ __typename }', 'application/graphql-response+json');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const parse = await ask('{ __typename', 'application/graphql-response+json');
    expect(parse.status).toBe(400);
    expect(((await parse.json()) as any).errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    const invalid = await ask('{ nope }', 'application/graphql-response+json');
    expect(invalid.status).toBe(400);
    const json = await ask('{ __typename }', 'application/json');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

const ROOT = resolve(import.meta.dirname, '..');

/**
 * Runs one of our npm scripts as `npm run` does, in production, with a data directory of its own.
 * Resolves when it exits, or once it says it is listening (then `stop` sends SIGTERM).
 */
function runScript(script: string, env: Record<string, string>, args: string[] = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'caselink-prod-'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AUTH_|GATEWAY_SIGNING_KEY|METRICS_|PORT$|HOST$)/.test(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    env: { ...clean, NODE_ENV: 'production', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', SUPERGRAPH_POLL_MS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => void (stdout += d));
  child.stderr.on('data', (d: Buffer) => void (stderr += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const outcome = new Promise<{ code: number | null; listening: string | null }>((r) => {
    // A script that neither exits nor listens in time is stopped, and fails the test.
    const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
    void exited.then((code) => (clearTimeout(timer), r({ code, listening: null })));
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/\S+?)[;\s]/.exec(stdout);
      if (m) (clearTimeout(timer), r({ code: null, listening: m[1]! }));
    });
  });
  return {
    dataDir,
    outcome,
    output: () => ({ stdout, stderr }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

describe('production start: no demo, no demo keys', () => {
  it('NODE_ENV=production npm start refuses to run the demo, and writes nothing', async () => {
    const run = runScript('start.ts', {});
    try {
      const { code, listening } = await run.outcome;
      expect(listening).toBeNull();
      expect(code).toBe(1);
      expect(run.output().stderr).toMatch(/^caselink failed to start: npm start runs the demo \(the demo province, keys generated into DATA_DIR, demo officers' tokens in the IDE\) and is not for production\. Run each service alone instead: npm run start:subgraph -- <name> and npm run start:gateway/);
      expect(readdirSync(run.dataDir)).toEqual([]);
    } finally {
      await run.stop();
    }
  });

  it('start:gateway in production without the identity provider key, issuer and signing key exits 1 naming them, and generates no key', async () => {
    const run = runScript('start-gateway.ts', {});
    try {
      const { code, listening } = await run.outcome;
      expect(listening).toBeNull();
      expect(code).toBe(1);
      expect(run.output().stderr.trim()).toBe(
        "gateway failed to start: in production (NODE_ENV=production) the gateway trusts no demo key: set AUTH_JWKS_URL or AUTH_PUBLIC_KEY (the identity provider's key), AUTH_ISSUER (the identity provider's iss), GATEWAY_SIGNING_KEY (the key caller assertions are signed with)",
      );
      expect(readdirSync(run.dataDir)).toEqual([]);
    } finally {
      await run.stop();
    }
  });

  it('start:subgraph -- cases in production without its noise secret exits 1 naming it, and writes nothing', async () => {
    const run = runScript('start-subgraph.ts', {}, ['cases']);
    try {
      const { code, listening } = await run.outcome;
      expect(listening).toBeNull();
      expect(code).toBe(1);
      expect(run.output().stderr.trim()).toBe(
        'subgraph failed to start: CASES_STATISTICS_NOISE_SECRET is required in production (at least 32 characters): with the demo secret anyone can subtract the noise',
      );
      expect(readdirSync(run.dataDir)).toEqual([]);
    } finally {
      await run.stop();
    }
  });

  it('npm run token refuses in production', async () => {
    const run = runScript('token.ts', {}, ['--role', 'ADMIN']);
    try {
      expect((await run.outcome).code).toBe(1);
      expect(run.output().stdout).toBe('');
      expect(run.output().stderr).toMatch(/^demo tokens are not for production/);
      expect(readdirSync(run.dataDir)).toEqual([]);
    } finally {
      await run.stop();
    }
  });

  it('start:gateway in production with its keys: token lifetime and metrics token as configured', async () => {
    const idp = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    // The gateway's own key follows CASELINK_CRYPTO_PROFILE (inherited by the script); the IdP's stays P-256.
    const gatewayKey = generateSigningKey();
    const metricsToken = 'prometheus-scrape-0d9e8c7b';
    const run = runScript('start-gateway.ts', {
      AUTH_PUBLIC_KEY: idp.publicKey.export({ type: 'spki', format: 'pem' }) as string,
      AUTH_ISSUER: 'https://idp.example.gov.cn',
      GATEWAY_SIGNING_KEY: toPkcs8Pem(gatewayKey),
      AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600',
      METRICS_TOKEN: metricsToken,
    });
    try {
      const { listening } = await run.outcome;
      expect(listening, JSON.stringify(run.output())).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
      expect(run.output().stdout).toMatch(/metrics on \/metrics of the service port \(bearer METRICS_TOKEN required\)/);
      const key = await importPKCS8(idp.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'ES256');
      const officer = findDemoOfficer({ login: 'wang.li.zj-proc' });
      const agency = agencies.find((a) => a.id === officer.agencyId)!;
      const token = (lifetime: string) =>
        new SignJWT({ agency: agency.id, agency_kind: agency.kind, division: agency.divisionCode, roles: officer.roles })
          .setProtectedHeader({ alg: 'ES256' }).setSubject(officer.id).setIssuer('https://idp.example.gov.cn').setAudience('caselink')
          .setIssuedAt().setExpirationTime(lifetime).sign(key);
      const ask = async (t: string) => (await postJson(listening!, { query: '{ __typename }' }, { authorization: `Bearer ${t}` })).body;
      expect(await ask(await token('1h'))).toEqual({ data: { __typename: 'Query' } });
      const long = await ask(await token('8h'));
      expect(long.errors[0]).toMatchObject({ message: 'invalid token: its lifetime (exp - iat) is 8 h, longer than the 1 h the gateway accepts', extensions: { code: 'UNAUTHENTICATED' } });
      const metrics = new URL('/metrics', listening!);
      expect((await fetch(metrics)).status).toBe(401);
      const scraped = await fetch(metrics, { headers: { authorization: `Bearer ${metricsToken}` } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/^caselink_gateway_requests_total\{outcome="ok"\} 1$/m);
      // Nothing generated: no demo key in DATA_DIR.
      expect(readdirSync(run.dataDir)).toEqual([]);
    } finally {
      await run.stop();
    }
  });
});

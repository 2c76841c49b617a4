import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDE_CSP } from '../gateway/ide';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Every URL a page refers to in src= or href=. */
const referencedUrls = (html: string) => [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]!);

describe(`the self-hosted IDE (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  beforeAll(async () => {
    graph = await startTestGraph();
  });
  afterAll(() => graph?.close());

  const page = (url: string) => fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

  it('a browser asking for /graphql gets the IDE page, which refers only to its own origin', async () => {
    const res = await page(graph.gatewayUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(IDE_CSP);
    const html = await res.text();
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(6);
    for (const u of urls) {
      expect(u).not.toMatch(/^[a-z]+:|^\/\//i); // no scheme, no protocol-relative host: same origin only
      const asset = await fetch(new URL(u, graph.gatewayUrl));
      expect(asset.status, u).toBe(200);
      expect(asset.headers.get('content-type'), u).toMatch(u.endsWith('.css') ? /^text\/css/ : /javascript/);
      expect(Number(asset.headers.get('content-length') ?? (await asset.arrayBuffer()).byteLength), u).toBeGreaterThan(100);
    }
    expect(html).not.toMatch(/https?:\/\//);
    // The CSP lets the page load and connect to nothing but its own origin.
    expect(IDE_CSP).toMatch(/default-src 'none'/);
    expect(IDE_CSP).toMatch(/script-src 'self'(;|$)/);
    expect(IDE_CSP).toMatch(/connect-src 'self'(;|$)/);
  });

  it('GraphQL clients on the same URL are not affected; / leads to the IDE; unknown assets are 404', async () => {
    const token = await graph.token({ login: 'wang.li.zj-proc' });
    expect((await graph.query('{ __typename }', {}, { token })).data).toEqual({ __typename: 'Query' });
    const json = await fetch(graph.gatewayUrl, { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).not.toMatch(/html/);
    const root = await fetch(new URL('/', graph.gatewayUrl), { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(new URL(root.headers.get('location')!, new URL('/', graph.gatewayUrl)).pathname).toBe('/graphql');
    expect((await fetch(new URL('/ide/assets/..%2Fpackage.json', graph.gatewayUrl))).status).toBe(404);
    expect((await fetch(new URL('/ide/assets/secret.js', graph.gatewayUrl))).status).toBe(404);
    // Demo tokens are offered only when the gateway is given them (npm start in demo mode).
    expect((await fetch(new URL('/ide/demo-tokens', graph.gatewayUrl))).status).toBe(404);
    const { url } = await graph.startGateway({ ide: { demoTokens: async () => [{ label: 'wang.li', token }] } });
    expect(await (await fetch(new URL('/ide/demo-tokens', url))).json()).toEqual([{ label: 'wang.li', token }]);
    const { url: noIde } = await graph.startGateway({ ide: false });
    expect((await page(noIde)).headers.get('content-type')).not.toMatch(/html/);
  });

  // The browser test runs where Debian's chromium is installed (apt-get install chromium; .ci/run does):
  // skipped on a developer's machine without it, never in CI.
  it.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('in headless Chromium with every other host blocked: loads, runs a query, shows the result', async () => {
    const { chromium } = await import('playwright-core');
    const token = await graph.token({ login: 'wang.li.zj-proc' });
    const origin = new URL(graph.gatewayUrl).origin;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const context = await browser.newContext();
      const elsewhere: string[] = [];
      await context.route('**/*', (route) => {
        const u = route.request().url();
        if (u.startsWith(`${origin}/`) || u.startsWith('data:')) return route.continue();
        elsewhere.push(u);
        return route.abort('blockedbyclient');
      });
      const problems: string[] = [];
      const p = await context.newPage();
      p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      p.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      // (This project's TypeScript has no DOM types; the page's CSP forbids eval, so no code strings either.)
      await p.addInitScript(() => (globalThis as any).localStorage.setItem('graphiql:query', '{ cases(first: 2) { nodes { number } } }'));
      await p.goto(graph.gatewayUrl);
      await p.waitForSelector('.graphiql-execute-button');
      // Paste a token and pick a purpose: the IDE starts again as that caller and loads the schema.
      await p.fill('#token', token);
      await p.dispatchEvent('#token', 'change');
      await p.selectOption('#purpose', 'SUPERVISION');
      await p.waitForLoadState('networkidle');
      const ran = p.waitForRequest((r) => r.method() === 'POST' && /cases\(first: 2\)/.test(r.postData() ?? ''));
      await p.click('.graphiql-execute-button');
      const sent = await ran;
      expect(sent.headers()['x-access-purpose']).toBe('SUPERVISION');
      expect(sent.headers().authorization).toBe(`Bearer ${token}`);
      await p.locator('.result-window', { hasText: 'XF-' }).waitFor({ timeout: 15_000 });
      const result = await p.textContent('.result-window');
      expect(result).toMatch(/"number": "XF-/);
      expect(await p.textContent('#who')).toMatch(/SUPERVISOR|of-/);
      if (process.env.IDE_SCREENSHOT) await p.screenshot({ path: process.env.IDE_SCREENSHOT });
      expect(elsewhere).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

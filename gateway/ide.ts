import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import express, { type Request, type Response, type NextFunction } from 'express';
import { PURPOSES } from '../schema/vocabulary';
import { PURPOSE_HEADER } from './auth';

/**
 * The self-hosted GraphQL IDE: GraphiQL 3 with React 18, every file served from installed npm
 * packages on the gateway's own origin (the network it runs on reaches no CDN), behind a
 * Content-Security-Policy that lets the page load and connect to nothing else. A bar above the IDE
 * takes a bearer token (kept in the browser's localStorage) and a declared purpose, sent with each
 * request; in demo mode it also offers demo officers' tokens.
 */
export interface IdeOptions {
  /** Demo officers' tokens to pick from (npm start only); refused in production (settleIdeOptions). */
  demoTokens?: () => Promise<DemoToken[]>;
}

export interface DemoToken {
  label: string;
  token: string;
}

const require = createRequire(import.meta.url);

/** A package's root directory, found from its package.json (react's export map hides its umd/ files). */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** Served files: name under `ide/assets/` -> file on disk. Nothing else is served from there. */
export function ideAssets(): Record<string, string> {
  return {
    'react.production.min.js': join(packageDir('react'), 'umd/react.production.min.js'),
    'react-dom.production.min.js': join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
    'graphiql.min.js': join(packageDir('graphiql'), 'graphiql.min.js'),
    'graphiql.min.css': join(packageDir('graphiql'), 'graphiql.min.css'),
    'ide.js': join(import.meta.dirname, 'ide/ide.js'),
    'ide.css': join(import.meta.dirname, 'ide/ide.css'),
  };
}

export const IDE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // GraphiQL sets style attributes at run time; its fonts are data: URLs inside its CSS.
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * createGateway's `ide` option settled: null when off, else the IDE's options. Demo officers' tokens
 * are refused in production: a list of tokens for anyone to pick from is no authentication.
 */
export function settleIdeOptions(ide: IdeOptions | boolean | undefined, nodeEnv: string): IdeOptions | null {
  if (ide === false) return null;
  if (ide === true || ide === undefined) return {};
  if (ide.demoTokens && nodeEnv === 'production') throw new Error('demo officers\' tokens are never served in production (NODE_ENV=production)');
  return ide;
}

/** The page; every URL in it is relative, so it works on any host and behind a path prefix. */
export function idePage(options: { demo: boolean }): string {
  const purposes = PURPOSES.map((p) => `<option value="${escapeHtml(p)}">${escapeHtml(p)}</option>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>caselink GraphQL IDE</title>
<link rel="stylesheet" href="ide/assets/graphiql.min.css">
<link rel="stylesheet" href="ide/assets/ide.css">
</head>
<body data-endpoint="graphql" data-demo-tokens="${options.demo ? 'ide/demo-tokens' : ''}" data-purpose-header="${PURPOSE_HEADER}">
<header id="caller">
  <strong>caselink</strong>
  <label>Bearer token <input id="token" type="password" autocomplete="off" spellcheck="false" placeholder="paste a caller token"></label>
  <label id="demo-label" hidden>or a demo officer <select id="demo"><option value="">(choose)</option></select></label>
  <label>Purpose <select id="purpose"><option value="">(none declared)</option>${purposes}</select></label>
  <span id="who" aria-live="polite"></span>
</header>
<main id="graphiql"><p class="loading">Loading the IDE…</p></main>
<script src="ide/assets/react.production.min.js"></script>
<script src="ide/assets/react-dom.production.min.js"></script>
<script src="ide/assets/graphiql.min.js"></script>
<script src="ide/assets/ide.js"></script>
</body>
</html>
`;
}

/** True for a browser asking for a page (Accept prefers text/html over JSON). */
export function prefersHtml(req: Request): boolean {
  return req.method === 'GET' && req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * Routes: `GET /graphql` from a browser (the page), `GET /ide/assets/<file>`, `GET /ide/demo-tokens`
 * (demo mode only), and `GET /` redirecting to the page. Mount before the GraphQL endpoint.
 */
export function ideRouter(options: IdeOptions = {}): express.Router {
  const assets = ideAssets();
  const page = idePage({ demo: Boolean(options.demoTokens) });
  const router = express.Router();
  router.get('/', (_req, res) => void res.redirect(302, 'graphql'));
  router.get('/favicon.ico', (_req, res) => void res.status(204).end());
  router.get('/graphql', (req: Request, res: Response, next: NextFunction) => {
    if (!prefersHtml(req)) return next();
    res.set('content-security-policy', IDE_CSP).set('cache-control', 'no-store').type('html').send(page);
  });
  router.get('/ide/assets/:file', (req, res) => {
    const file = assets[req.params.file as string];
    if (!file) return void res.status(404).json({ error: 'no such asset' });
    res.sendFile(file, { maxAge: '1h', headers: { 'x-content-type-options': 'nosniff' } });
  });
  router.get('/ide/demo-tokens', async (_req, res) => {
    if (!options.demoTokens) return void res.status(404).json({ error: 'demo tokens are offered in demo mode only' });
    res.set('cache-control', 'no-store').json(await options.demoTokens());
  });
  return router;
}

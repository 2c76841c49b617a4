import { createHash } from 'node:crypto';
import { join } from 'node:path';
import express from 'express';
import type { DemoToken } from './ide';
import { loadManifest, type PersistedQueryManifest } from './safelist';

/**
 * The supervision console (console/): a React app in Chinese, a client of the gateway like any other.
 * Served from installed packages only: esbuild bundles console/src in memory on the first request
 * (kept for the life of the process), so `npm start` needs no build step and nothing comes from the
 * network. The page runs under a Content-Security-Policy that allows its own scripts, styles and
 * requests, and nothing else (no inline script, no eval).
 */
export interface ConsoleOptions {
  /** Demo officers' tokens to pick from at login (npm start only); the IDE's list. */
  demoTokens?: () => Promise<DemoToken[]>;
}

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ROOT = join(import.meta.dirname, '..');
export const CONSOLE_ENTRY = join(ROOT, 'console/src/main.tsx');

export interface ConsoleBundle {
  'app.js': Buffer;
  'app.css': Buffer;
}

/** Bundles the console with esbuild (minified, one script and one stylesheet). */
export async function buildConsole(): Promise<ConsoleBundle> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { app: CONSOLE_ENTRY },
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    outdir: join(ROOT, 'console/dist/assets'),
    write: false,
  });
  const bundle = {} as ConsoleBundle;
  for (const f of result.outputFiles ?? []) {
    if (f.path.endsWith('app.js')) bundle['app.js'] = Buffer.from(f.contents);
    if (f.path.endsWith('app.css')) bundle['app.css'] = Buffer.from(f.contents);
  }
  bundle['app.css'] ??= Buffer.alloc(0);
  return bundle;
}

/** The page: relative URLs only, so it works on any host and behind a path prefix. */
export function consolePage(options: { demo: boolean; version: string }): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>行刑衔接监督平台</title>
<link rel="stylesheet" href="assets/app.css?v=${options.version}">
</head>
<body data-endpoint="../graphql" data-files="../files" data-demo-tokens="${options.demo ? 'demo-tokens' : ''}">
<div id="root"><p class="loading">正在加载…</p></div>
<script src="assets/app.js?v=${options.version}"></script>
</body>
</html>
`;
}

/** Routes under /console: the page, its two assets, and (demo mode) the demo officers' tokens. */
export function consoleRouter(options: ConsoleOptions = {}): express.Router {
  let bundle: Promise<ConsoleBundle & { version: string }> | null = null;
  const built = () =>
    (bundle ??= buildConsole().then(
      (b) => ({ ...b, version: createHash('sha256').update(b['app.js']).update(b['app.css']).digest('hex').slice(0, 12) }),
      (err) => {
        bundle = null; // a failed build is tried again on the next request
        throw err;
      },
    ));
  const router = express.Router();
  router.get('/', async (req, res, next) => {
    // Relative asset URLs need the trailing slash.
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return void res.redirect(302, `${req.baseUrl}/`);
    try {
      const { version } = await built();
      res.set('content-security-policy', CONSOLE_CSP).set('cache-control', 'no-store').type('html').send(consolePage({ demo: Boolean(options.demoTokens), version }));
    } catch (err) {
      next(err);
    }
  });
  router.get('/assets/:file', async (req, res, next) => {
    const file = req.params.file as string;
    if (file !== 'app.js' && file !== 'app.css') return void res.status(404).json({ error: 'no such asset' });
    try {
      const b = await built();
      res
        .set('x-content-type-options', 'nosniff')
        .set('cache-control', 'public, max-age=3600')
        .type(file.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8')
        .send(b[file]);
    } catch (err) {
      next(err);
    }
  });
  router.get('/demo-tokens', async (_req, res) => {
    if (!options.demoTokens) return void res.status(404).json({ error: 'demo tokens are offered in demo mode only' });
    res.set('cache-control', 'no-store').json(await options.demoTokens());
  });
  return router;
}

/** The console's operation manifest (npm run console:codegen writes it). */
export const CONSOLE_MANIFEST_PATH = join(ROOT, 'console/persisted-query-manifest.json');

/**
 * A safelist that also lists the console's operations (npm start): the manifest configured, if any,
 * with the console's operations added; the mode and ad-hoc roles unchanged.
 */
export function withConsoleOperations<T extends { manifest: PersistedQueryManifest | null }>(safelist: T): T {
  const own = loadManifest(CONSOLE_MANIFEST_PATH);
  if (!safelist.manifest) return { ...safelist, manifest: own };
  const ids = new Set(safelist.manifest.operations.map((o) => o.id));
  return { ...safelist, manifest: { ...safelist.manifest, operations: [...safelist.manifest.operations, ...own.operations.filter((o) => !ids.has(o.id))] } };
}

/**
 * npm run console:build: the console as static files in console/dist (index.html, assets/app.js,
 * assets/app.css), for serving from another web server in front of the gateway (the page calls
 * ../graphql and ../files, so mount it at /console/ beside them). The gateway itself needs no build:
 * it bundles the console in memory on first request (gateway/console.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildConsole, consolePage } from '../gateway/console';

const dist = join(import.meta.dirname, 'dist');
const bundle = await buildConsole();
mkdirSync(join(dist, 'assets'), { recursive: true });
const version = createHash('sha256').update(bundle['app.js']).update(bundle['app.css']).digest('hex').slice(0, 12);
writeFileSync(join(dist, 'index.html'), consolePage({ demo: false, version }));
for (const f of ['app.js', 'app.css'] as const) {
  writeFileSync(join(dist, 'assets', f), bundle[f]);
  console.log(`console/dist/assets/${f}  ${bundle[f].length} bytes minified, ${gzipSync(bundle[f]).length} gzip`);
}

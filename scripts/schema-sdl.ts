/**
 * npm run schema:sdl -- [OUT] [--supergraph PATH]
 * Writes the API schema (what GET /schema.graphql serves) from the supergraph file, offline: for
 * code generators. The supergraph is SUPERGRAPH_PATH or schema/supergraph.graphql; OUT defaults to stdout.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { apiSdlOf } from '../gateway/schemaRoute';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { supergraph: { type: 'string' } } });
try {
  if (positionals.length > 1) throw new Error('usage: npm run schema:sdl -- [OUT] [--supergraph PATH]');
  const path = resolve(values.supergraph ?? process.env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql');
  const sdl = apiSdlOf(readFileSync(path, 'utf8'));
  const out = positionals[0];
  if (!out) process.stdout.write(sdl);
  else {
    mkdirSync(dirname(resolve(out)), { recursive: true });
    writeFileSync(out, sdl);
    console.error(`wrote the API schema of ${path} to ${out}`);
  }
} catch (err) {
  console.error(`schema:sdl failed: ${(err as Error).message}`);
  process.exitCode = 1;
}

/**
 * npm run new-subgraph -- NAME [--dir DIR] [--owner AGENCY] [--port N] [--kit SPECIFIER] [--no-migrations]
 *
 * Scaffolds a subgraph from templates/subgraph/: its SDL with a sensitivity class on every field,
 * its own tables and drizzle-kit migrations, per-request loaders with the kit's row filter, the
 * kit's standard policy rules, and `index.ts` (the SubgraphDefinition and `start()`), `start.ts`.
 * Caller-assertion checks, metrics and the database (PGlite or `<NAME>_DATABASE_URL`) come from the
 * kit (`subgraphs/kit/index.ts`, or --kit for a packaged copy). README, "Publish your subgraph".
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { APPEND_ONLY_TRIGGER_SQL } from '../subgraphs/kit/accessLog';
import { SUBGRAPH_NAME } from '../schema/registry';

const USAGE = 'usage: npm run new-subgraph -- NAME [--dir DIR] [--owner AGENCY] [--port N] [--kit SPECIFIER] [--no-migrations]';
const ROOT = resolve(import.meta.dirname, '..');
const TEMPLATE = join(ROOT, 'templates/subgraph');
const KIT = join(ROOT, 'subgraphs/kit');

/** `market_inspections` -> `MarketInspections` / `marketInspections`. */
export const pascalCase = (name: string) => name.replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());
export const camelCase = (name: string) => pascalCase(name).replace(/^./, (c) => c.toLowerCase());

/** An import specifier from `fromDir` to `target`, as relative ESM imports are written. */
function specifier(fromDir: string, target: string): string {
  const rel = relative(fromDir, target).split('\\').join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function templateFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? templateFiles(path, `${prefix}${entry}/`) : [`${prefix}${entry}`];
  });
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      owner: { type: 'string' },
      port: { type: 'string', default: '4010' },
      kit: { type: 'string' },
      'no-migrations': { type: 'boolean', default: false },
    },
  });
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new Error('give the subgraph one NAME');
  if (!SUBGRAPH_NAME.test(name)) throw new Error(`NAME must be lowercase letters, digits and _, starting with a letter, got ${JSON.stringify(name)}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be a port number, got ${JSON.stringify(values.port)}`);
  const dir = resolve(values.dir ?? name);
  if (existsSync(dir) && readdirSync(dir).length) throw new Error(`${dir} exists and is not empty: choose another --dir`);
  const relDir = relative(process.cwd(), dir).split('\\').join('/') || '.';

  const fill = (text: string, fileDir: string) =>
    text
      .replaceAll('__KIT__', values.kit ?? specifier(fileDir, join(KIT, 'index')))
      .replaceAll('__NAME__', name)
      .replaceAll('__UPPER__', name.toUpperCase())
      .replaceAll('__PASCAL__', pascalCase(name))
      .replaceAll('__CAMEL__', camelCase(name))
      .replaceAll('__OWNER__', values.owner ?? 'AGENCY')
      .replaceAll('__PORT__', String(port))
      .replaceAll('__DIR__', relDir);

  for (const file of templateFiles(TEMPLATE)) {
    const target = join(dir, file.replace(/\.tmpl$/, ''));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, fill(readFileSync(join(TEMPLATE, file), 'utf8'), dirname(target)));
    console.log(`  wrote ${relative(process.cwd(), target)}`);
  }

  if (!values['no-migrations']) {
    // drizzle-kit from this repository's install; its config's paths are relative to the working folder.
    const drizzleKit = join(ROOT, 'node_modules/.bin/drizzle-kit');
    const config = join(dir, 'drizzle.config.ts');
    execFileSync(drizzleKit, ['generate', '--config', config, '--name', 'init'], { stdio: 'inherit' });
    execFileSync(drizzleKit, ['generate', '--config', config, '--custom', '--name', 'access_log_append_only'], { stdio: 'inherit' });
    const migrations = join(dir, 'db/migrations');
    const custom = readdirSync(migrations).filter((f) => f.endsWith('_access_log_append_only.sql'));
    if (custom.length !== 1) throw new Error(`expected one access_log_append_only migration in ${migrations}`);
    writeFileSync(join(migrations, custom[0]!), `-- The access log is append-only (kit accessLog).${APPEND_ONLY_TRIGGER_SQL}`);
  }

  console.log(`
subgraph "${name}" created in ${relDir}. Next:
  1. shape schema.graphql, db/schema.ts, loaders.ts and resolvers.ts to your data (a class on every field);
     after a table change: npx drizzle-kit generate --config ${relDir}/drizzle.config.ts
  2. run it:            node --import tsx ${relDir}/start.ts        (PORT=${port})
  3. check it:          npm run schema:check -- --name ${name} --owner ${values.owner ?? 'AGENCY'} --url http://HOST:${port}/graphql
  4. register, publish: the same with --register, then npm run compose (a running gateway reloads it)`);
}

try {
  main();
} catch (err) {
  console.error(`new-subgraph failed: ${(err as Error).message}\n${USAGE}`);
  process.exitCode = 1;
}

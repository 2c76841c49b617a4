/**
 * npm run new-subgraph -- NAME [--dir DIR] [--owner AGENCY] [--port N] [--kit SPECIFIER] [--no-migrations]
 *
 * Scaffolds a subgraph from templates/subgraph/: its SDL with a sensitivity class on every field,
 * its own tables and drizzle-kit migrations, per-request loaders with the kit's row filter, the
 * kit's standard policy rules, and `index.ts` (the SubgraphDefinition and `start()`), `start.ts`.
 * Caller-assertion checks, metrics and the database (PGlite or `<NAME>_DATABASE_URL`) come from the
 * kit (`subgraphs/kit/index.ts`, or --kit for a packaged copy). README, "Publish your subgraph".
 *
 * DIR is relative to the folder npm was run from (INIT_CWD). Outside this repository, where no
 * node_modules of ours is above it, the folder becomes a package of its own (see `ownPackage`).
 * On any failure, whatever it wrote is removed again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
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

/** What the template's files import, beside the kit; `dependencies` or `devDependencies`, at our pinned versions. */
const TEMPLATE_PACKAGES = {
  dependencies: ['dataloader', 'drizzle-orm', 'zod', 'tsx'],
  devDependencies: ['drizzle-kit', 'typescript', '@types/node'],
} as const;

/** The commands its package.json scripts run. */
const TEMPLATE_BINS = ['tsx', 'tsc', 'drizzle-kit'] as const;

/** True for a folder inside this repository (where our package.json and node_modules apply). */
const insideRepository = (dir: string) => {
  const rel = relative(ROOT, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/**
 * A folder outside the repository gets what makes it a package of its own: package.json (`type:
 * module`, its scripts, the template's packages pinned to the versions caselink runs), tsconfig.json,
 * and node_modules/ holding a link to caselink's copy of each of those packages (and of their commands), so that it runs and
 * type-checks here at once without a download (Node follows the links to the same copies the kit
 * uses); `npm install` in the folder replaces the links with its own copies.
 */
function ownPackage(dir: string, name: string): string[] {
  const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  const pinned = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, ours.dependencies?.[n] ?? ours.devDependencies?.[n]]));
  const pkg = {
    name: `${name.replaceAll('_', '-')}-subgraph`,
    private: true,
    type: 'module',
    scripts: { start: 'node --import tsx start.ts', 'db:generate': 'drizzle-kit generate --config drizzle.config.ts', typecheck: 'tsc --noEmit -p .' },
    dependencies: pinned(TEMPLATE_PACKAGES.dependencies),
    devDependencies: pinned(TEMPLATE_PACKAGES.devDependencies),
  };
  const { compilerOptions } = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: unknown };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions, include: ['**/*.ts'], exclude: ['node_modules', 'data'] }, null, 2)}\n`);
  for (const p of [...TEMPLATE_PACKAGES.dependencies, ...TEMPLATE_PACKAGES.devDependencies]) {
    const link = join(dir, 'node_modules', p);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(relative(dirname(link), join(ROOT, 'node_modules', p)), link, 'dir');
  }
  mkdirSync(join(dir, 'node_modules/.bin'));
  for (const bin of TEMPLATE_BINS) symlinkSync(relative(join(dir, 'node_modules/.bin'), join(ROOT, 'node_modules/.bin', bin)), join(dir, 'node_modules/.bin', bin));
  return ['package.json', 'tsconfig.json', 'node_modules/'];
}

/** The highest folder on the way to `dir` that does not exist yet (what removing undoes), or null. */
function firstMissing(dir: string): string | null {
  let missing: string | null = null;
  for (let d = dir; !existsSync(d); d = dirname(d)) missing = d;
  return missing;
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
  const base = process.env.INIT_CWD ?? process.cwd();
  const dir = resolve(base, values.dir ?? name);
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length)) throw new Error(`${dir} exists and is not empty: choose another --dir`);
  const relDir = relative(base, dir).split('\\').join('/') || '.';
  const created = firstMissing(dir);
  try {
    scaffold({ name, dir, relDir, port, kit: values.kit, owner: values.owner, migrations: !values['no-migrations'] });
  } catch (err) {
    // Leave nothing half-written: the folders this run made, or what it put in the empty one it was given.
    if (created) rmSync(created, { recursive: true, force: true });
    else for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    throw new Error(`${(err as Error).message.split('\n')[0]}; removed what was written to ${relDir}`);
  }
}

interface ScaffoldOptions {
  name: string;
  dir: string;
  relDir: string;
  port: number;
  kit: string | undefined;
  owner: string | undefined;
  migrations: boolean;
}

function scaffold({ name, dir, relDir, port, kit, owner, migrations: withMigrations }: ScaffoldOptions): void {
  const outside = !insideRepository(dir);

  const fill = (text: string, fileDir: string) =>
    text
      .replaceAll('__KIT__', kit ?? specifier(fileDir, join(KIT, 'index')))
      .replaceAll('__NAME__', name)
      .replaceAll('__UPPER__', name.toUpperCase())
      .replaceAll('__PASCAL__', pascalCase(name))
      .replaceAll('__CAMEL__', camelCase(name))
      .replaceAll('__OWNER__', owner ?? 'AGENCY')
      .replaceAll('__PORT__', String(port))
      .replaceAll('__DIR__', relDir);

  for (const file of templateFiles(TEMPLATE)) {
    const target = join(dir, file.replace(/\.tmpl$/, ''));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, fill(readFileSync(join(TEMPLATE, file), 'utf8'), dirname(target)));
    console.log(`  wrote ${relDir}/${file.replace(/\.tmpl$/, '')}`);
  }
  if (outside) for (const f of ownPackage(dir, name)) console.log(`  wrote ${relDir}/${f}`);

  if (withMigrations) {
    // drizzle-kit from this repository's install; the config names its paths from its own folder.
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
  2. run it:            ${outside ? `cd ${relDir} && npm start` : `node --import tsx ${relDir}/start.ts`}        (PORT=${port})
  3. check it:          npm run schema:check -- --name ${name} --owner ${owner ?? 'AGENCY'} --url http://HOST:${port}/graphql
  4. register, publish: the same with --register, then npm run compose (a running gateway reloads it)`);
}

try {
  main();
} catch (err) {
  console.error(`new-subgraph failed: ${(err as Error).message}\n${USAGE}`);
  process.exitCode = 1;
}

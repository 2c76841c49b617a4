/**
 * npm run schema:check -- --name NAME (--url URL | --sdl FILE) [--owner AGENCY] [--register]
 * npm run schema:check -- --remove NAME
 * npm run schema:check
 *
 * Checks a candidate subgraph before it joins the graph (schema/check.ts), what removing one would
 * break, or, with no arguments, the registry as it is. Prints the findings in plain words; exits 1
 * on any error, so CI can gate on it. Common options: --registry FILE (default schema/subgraphs.json),
 * --supergraph FILE (the one being served; default SUPERGRAPH_PATH or schema/supergraph.graphql),
 * --allow-breaking (breaking changes become warnings), --json (the report as JSON).
 *
 * With --url the SDL is fetched from the running subgraph (`{ _service { sdl } }`), with a caller
 * assertion signed by the gateway's key (GATEWAY_SIGNING_KEY, or the demo key in DATA_DIR/keys).
 * --register, when the check passes, records the candidate in the registry (and, for a fetched SDL,
 * keeps it in `published/NAME.graphql` beside the registry); `npm run compose` then publishes it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkCandidate, checkRegistry, checkRemoval, formatReport, type CheckReport } from '../schema/check';
import { normalizeSubgraphSdl } from '../schema/compose';
import { fetchSubgraphSdl, gatewayKeyFromEnv } from '../schema/fetchSdl';
import { DEFAULT_REGISTRY, loadRegistry, readRegistry, sdlPathFor, writeRegistry } from '../schema/registry';

const USAGE = `usage:
  npm run schema:check -- --name NAME (--url URL | --sdl FILE [--url URL]) [--owner AGENCY] [--register]
  npm run schema:check -- --remove NAME
  npm run schema:check
options: --registry FILE  --supergraph FILE  --allow-breaking  --json`;

/** Used as the routing URL of a candidate checked from a file with no URL: composition needs one. */
const UNROUTED = 'http://candidate.invalid/graphql';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      url: { type: 'string' },
      sdl: { type: 'string' },
      owner: { type: 'string' },
      remove: { type: 'string' },
      register: { type: 'boolean', default: false },
      registry: { type: 'string', default: DEFAULT_REGISTRY },
      supergraph: { type: 'string', default: process.env.SUPERGRAPH_PATH ?? resolve(import.meta.dirname, '../schema/supergraph.graphql') },
      'allow-breaking': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const registryPath = resolve(values.registry);
  const supergraphPath = resolve(values.supergraph);
  const ctx = {
    registry: loadRegistry(registryPath),
    currentSupergraphSdl: existsSync(supergraphPath) ? readFileSync(supergraphPath, 'utf8') : null,
    allowBreaking: values['allow-breaking'],
  };
  const print = (title: string, report: CheckReport) =>
    console.log(values.json ? JSON.stringify({ ok: report.ok, findings: report.findings }, null, 2) : formatReport(title, report));

  if (values.remove) {
    const report = checkRemoval(values.remove, ctx);
    print(`schema check: removing "${values.remove}" from ${registryPath}`, report);
    return report.ok ? 0 : 1;
  }
  if (!values.name) {
    if (values.url || values.sdl || values.register) throw new Error('--name is required with --url, --sdl or --register');
    const report = checkRegistry(ctx);
    print(`schema check: ${registryPath} against ${supergraphPath}`, report);
    return report.ok ? 0 : 1;
  }

  const name = values.name;
  const registered = ctx.registry.find((s) => s.name === name);
  const owner = values.owner ?? registered?.owner;
  if (!owner) throw new Error(`--owner is required: "${name}" is not registered yet, so the check cannot tell which agency owns it`);
  if (!values.url && !values.sdl) throw new Error('give the candidate\'s SDL: --url URL (fetched from the running subgraph) or --sdl FILE');
  const url = values.url ?? registered?.url ?? UNROUTED;
  const typeDefs = values.sdl
    ? readFileSync(resolve(values.sdl), 'utf8')
    : normalizeSubgraphSdl(await fetchSubgraphSdl(url, name, await gatewayKeyFromEnv()));

  const report = checkCandidate({ name, url, owner, typeDefs }, ctx);
  print(`schema check: "${name}" (owner ${owner}, ${values.sdl ? resolve(values.sdl) : url})`, report);
  if (!report.ok) return 1;
  if (values.register) {
    if (url === UNROUTED) throw new Error(`--register needs --url: the gateway must know where "${name}" is reached`);
    const sdlFile = values.sdl ? resolve(values.sdl) : join(dirname(registryPath), 'published', `${name}.graphql`);
    if (!values.sdl) {
      mkdirSync(dirname(sdlFile), { recursive: true });
      writeFileSync(sdlFile, typeDefs);
    }
    const { comment, entries } = readRegistry(registryPath);
    const entry = { name, url, owner, sdl: sdlPathFor(registryPath, sdlFile) };
    writeRegistry(registryPath, registered ? entries.map((e) => (e.name === name ? entry : e)) : [...entries, entry], comment);
    console.log(`registered "${name}" in ${registryPath} (SDL: ${sdlFile}); run \`npm run compose\` to publish it`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(`schema check failed: ${(err as Error).message}\n${USAGE}`);
    process.exitCode = 2;
  },
);

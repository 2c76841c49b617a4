/**
 * npm run subgraph:remove -- NAME [--force] [--registry FILE] [--out FILE]
 *
 * Unregisters a subgraph: first reports what would break (schema/check.ts checkRemoval: the
 * composition of the rest, and every type, field and enum value clients would lose), and stops
 * there, exit 1, when anything would; `--force` removes it anyway. A rest that does not compose is
 * never forced. On success the registry loses the entry and the supergraph in --out is rewritten
 * in one rename, so a gateway watching it drops the subgraph without a restart.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkRemoval, formatReport } from '../schema/check';
import { DEFAULT_REGISTRY, loadRegistry, readRegistry, writeAtomically, writeRegistry } from '../schema/registry';

const USAGE = 'usage: npm run subgraph:remove -- NAME [--force] [--registry FILE] [--out FILE]';

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      force: { type: 'boolean', default: false },
      registry: { type: 'string', default: DEFAULT_REGISTRY },
      out: { type: 'string', default: resolve(import.meta.dirname, '../schema/supergraph.graphql') },
    },
  });
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new Error('name one subgraph to remove');
  const registryPath = resolve(values.registry);
  const out = resolve(values.out);
  const report = checkRemoval(name, { registry: loadRegistry(registryPath), currentSupergraphSdl: existsSync(out) ? readFileSync(out, 'utf8') : null });
  console.log(formatReport(`removing "${name}" from ${registryPath}`, report));
  if (!report.supergraphSdl) {
    console.error('nothing changed: the remaining subgraphs must compose, --force or not');
    return 1;
  }
  if (!report.ok && !values.force) {
    console.error('nothing changed: removing it would break the above; run again with --force to remove it anyway');
    return 1;
  }
  const { comment, entries } = readRegistry(registryPath);
  writeRegistry(registryPath, entries.filter((e) => e.name !== name), comment);
  writeAtomically(out, report.supergraphSdl + '\n');
  console.log(`removed "${name}" from ${registryPath}${report.ok ? '' : ' (forced)'}; wrote ${out}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`subgraph:remove failed: ${(err as Error).message}\n${USAGE}`);
  process.exitCode = 2;
}

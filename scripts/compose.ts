/**
 * npm run compose [-- --registry FILE] [--out FILE] [--allow-breaking]
 *
 * Rebuilds the supergraph from the registry, after the checks (schema/check.ts): every subgraph's
 * sensitivity classes and ownership, composition, and breaking changes against the supergraph in
 * `--out` (the one being served). Writes only when the checks pass, in one rename, so a gateway
 * watching the file (SUPERGRAPH_PATH) takes the new supergraph whole, or keeps the old one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkRegistry, formatReport } from '../schema/check';
import { DEFAULT_REGISTRY, loadRegistry, writeAtomically } from '../schema/registry';

const USAGE = 'usage: npm run compose [-- --registry FILE] [--out FILE] [--allow-breaking]';

function main(): number {
  const { values } = parseArgs({
    options: {
      registry: { type: 'string', default: DEFAULT_REGISTRY },
      out: { type: 'string', default: resolve(import.meta.dirname, '../schema/supergraph.graphql') },
      'allow-breaking': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const out = resolve(values.out);
  const current = existsSync(out) ? readFileSync(out, 'utf8') : null;
  const report = checkRegistry({ registry: loadRegistry(resolve(values.registry)), currentSupergraphSdl: current, allowBreaking: values['allow-breaking'] });
  console.log(formatReport(`compose: ${resolve(values.registry)} -> ${out}`, report));
  if (!report.ok || !report.supergraphSdl) {
    console.error(`supergraph not written: ${out} is unchanged`);
    return 1;
  }
  const text = report.supergraphSdl + '\n';
  if (text === current) {
    console.log(`${out} is up to date`);
    return 0;
  }
  writeAtomically(out, text);
  console.log(`wrote ${out}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`compose failed: ${(err as Error).message}\n${USAGE}`);
  process.exitCode = 1;
}

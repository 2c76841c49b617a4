/** npm run compose: rebuilds schema/supergraph.graphql from the registry. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeSupergraph } from '../schema/compose';
import { loadRegistry } from '../schema/registry';

const out = resolve(import.meta.dirname, '../schema/supergraph.graphql');
const result = composeSupergraph(loadRegistry());
if (!result.ok) {
  console.error(`composition failed:\n${result.errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}
writeFileSync(out, result.supergraphSdl + '\n');
console.log(`wrote ${out}`);

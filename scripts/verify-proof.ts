/**
 * npm run verify-proof -- PROOF.json [--key PUBLIC.jwk.json]
 *
 * Checks a case's proof of inclusion offline (no database): the checkpoint's signature with the
 * public key you trust (--key; without it, the key the proof carries, which proves only integrity),
 * the leaf's Merkle path to the signed root, the events' hash chain up to the checkpointed head, and
 * the case's record against the checkpointed digest. Exit 0: the proof holds; 1: it does not.
 */
import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { verifyInclusionProof, type InclusionProof } from '../subgraphs/cases/timeline/proof';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const k = args.indexOf('--key');
  const keyFile = k >= 0 ? args[k + 1] : undefined;
  const file = args.find((a, i) => !a.startsWith('--') && (k < 0 || i !== k + 1));
  if (!file) throw new Error('usage: npm run verify-proof -- PROOF.json [--key PUBLIC.jwk.json]');
  const proof = JSON.parse(readFileSync(file, 'utf8')) as InclusionProof;
  const trusted = keyFile ? (JSON.parse(readFileSync(keyFile, 'utf8')) as JWK) : null;
  try {
    const r = await verifyInclusionProof(proof, trusted);
    console.log(
      `OK ${r.number} (case ${r.caseId}): ${r.events} event(s)${r.record ? ' and its record are' : ' are'} in ${proof.checkpoint.payload.subgraph} checkpoint ${r.seq} of ${r.at} (root ${r.root}), ` +
        (trusted ? `signed by key ${r.kid ?? trusted.x}` : 'signed by the key the proof carries (pass --key to check it against a key you hold)'),
    );
    return 0;
  } catch (err) {
    console.log(`FAILED: ${err instanceof Error ? err.message : err}`);
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`verify-proof failed: ${err instanceof Error ? err.message : err}`);
    process.exit(2);
  },
);

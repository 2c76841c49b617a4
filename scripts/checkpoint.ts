/**
 * npm run checkpoint [-- --subgraph <name>]          sign a checkpoint of each subgraph's chains now
 * npm run checkpoint -- proof --case <id> [--out F]   a case's proof of inclusion in the latest checkpoint
 *
 * Checkpoints go to CHECKPOINT_DIR/<name> (default DATA_DIR/checkpoints/<name>), one file per
 * checkpoint, never overwritten, each naming the one before it; with CHECKPOINT_PUBLISH_URL set, each
 * is also POSTed there (a second store). The key is `<NAME>_CHECKPOINT_KEY` (PKCS#8 PEM or private JWK),
 * else a demo key in DATA_DIR/keys. Databases are found as audit:verify finds them. A running
 * subgraph takes its own checkpoints (periodically, on demand, on stop); this is for a stopped one,
 * PostgreSQL deployments, and proofs. Verify a proof offline with `npm run verify-proof`.
 */
import { writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { accessLogLeaves } from '../subgraphs/kit/accessLogAudit';
import { checkpointDir, loadCheckpointKey, takeCheckpoint } from '../subgraphs/kit/checkpoint';
import { tables } from '../subgraphs/cases/db/schema';
import { openDatabaseForAudit } from '../subgraphs/cases/timeline/audit';
import { CASES_CHAIN_SOURCES } from '../subgraphs/cases/timeline/leaves';
import { buildInclusionProof } from '../subgraphs/cases/timeline/proof';
import { DOSSIERS_CHAIN_SOURCES } from '../subgraphs/dossiers/chain/audit';

const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

async function main(): Promise<number> {
  const env = process.env;
  const dataDir = env.DATA_DIR ?? './data';
  if (process.argv[2] === 'proof') {
    const caseId = argValue('--case');
    if (!caseId) throw new Error('usage: npm run checkpoint -- proof --case <id> [--out FILE] [--checkpoint SEQ]');
    const { db, close } = await openDatabaseForAudit('cases', tables, env);
    try {
      const seq = argValue('--checkpoint');
      const proof = await buildInclusionProof(db, caseId, checkpointDir('cases', env), seq ? Number(seq) : undefined);
      const text = JSON.stringify(proof, null, 2) + '\n';
      const out = argValue('--out');
      if (out) {
        writeFileSync(out, text);
        console.log(`${out}: case ${proof.record?.number ?? caseId}, ${proof.events.length} events, checkpoint ${proof.checkpoint.payload.seq} (root ${proof.checkpoint.payload.root})`);
      } else process.stdout.write(text);
      return 0;
    } finally {
      await close();
    }
  }
  const only = argValue('--subgraph');
  for (const name of ['cases', 'agencies', 'dossiers']) {
    if (only ? only !== name : name !== 'cases' && !env[`${name.toUpperCase()}_DATABASE_URL`] && !env.DATABASE_URL && !existsSync(join(dataDir, name))) continue;
    const { db, where, close } = await openDatabaseForAudit(name, name === 'cases' ? tables : {}, env);
    try {
      const taken = await takeCheckpoint({
        name,
        db,
        key: await loadCheckpointKey(name, env, dataDir),
        dir: checkpointDir(name, env),
        sources: name === 'cases' ? CASES_CHAIN_SOURCES : name === 'dossiers' ? DOSSIERS_CHAIN_SOURCES : [accessLogLeaves],
        publishUrl: env.CHECKPOINT_PUBLISH_URL ?? null,
      });
      if (!taken) console.log(`${name} (${where}): unchanged since the latest checkpoint`);
      else {
        const p = taken.checkpoint.payload;
        console.log(`${name} (${where}): checkpoint ${p.seq} ${taken.file}: ${p.size} chains, root ${p.root}${p.anomalies.length ? `, ${p.anomalies.length} ANOMALIES against the previous one` : ''}`);
        for (const a of p.anomalies) console.log(`ANOMALY ${a}`);
      }
    } finally {
      await close();
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`checkpoint failed: ${err instanceof Error ? err.message : err}`);
    process.exit(2);
  },
);

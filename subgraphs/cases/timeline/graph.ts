import { checkpointDir, listCheckpoints, readCheckpoint } from '../../kit/checkpoint';
import type { Database } from '../../kit/db';
import type { CasesTables } from '../db/schema';
import { buildInclusionProof } from './proof';

/**
 * The latest checkpoint as the graph serves it (Query.auditCheckpoint) and a case's proof against it
 * (Case.inclusionProof). The directory is where the running subgraph writes them: CHECKPOINT_DIR/cases,
 * else DATA_DIR/checkpoints/cases, read when the module loads (like the subgraph's other
 * configuration); a process that passes the subgraph another directory says so with
 * `setCheckpointsDir` (as sealKeys.ts does for the dossiers' keys).
 */
let DIR = checkpointDir('cases');
export const setCheckpointsDir = (dir: string | null) => void (DIR = dir ?? checkpointDir('cases'));

export function latestCheckpoint(dir = DIR) {
  const files = listCheckpoints(dir);
  if (!files.length) return null;
  const { payload, jws } = readCheckpoint(files[files.length - 1]!.file);
  return { subgraph: payload.subgraph, seq: payload.seq, at: payload.at, size: payload.size, root: payload.root, prev: payload.prev, anomalies: payload.anomalies, jws };
}

/**
 * Case.inclusionProof: the case's events and their Merkle path to the latest checkpoint, as JSON for
 * `npm run verify-proof`; without the opening record (its parties are C2/C3), whose digest the leaf
 * still binds. Null before the first checkpoint or for a case opened after it. Reads the checkpoint's
 * leaves file: a download, not a field for lists.
 */
export async function inclusionProofJson(db: Database<CasesTables>, caseId: string, dir = DIR): Promise<string | null> {
  const files = listCheckpoints(dir);
  if (!files.length) return null;
  try {
    return JSON.stringify(await buildInclusionProof(db, caseId, dir, undefined, { withRecord: false }));
  } catch (err) {
    if (err instanceof Error && /is not in checkpoint/.test(err.message)) return null;
    throw err;
  }
}

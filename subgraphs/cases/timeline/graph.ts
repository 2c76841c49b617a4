import { checkpointDir, listCheckpoints, readCheckpoint } from '../../kit/checkpoint';

/**
 * The latest checkpoint as the graph serves it (Query.auditCheckpoint). The directory is where the
 * running subgraph writes them: CHECKPOINT_DIR/cases, else DATA_DIR/checkpoints/cases, read when the
 * module loads (like the subgraph's other configuration).
 */
const DIR = checkpointDir('cases');

export function latestCheckpoint(dir = DIR) {
  const files = listCheckpoints(dir);
  if (!files.length) return null;
  const { payload, jws } = readCheckpoint(files[files.length - 1]!.file);
  return { subgraph: payload.subgraph, seq: payload.seq, at: payload.at, size: payload.size, root: payload.root, prev: payload.prev, anomalies: payload.anomalies, jws };
}

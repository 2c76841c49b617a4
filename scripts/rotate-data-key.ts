/**
 * Rotates the cases subgraph's data key (docs/decisions.md "Personal data encrypted at rest"):
 * makes a new key version, then re-encrypts every personal-data value in batches (FOR UPDATE SKIP
 * LOCKED: safe beside running replicas and beside another copy of this command). Readers and
 * writers continue meanwhile; rows not yet moved stay readable under their old version.
 *
 *   npm run keys:rotate [-- --batch 200] [-- --resume]
 *
 * `--resume` makes no new key: it finishes an interrupted rotation. With PostgreSQL it runs while
 * the graph serves; a PGlite directory is one process's at a time, so stop `npm start` first.
 */
import { parseArgs } from 'node:util';
import { tables } from '../subgraphs/cases/db/schema';
import { openDatabaseForAudit } from '../subgraphs/cases/timeline/audit';
import { keyVersionUsage, reencryptAll, rotateDataKey } from '../subgraphs/cases/personalData';
import { systemClock } from '../subgraphs/kit/clock';

const { values } = parseArgs({ options: { batch: { type: 'string', default: '200' }, resume: { type: 'boolean', default: false } } });
const batchSize = Number(values.batch);
if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`--batch must be a positive integer, got ${values.batch}`);

const { db, where, close } = await openDatabaseForAudit('cases', tables);
try {
  let moved = 0;
  const onBatch = (table: string, n: number) => void process.stderr.write(`\r${table}: ${(moved += n)} row(s) re-encrypted`);
  if (values.resume) await reencryptAll(db as never, { batchSize, onBatch });
  else {
    const { version } = await rotateDataKey(db as never, systemClock.now(), { batchSize, onBatch });
    process.stderr.write(`\n`);
    console.log(`keys:rotate: ${where}: data key version ${version} is current`);
  }
  console.log(`keys:rotate: ${moved} row(s) re-encrypted; values per key version: ${JSON.stringify(await keyVersionUsage(db as never))}`);
} finally {
  await close();
}

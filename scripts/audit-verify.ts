/**
 * npm run audit:verify [-- --case <id>] [--subgraph <name>] [--json]
 *
 * Checks the record of every subgraph it finds, read-only, and names each thing that was changed:
 * - cases: every timeline's hash chain (the first broken event of each), the case row, penalties
 *   and clocks against what the timeline says, every warning's chain, row and notices;
 * - dossiers: every dossier's chain (versions with their documents' hashes, seals, handovers and
 *   acknowledgements) against its records, records outside it, and its rows against it;
 * - every subgraph (cases, agencies, dossiers, an agency's own): the access log's hash chains;
 * - against the latest signed checkpoint (DATA_DIR/checkpoints/<name>, or CHECKPOINT_DIR/<name>):
 *   chains gone, shorter, or rewritten under a checkpointed head; a case's record changed.
 * Exit code 0: nothing found; 1: something found; 2: the check could not run. Databases are found
 * as the subgraphs find them: <NAME>_DATABASE_URL, DATABASE_URL (its `<db>_<name>` database), or the
 * PGlite directory DATA_DIR/<name>; subgraphs other than cases only where configured. Progress goes
 * to stderr every 10,000 cases.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { auditAccessLogDatabase, auditCasesDatabase, formatBreak, openDatabaseForAudit } from '../subgraphs/cases/timeline/audit';
import { tables } from '../subgraphs/cases/db/schema';
import { checkpointDir, trustedCheckpointKey, verifyCheckpointDirectory } from '../subgraphs/kit/checkpoint';
import { auditDossiers, type DossiersAudit } from '../subgraphs/dossiers/chain/audit';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const OTHERS = ['agencies', 'dossiers'];
const configured = (name: string, env: NodeJS.ProcessEnv) =>
  !!env[`${name.toUpperCase()}_DATABASE_URL`] || !!env.DATABASE_URL || (!!env.DATA_DIR && existsSync(join(env.DATA_DIR, name)));

async function main(): Promise<number> {
  const env = process.env;
  const json = process.argv.includes('--json');
  const caseId = argValue('--case');
  const only = argValue('--subgraph');
  const started = Date.now();
  const lines: string[] = [];
  const notes: string[] = [];
  const results: Record<string, unknown> = {};
  let found = 0;
  const progress = (what: string, done: number) =>
    process.stderr.write(`audit:verify: ${done} ${what} checked (${((Date.now() - started) / 1000).toFixed(0)} s, ${Math.round(process.memoryUsage().rss / 1048576)} MB)\n`);

  async function checkpointOf(name: string) {
    const dir = checkpointDir(name, env);
    const verified = await verifyCheckpointDirectory(name, dir, trustedCheckpointKey(name, env));
    lines.push(...verified.problems);
    notes.push(...verified.notes);
    found += verified.problems.length;
    return verified.latest;
  }

  if (!only || only === 'cases') {
    const { db, where, close } = await openDatabaseForAudit('cases', tables, env);
    try {
      const checkpoint = caseId ? null : await checkpointOf('cases');
      const report = await auditCasesDatabase(db, { caseIds: caseId ? [caseId] : undefined, checkpoint, onProgress: progress });
      if (caseId && report.checked === 0) throw new Error(`no case ${caseId} in ${where}`);
      found += report.broken.length + report.problems.length;
      lines.push(...report.broken.map(formatBreak), ...report.problems);
      results.cases = { database: where, ...report };
      const summary = `${where}: checked ${report.checked} timeline(s), ${report.checked - report.broken.length} intact, ${report.broken.length} broken`;
      notes.unshift(summary);
      if (!caseId) {
        const a = report.accessLog;
        notes.push(
          `cases: ${report.warnings} warning(s); access log ${a?.chained ? `${a.entries} entries in ${a.stripes} chains${a.unchainedBefore ? `, ${a.unchainedBefore} older row(s) unchained` : ''}` : 'not chained'}; ` +
            `${report.problems.length} other finding(s)${report.checkpoint ? `; compared with checkpoint ${report.checkpoint.seq} of ${report.checkpoint.at}` : ''}`,
        );
      }
    } finally {
      await close();
    }
  }
  if (!caseId) {
    for (const name of OTHERS) {
      if (only ? only !== name : !configured(name, env)) continue;
      const { db, where, close } = await openDatabaseForAudit(name, {}, env);
      try {
        const checkpoint = await checkpointOf(name);
        const dossiers: DossiersAudit | null = name === 'dossiers' ? await auditDossiers(db, { checkpoint, onProgress: progress }) : null;
        const access = await auditAccessLogDatabase(db, name, checkpoint);
        const { accessLog } = access;
        const problems = [...(dossiers?.problems ?? []), ...access.problems];
        found += problems.length;
        lines.push(...problems);
        results[name] = { database: where, ...(dossiers ? { dossiers: { checked: dossiers.checked, entries: dossiers.entries } } : {}), accessLog, problems };
        notes.push(
          `${where}: ${dossiers ? `${dossiers.checked} dossier chain(s), ${dossiers.entries} entries; ` : ''}${name} access log ${accessLog.chained ? `${accessLog.entries} entries in ${accessLog.stripes} chains, ${problems.length} finding(s)` : 'not chained (its migrations predate the chain): not verifiable'}${checkpoint ? `; compared with checkpoint ${checkpoint.payload.seq}` : ''}`,
        );
      } finally {
        await close();
      }
    }
  }
  if (json) {
    const cases = results.cases as Record<string, unknown> | undefined;
    console.log(JSON.stringify({ ...(cases ?? {}), subgraphs: results, findings: lines }, null, 2));
  } else {
    for (const l of lines) console.log(l);
    for (const n of notes) console.log(n);
    console.log(`audit:verify: ${found} finding(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return found ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    // A database older than this code (a column the audit reads is missing) is told so; drizzle's
    // "Failed query" message would print the whole statement with its hundreds of parameters.
    const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
    const reason =
      cause?.code === '42703' || cause?.code === '42P01'
        ? `${cause.message}: the database is older than this code; start its subgraph once (it migrates at start), then run audit:verify again`
        : cause?.message ?? (err instanceof Error ? err.message : String(err));
    console.error(`audit:verify failed: ${reason.length > 500 ? `${reason.slice(0, 500)}…` : reason}`);
    process.exit(2);
  },
);

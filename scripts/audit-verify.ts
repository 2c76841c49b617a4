/**
 * npm run audit:verify [-- --case <id>] [--json]
 *
 * Checks the hash chain of every case timeline in the cases database (or of one case) and names
 * the first broken event of each broken chain. Exit code 0: every chain intact; 1: at least one
 * broken; 2: the check could not run. The database is found like the cases subgraph finds it:
 * CASES_DATABASE_URL, DATABASE_URL (its `<db>_cases` database), or the PGlite directory DATA_DIR/cases.
 */
import { auditTimelines, formatBreak, openCasesDatabaseForAudit } from '../subgraphs/cases/timeline/audit';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const json = process.argv.includes('--json');
  const caseId = argValue('--case');
  const { db, where, close } = await openCasesDatabaseForAudit();
  try {
    const report = await auditTimelines(db, caseId ? [caseId] : undefined);
    if (caseId && report.checked === 0) throw new Error(`no case ${caseId} in ${where}`);
    if (json) console.log(JSON.stringify({ database: where, ...report }, null, 2));
    else {
      for (const r of report.broken) console.log(formatBreak(r));
      console.log(`${where}: checked ${report.checked} timeline(s), ${report.checked - report.broken.length} intact, ${report.broken.length} broken`);
    }
    return report.broken.length ? 1 : 0;
  } finally {
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`audit:verify failed: ${err instanceof Error ? err.message : err}`);
    process.exit(2);
  },
);

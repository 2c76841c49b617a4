/**
 * npm run penalties:import -- FILE [--url URL] [--token TOKEN] [--format csv|json] [--all-or-nothing]
 * Sends a file of penalty decisions to the gateway's importPenalties (decision 94), as the caller
 * whose token is given (`--token`, else CASELINK_TOKEN; `npm run token -- --officer …` makes a demo
 * one), and prints the report: one line per row that was not accepted, then the totals and the cases
 * proposed. Exits 1 when a row was refused or the request failed. The gateway is GATEWAY_URL, else
 * http://127.0.0.1:4000/graphql.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const IMPORT = /* GraphQL */ `
  mutation ImportPenalties($format: PenaltyImportFormat!, $text: String!, $allOrNothing: Boolean) {
    importPenalties(format: $format, text: $text, allOrNothing: $allOrNothing) {
      received accepted duplicates refused written
      rows { row decisionNumber outcome field code reason }
      proposedCases { id number }
    }
  }
`;

export interface ImportOptions {
  file: string;
  url: string;
  token: string;
  format?: 'CSV' | 'JSON';
  allOrNothing?: boolean;
}

/** Runs one import; returns the lines to print and the exit code. */
export async function runImport(o: ImportOptions): Promise<{ lines: string[]; code: number }> {
  const text = await readFile(o.file, 'utf8');
  const format = o.format ?? (extname(o.file).toLowerCase() === '.json' ? 'JSON' : 'CSV');
  const res = await fetch(o.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${o.token}` },
    body: JSON.stringify({ query: IMPORT, variables: { format, text, allOrNothing: !!o.allOrNothing } }),
  }).catch((err: Error & { cause?: { code?: string } }) => {
    throw new Error(`cannot reach the gateway at ${o.url} (${err.cause?.code ?? err.message}): is it running? --url or GATEWAY_URL names another`);
  });
  const body = (await res.json().catch(() => null)) as { data?: { importPenalties?: any }; errors?: { message: string; extensions?: { code?: string; field?: string } }[] } | null;
  const report = body?.data?.importPenalties;
  if (!report) {
    const e = body?.errors?.[0];
    return { lines: [`import failed (HTTP ${res.status}): ${e ? `${e.extensions?.code ?? 'ERROR'} ${e.extensions?.field ? `${e.extensions.field}: ` : ''}${e.message}` : 'no report'}`], code: 1 };
  }
  const lines = report.rows
    .filter((r: any) => r.outcome !== 'ACCEPTED')
    .map((r: any) => `row ${r.row}${r.decisionNumber ? ` (${r.decisionNumber})` : ''}: ${r.outcome}${r.code ? ` ${r.code}` : ''}${r.field ? ` ${r.field}` : ''}${r.reason ? `: ${r.reason}` : ''}`);
  lines.push(`${report.received} rows: ${report.accepted} accepted, ${report.duplicates} duplicates, ${report.refused} refused${report.written ? '' : ' (nothing written)'}`);
  for (const c of report.proposedCases) lines.push(`proposed case ${c.number} (${c.id})`);
  return { lines, code: report.refused ? 1 : 0 };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string' }, token: { type: 'string' }, format: { type: 'string' }, 'all-or-nothing': { type: 'boolean', default: false } },
  });
  const file = positionals[0];
  if (!file) throw new Error('usage: npm run penalties:import -- FILE [--url URL] [--token TOKEN] [--format csv|json] [--all-or-nothing]');
  const token = values.token ?? process.env.CASELINK_TOKEN;
  if (!token) throw new Error('give a caller token with --token or CASELINK_TOKEN (npm run token -- --officer LOGIN)');
  const format = values.format?.toUpperCase();
  if (format && format !== 'CSV' && format !== 'JSON') throw new Error(`--format must be csv or json, got ${JSON.stringify(values.format)}`);
  const { lines, code } = await runImport({ file, url: values.url ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql', token, format: format as 'CSV' | 'JSON' | undefined, allOrNothing: values['all-or-nothing'] });
  for (const l of lines) console.log(l);
  process.exitCode = code;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

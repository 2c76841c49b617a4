import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The README's walk-through, run exactly as printed: its ```sh blocks, in order, in one bash, against
 * `npm start` (its command, on free ports and a fresh data folder, on the embedded database it uses by default).
 */
const ROOT = resolve(import.meta.dirname, '..');
const SECTION = '## Walk-through: one case from draft to filing';

export function walkthroughBlocks(readme: string): string[] {
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no section "${SECTION}"`);
  const rest = readme.slice(start + SECTION.length);
  const section = rest.slice(0, rest.search(/\n## /) < 0 ? undefined : rest.search(/\n## /));
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** The JSON values in a command's output (jq's pretty or compact), in order; other lines are skipped. */
export function jsonValues(text: string): any[] {
  const values: any[] = [];
  let depth = 0;
  let from = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (depth > 0 && c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth++ === 0) from = i;
    } else if ((c === '}' || c === ']') && depth > 0 && --depth === 0) values.push(JSON.parse(text.slice(from, i + 1)));
  }
  return values;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const MARK = '@@walkthrough-block';

describe('the README walk-through, as printed, against npm start', () => {
  let dataDir: string;
  let child: ChildProcess;
  let gw: string;
  let out: string[] = [];
  let vars: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'caselink-walk-'));
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL; // npm start's default: embedded databases under DATA_DIR
    child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    child.stderr!.on('data', (d: Buffer) => void (log += d));
    gw = await new Promise<string>((ok, fail) => {
      let stdout = '';
      child.stdout!.on('data', (d: Buffer) => {
        stdout += d;
        const m = /gateway\s+(http:\/\/\S+)\/graphql/.exec(stdout);
        if (m) ok(m[1]!);
      });
      child.once('exit', (code) => fail(new Error(`npm start exited (${code}): ${log.slice(-2000)}`)));
    });

    const blocks = walkthroughBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    const script = [
      'set -eo pipefail',
      ...blocks.flatMap((b, i) => [`echo '${MARK} ${i}'`, b]),
      `echo '${MARK} vars'`,
      'jq -n --arg id "$ID" --arg dossier "$DOSSIER" --arg handover "$HANDOVER" --arg walk "$WALK" \'$ARGS.named\'',
    ].join('\n');
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { cwd: ROOT, env: { ...env, GW: gw }, maxBuffer: 16 * 1024 * 1024 });
    const parts = stdout.split(new RegExp(`^${MARK} `, 'm')).slice(1);
    out = parts.filter((p) => !p.startsWith('vars')).map((p) => p.slice(p.indexOf('\n') + 1));
    vars = jsonValues(parts.find((p) => p.startsWith('vars'))!)[0];
    rmSync(vars.walk!, { recursive: true, force: true });
  }, 300_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('finds the setup and nine steps in the README, and every request succeeds', () => {
    expect(out).toHaveLength(10);
    for (const [i, text] of out.entries()) {
      for (const v of jsonValues(text)) expect(v.errors, `block ${i}: ${JSON.stringify(v.errors)}`).toBeUndefined();
    }
    expect(vars.id).toMatch(UUID);
    expect(vars.dossier).toMatch(UUID);
    expect(vars.handover).toMatch(UUID);
  });

  it('1: opens the case and its dossier', () => {
    expect(out[1]).toBe(`case ${vars.id}, dossier ${vars.dossier}\n`);
  });

  it('2-3: submits with the uploaded report\'s hash, and approves', () => {
    const [submitted] = jsonValues(out[2]!);
    expect(submitted.data.submitForApproval.event).toMatchObject({ seq: 2, action: 'submitForApproval', toStage: 'PENDING_APPROVAL' });
    const [doc] = submitted.data.submitForApproval.event.documents;
    expect(doc.kind).toBe('TRANSFER_REPORT');
    expect(doc.sha256).toMatch(HEX64);
    expect(jsonValues(out[3]!)[0].data.approveTransfer.case.stage).toBe('APPROVED');
  });

  it('4: uploads the four materials, seals and transfers with the seal', () => {
    const values = jsonValues(out[4]!);
    expect(values.slice(0, 4).map((v) => v.kind)).toEqual(['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT']);
    expect(values[4].data.dossier).toEqual({ version: 6, missingMaterials: [] });
    const transfer = values[5].data.transferCase;
    expect(transfer.case).toEqual({ stage: 'TRANSFERRED', receivingAgency: { name: '杭州市公安局西湖区分局' } });
    expect(transfer.event.sealSha256).toMatch(HEX64);
    expect(transfer.event.documents.map((d: any) => d.kind).sort()).toEqual(['INSPECTION_REPORT', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'TRANSFER_LETTER', 'TRANSFER_REPORT']);
    // The sealed hashes are those of the uploaded bytes.
    for (const v of values.slice(0, 4)) expect(transfer.event.documents).toContainEqual({ kind: v.kind, sha256: v.sha256 });
  });

  it('5: the police read the dossier through the case, and acknowledge the handover with a receipt', () => {
    const [read, listed, acked] = jsonValues(out[5]!);
    expect(read.data.case.dossier.id).toBe(vars.dossier);
    expect(read.data.case.dossier.documents).toHaveLength(5);
    expect(listed.data.incomingHandovers.nodes.map((h: any) => h.id)).toContain(vars.handover);
    expect(acked.data.acknowledgeHandover.receipt.split('.')).toHaveLength(3);
  });

  it('6-8: receipt, filing with the police\'s notice, goods handed over', () => {
    expect(jsonValues(out[6]!)[0].data.acknowledgeReceipt.case.stage).toBe('RECEIVED');
    expect(jsonValues(out[7]!)[0].data.fileCase.case).toEqual({ stage: 'FILED', status: 'FILED' });
    expect(jsonValues(out[8]!)[0].data.handOverGoods.case.stage).toBe('GOODS_HANDED_OVER');
  });

  it('9: the history holds every step, and its chain verifies', () => {
    const { data } = jsonValues(out[9]!)[0];
    expect(data.case.timeline.map((e: any) => e.action)).toEqual(['createCase', 'submitForApproval', 'approveTransfer', 'transferCase', 'acknowledgeReceipt', 'fileCase', 'handOverGoods']);
    expect(data.verifyTimeline).toEqual({ ok: true, events: 7, brokenAt: null });
  });
});

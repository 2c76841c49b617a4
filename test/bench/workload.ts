/**
 * The officers' workload shared by the load run (load.ts) and the fault run (faults.ts): teams of
 * demo officers (an administrative agency's two case officers and its head, the police unit of its
 * division and that unit's head) who read lists and cases and walk new cases through the transfer
 * workflow with real dossiers (open, upload the four materials, seal, submit, approve, transfer with
 * the seal, receipt, filing). Every write carries an idempotency key and is retried with the same key
 * after an error that leaves its outcome unknown, as a careful client would; every write acknowledged
 * to a client goes into a ledger, which `verifyLedger` checks against the databases at the end.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { agencies, agencyId, officers, type DemoOfficer } from '../../demo/province';
import { mintToken } from '../../demo/tokens';
import type { IssuerKey } from '../../gateway/keys';
import { makeCreditCode, makeResidentId } from '../../subgraphs/kit/identifiers';

// ---------------------------------------------------------------- measuring

export class Stats {
  readonly latencies = new Map<string, number[]>();
  readonly outcomes = new Map<string, number>();
  readonly started = Date.now();
  ended = 0;
  /** Requests that got no answer within the client timeout. */
  hangs = 0;
  record(op: string, ms: number, outcome: string): void {
    (this.latencies.get(op) ?? this.latencies.set(op, []).get(op)!).push(ms);
    this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
  }
  get total(): number {
    return [...this.latencies.values()].reduce((n, l) => n + l.length, 0);
  }
  summary(): { seconds: number; requests: number; perSecond: number; all: Percentiles; byOp: Record<string, Percentiles & { n: number }>; outcomes: Record<string, number> } {
    const seconds = ((this.ended || Date.now()) - this.started) / 1000;
    const all = [...this.latencies.values()].flat();
    return {
      seconds,
      requests: all.length,
      perSecond: all.length / seconds,
      all: percentiles(all),
      byOp: Object.fromEntries([...this.latencies].sort(([a], [b]) => a.localeCompare(b)).map(([op, l]) => [op, { n: l.length, ...percentiles(l) }])),
      outcomes: Object.fromEntries([...this.outcomes].sort(([, a], [, b]) => b - a)),
    };
  }
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : 0);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s.at(-1) ?? 0 };
}

export function printSummary(stats: Stats, out: (line: string) => void = console.log): void {
  const s = stats.summary();
  const f = (p: Percentiles) => `p50 ${p.p50.toFixed(0)} ms, p90 ${p.p90.toFixed(0)} ms, p99 ${p.p99.toFixed(0)} ms, max ${p.max.toFixed(0)} ms`;
  out(`requests: ${s.requests} in ${s.seconds.toFixed(1)} s = ${s.perSecond.toFixed(1)}/s; latency ${f(s.all)}`);
  for (const [op, p] of Object.entries(s.byOp)) out(`  ${op.padEnd(22)} ${String(p.n).padStart(6)}  ${f(p)}`);
  out(`outcomes: ${Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (stats.hangs) out(`HANGS (no answer within the client timeout): ${stats.hangs}`);
}

// ---------------------------------------------------------------- the client

export interface Answer {
  ok: boolean;
  data?: any;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
  /** 'ok', an error code, 'HTTP <status>', 'NETWORK' or 'TIMEOUT'. */
  outcome: string;
  status: number;
}

export interface Client {
  gatewayUrl: string;
  stats: Stats;
  /** A request without an answer after this long counts as a hang. @default 20000 */
  timeoutMs: number;
}

export async function gql(client: Client, op: string, token: string, query: string, variables: Record<string, unknown> = {}, purpose = 'CASE_HANDLING'): Promise<Answer> {
  const t0 = performance.now();
  let answer: Answer;
  try {
    const res = await fetch(client.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-access-purpose': purpose },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(client.timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as Pick<Answer, 'data' | 'errors'>;
    const code = body.errors?.[0]?.extensions?.code;
    answer = { ...body, ok: res.ok && !body.errors?.length, status: res.status, outcome: code ?? (res.ok ? 'ok' : `HTTP ${res.status}`) };
  } catch (err) {
    const timeout = (err as Error).name === 'TimeoutError';
    if (timeout) client.stats.hangs++;
    answer = { ok: false, status: 0, outcome: timeout ? 'TIMEOUT' : 'NETWORK' };
  }
  client.stats.record(op, performance.now() - t0, answer.outcome);
  return answer;
}

async function uploadFile(client: Client, token: string, dossierId: string, kind: string, content: string): Promise<Answer & { document?: { id: string; sha256: string } }> {
  const t0 = performance.now();
  let answer: Answer & { document?: { id: string; sha256: string } };
  try {
    const url = new URL(`/files/dossiers/dossiers/${encodeURIComponent(dossierId)}/documents`, client.gatewayUrl);
    url.searchParams.set('kind', kind);
    url.searchParams.set('title', `${kind} ${dossierId}`);
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain; charset=utf-8', 'x-access-purpose': 'CASE_HANDLING' },
      body: content,
      signal: AbortSignal.timeout(client.timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as any;
    const code = body.errors?.[0]?.extensions?.code;
    answer = { ok: res.status === 201, status: res.status, errors: body.errors, document: body.document, outcome: code ?? (res.status === 201 ? 'ok' : `HTTP ${res.status}`) };
  } catch (err) {
    const timeout = (err as Error).name === 'TimeoutError';
    if (timeout) client.stats.hangs++;
    answer = { ok: false, status: 0, outcome: timeout ? 'TIMEOUT' : 'NETWORK' };
  }
  client.stats.record('upload', performance.now() - t0, answer.outcome);
  return answer;
}

/** Errors after which a write may or may not have happened: retry it with the same key. */
const UNKNOWN_OUTCOME = new Set(['NETWORK', 'TIMEOUT', 'SUBGRAPH_UNAVAILABLE', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'HTTP 502', 'HTTP 503', 'HTTP 500']);

// ---------------------------------------------------------------- teams

export interface Team {
  agencyId: string;
  policeAgencyId: string;
  officer: DemoOfficer;
  officer2: DemoOfficer;
  head: DemoOfficer;
  police: DemoOfficer;
  policeHead: DemoOfficer;
}

/** One team per administrative agency whose division has a police unit with a head. */
export function demoTeams(): Team[] {
  const teams: Team[] = [];
  for (const a of agencies.filter((x) => x.kind === 'ADMINISTRATIVE')) {
    const staff = officers.filter((o) => o.agencyId === a.id);
    const policeAgencyId = agencyId(a.divisionCode, 'psb');
    const police = officers.filter((o) => o.agencyId === policeAgencyId);
    const caseOfficers = staff.filter((o) => o.roles.includes('CASE_OFFICER'));
    const head = staff.find((o) => o.roles.includes('APPROVER'));
    const pOfficer = police.find((o) => o.roles.includes('CASE_OFFICER'));
    const pHead = police.find((o) => o.roles.includes('APPROVER'));
    if (caseOfficers.length < 2 || !head || !pOfficer || !pHead) continue;
    teams.push({ agencyId: a.id, policeAgencyId, officer: caseOfficers[0]!, officer2: caseOfficers[1]!, head, police: pOfficer, policeHead: pHead });
  }
  return teams;
}

export async function teamTokens(team: Team, issuerKey: IssuerKey): Promise<Record<'officer' | 'head' | 'police' | 'policeHead', string>> {
  return {
    officer: await mintToken(team.officer, issuerKey, { expiresIn: '4h' }),
    head: await mintToken(team.head, issuerKey, { expiresIn: '4h' }),
    police: await mintToken(team.police, issuerKey, { expiresIn: '4h' }),
    policeHead: await mintToken(team.policeHead, issuerKey, { expiresIn: '4h' }),
  };
}

// ---------------------------------------------------------------- the ledger

export interface Ledger {
  cases: { id: string; number: string; title: string; key: string; by: string }[];
  steps: { caseId: string; action: string; by: string; key: string; eventId: string; seq: number; hash: string }[];
  /** `token`: the uploader's, to read the document back (scripts/cluster.ts downloads through the other replicas). */
  documents: { id: string; dossierId: string; kind: string; sha256: string; token?: string }[];
  seals: { dossierId: string; jwsSha256: string }[];
  /** Retries answered as replays (the first attempt had been written, its answer lost or repeated). */
  replays: number;
  /** Steps refused as CONFLICT because another request had moved the case: not a loss (the client is told). */
  conflicts: number;
}

export const newLedger = (): Ledger => ({ cases: [], steps: [], documents: [], seals: [], replays: 0, conflicts: 0 });

// ---------------------------------------------------------------- the officers' work

const MATERIALS = ['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT'] as const;
const STEP_FIELDS = 'replayed event { id seq action hash } case { id stage }';
const STEPS = ['submitForApproval', 'approveTransfer', 'transferCase', 'acknowledgeReceipt', 'fileCase'] as const;

interface CaseInFlight {
  id: string;
  number: string;
  dossierId: string | null;
  uploaded: Set<string>;
  seal: string | null;
  next: number; // index into STEPS
  /** An upload whose outcome the client does not know (no answer, or SUBGRAPH_UNAVAILABLE). */
  uncertain: { kind: string; since: number } | null;
}

/** How long after an unknown upload outcome the dossier is read to learn it. */
const UPLOAD_SETTLE_MS = 5000;

export interface WorkerOptions {
  client: Client;
  team: Team;
  tokens: Record<'officer' | 'head' | 'police' | 'policeHead', string>;
  ledger: Ledger;
  until: () => boolean;
  /** Share of operations that are reads. @default 0.6 */
  readShare?: number;
  /** Share of writes resent at once with the same key (must replay, not apply twice). @default 0.1 */
  duplicateShare?: number;
  label: string;
}

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One officer team working until `until()`: reads, and cases walked through the workflow. */
export async function runWorker(o: WorkerOptions): Promise<void> {
  const { client, team, tokens, ledger } = o;
  const readShare = o.readShare ?? 0.6;
  const dupShare = o.duplicateShare ?? 0.1;
  const inFlight: CaseInFlight[] = [];
  const done: string[] = [];
  let n = 0;

  /** A keyed GraphQL write: retried with the same key while its outcome is unknown; duplicated on purpose sometimes. */
  async function keyedWrite(op: string, token: string, query: string, variables: Record<string, unknown>): Promise<Answer> {
    let a: Answer = { ok: false, outcome: 'NONE', status: 0 };
    for (let attempt = 0; attempt < 6; attempt++) {
      if (attempt === 0 && Math.random() < dupShare) {
        // Two copies of one request at once: one is written, the other replays it.
        const [x, y] = await Promise.all([gql(client, op, token, query, variables), gql(client, op, token, query, variables)]);
        a = x.ok ? x : y;
        if (x.ok && y.ok) ledger.replays += Number(isReplay(op, x)) + Number(isReplay(op, y));
      } else a = await gql(client, op, token, query, variables);
      if (a.ok) {
        if (attempt > 0 && isReplay(op, a)) ledger.replays++;
        return a;
      }
      if (!UNKNOWN_OUTCOME.has(a.outcome)) return a;
      await sleep(250 * (attempt + 1));
    }
    return a;
  }
  const isReplay = (op: string, a: Answer) => Boolean(a.data?.[op]?.replayed);

  async function read(): Promise<void> {
    const r = Math.random();
    if (r < 0.4) {
      await gql(client, 'read:cases', pick([tokens.officer, tokens.police, tokens.head]), `query($after: String) { cases(first: 20, after: $after) { nodes { id number title status stage handlingAgency { name } dossier { version } } pageInfo { endCursor hasNextPage } } }`, { after: null });
    } else if (r < 0.85) {
      const id = pick([...inFlight.map((c) => c.id), ...done.slice(-10)]) ?? null;
      if (!id) return void (await gql(client, 'read:cases', tokens.officer, `{ cases(first: 5) { nodes { id } } }`));
      await gql(
        client,
        'read:case',
        tokens.officer,
        `query($id: ID!) { case(id: $id) { id number stage facts parties { name idNumber } handlingAgency { name division { name } } receivingAgency { name } dossier { version documents { kind sha256 size } } timeline { seq action hash } deadlines { clock dueAt } } }`,
        { id },
      );
    } else {
      await gql(client, 'read:agency', tokens.officer, `query($a: ID!) { agency(id: $a) { name cases(first: 10) { nodes { id number stage } } } }`, { a: team.agencyId });
    }
  }

  async function createCase(): Promise<void> {
    const title = `${o.label}-${++n}-${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const a = await keyedWrite('createCase', tokens.officer, `mutation($i: CreateCaseInput!, $k: String) { createCase(input: $i, idempotencyKey: $k) { id number } }`, {
      k: key,
      i: {
        title,
        sector: 'MARKET_SUPERVISION',
        facts: `负载测试：${title}`,
        amountInvolved: 50_000 + n,
        parties: [
          { kind: 'PERSON', name: '张三', idNumber: makeResidentId('330106', '19850312', String(100 + (n % 800))), phone: '13812345678' },
          { kind: 'COMPANY', name: '某某贸易有限公司', creditCode: makeCreditCode('91330106MA2KABCD1') },
        ],
      },
    });
    if (!a.ok) return;
    const c = a.data.createCase;
    ledger.cases.push({ id: c.id, number: c.number, title, key, by: team.officer.id });
    inFlight.push({ id: c.id, number: c.number, dossierId: null, uploaded: new Set(), seal: null, next: 0, uncertain: null });
  }

  async function advance(c: CaseInFlight): Promise<void> {
    if (!c.dossierId) {
      // openDossier returns the dossier already open: safe to repeat.
      const s = await gql(client, 'read:scopeStatement', tokens.officer, `query($c: ID!) { case(id: $c) { scopeStatement } }`, { c: c.id });
      if (!s.ok || !s.data?.case?.scopeStatement) return;
      const a = await gql(client, 'openDossier', tokens.officer, `mutation($c: ID!, $s: String!) { openDossier(caseId: $c, scopeStatement: $s) { id } }`, { c: c.id, s: s.data.case.scopeStatement });
      if (a.ok) c.dossierId = a.data.openDossier.id;
      return;
    }
    if (c.uncertain) {
      if (Date.now() - c.uncertain.since < UPLOAD_SETTLE_MS) return;
      const d = await gql(client, 'read:dossier', tokens.officer, `query($id: ID!) { dossier(id: $id) { documents { kind } } }`, { id: c.dossierId });
      if (!d.ok || !d.data?.dossier) return;
      if (d.data.dossier.documents.some((x: { kind: string }) => x.kind === c.uncertain!.kind)) c.uploaded.add(c.uncertain.kind);
      c.uncertain = null;
      return;
    }
    const missing = MATERIALS.filter((k) => !c.uploaded.has(k));
    if (missing.length) {
      const kind = missing[0]!;
      const content = `${kind} of ${c.number}: ${randomUUID()}`;
      const a = await uploadFile(client, tokens.officer, c.dossierId, kind, content);
      if (a.ok && a.document) {
        const sha = createHash('sha256').update(content).digest('hex');
        if (a.document.sha256 !== sha) throw new Error(`upload acknowledged with another hash: ${a.document.sha256} != ${sha}`);
        ledger.documents.push({ id: a.document.id, dossierId: c.dossierId, kind, sha256: sha, token: tokens.officer });
        c.uploaded.add(kind);
      } else if (UNKNOWN_OUTCOME.has(a.outcome)) {
        // Uploads carry no idempotency key: the outcome stays unknown until the dossier is read again,
        // after the subgraph has had time to finish a request the gateway gave up waiting for.
        c.uncertain = { kind, since: Date.now() };
      }
      return;
    }
    if (!c.seal) {
      const a = await gql(client, 'sealTransferPackage', tokens.officer, `mutation($d: ID!) { sealTransferPackage(dossierId: $d) { jws jwsSha256 } }`, { d: c.dossierId });
      if (a.ok) {
        c.seal = a.data.sealTransferPackage.jws;
        ledger.seals.push({ dossierId: c.dossierId, jwsSha256: a.data.sealTransferPackage.jwsSha256 });
      }
      return;
    }
    const action = STEPS[c.next]!;
    let documentStatement: string | null = null;
    if (action === 'transferCase') {
      // The package must still be current in the dossier: the dossier's document statement, read just before.
      const s = await gql(client, 'read:documentStatement', tokens.officer, `query($id: ID!) { case(id: $id) { dossier { documentStatement } } }`, { id: c.id });
      documentStatement = s.ok ? (s.data.case?.dossier?.documentStatement ?? null) : null;
      if (!documentStatement) return;
    }
    const [token, by, input] = (
      {
        submitForApproval: [tokens.officer, team.officer.id, { taskGroup: [team.officer.id, team.officer2.id] }],
        approveTransfer: [tokens.head, team.head.id, null],
        transferCase: [tokens.officer, team.officer.id, { receivingAgencyId: team.policeAgencyId, seal: c.seal, documentStatement }],
        acknowledgeReceipt: [tokens.police, team.police.id, null],
        fileCase: [tokens.policeHead, team.policeHead.id, null],
      } as const
    )[action];
    const type = { submitForApproval: 'SubmitForApprovalInput!', approveTransfer: 'StepInput', transferCase: 'TransferCaseInput!', acknowledgeReceipt: 'StepInput', fileCase: 'StepInput' }[action];
    const key = randomUUID();
    const a = await keyedWrite(action, token, `mutation($c: ID!, $k: String!, $i: ${type}) { ${action}(caseId: $c, idempotencyKey: $k, input: $i) { ${STEP_FIELDS} } }`, { c: c.id, k: key, i: input });
    if (a.ok) {
      const e = a.data[action].event;
      ledger.steps.push({ caseId: c.id, action, by, key, eventId: e.id, seq: e.seq, hash: e.hash });
      c.next++;
      if (c.next === STEPS.length) {
        inFlight.splice(inFlight.indexOf(c), 1);
        done.push(c.id);
      }
    } else if (a.outcome === 'CONFLICT') ledger.conflicts++;
  }

  while (!o.until()) {
    if (Math.random() < readShare) await read();
    else if (inFlight.length < 3 && Math.random() < 0.5) await createCase();
    else if (inFlight.length) await advance(pick(inFlight));
    else await createCase();
  }
}

// ---------------------------------------------------------------- checking the ledger

export interface Databases {
  cases: pg.Pool;
  dossiers: pg.Pool;
  /** The dossiers blob directory, to check acknowledged documents' bytes are there (in it, or in the database blob store's `blobs`). */
  blobDir: string;
}

export interface Findings {
  acknowledged: { cases: number; steps: number; documents: number; seals: number };
  lost: string[];
  duplicated: string[];
  brokenChains: string[];
  replays: number;
  conflicts: number;
}

/**
 * Every acknowledged write is in the database (cases by id and number, workflow steps by their
 * event id, action and idempotency key, documents by id and hash with their bytes, seals by hash);
 * no write was applied twice (one case per create request, one event per step and key, one current
 * document per kind); every timeline's hash chain verifies (`verifyChains`).
 */
export async function verifyLedger(ledger: Ledger, db: Databases, verifyChains: (caseIds: string[]) => Promise<{ caseId: string; ok: boolean; brokenAt: unknown }[]>): Promise<Findings> {
  const lost: string[] = [];
  const duplicated: string[] = [];
  const ids = ledger.cases.map((c) => c.id);

  const cases = await db.cases.query<{ id: string; number: string; title: string }>('select id, number, title from cases where id = any($1)', [ids]);
  const byId = new Map(cases.rows.map((r) => [r.id, r]));
  for (const c of ledger.cases) {
    const row = byId.get(c.id);
    if (!row || row.number !== c.number) lost.push(`case ${c.id} ${c.number}`);
  }
  const titles = await db.cases.query<{ title: string; n: number }>(
    'select title, count(*)::int as n from cases where title = any($1) group by title having count(*) > 1',
    [ledger.cases.map((c) => c.title)],
  );
  for (const t of titles.rows) duplicated.push(`case "${t.title}" created ${t.n} times`);
  const numbers = await db.cases.query<{ number: string; n: number }>('select number, count(*)::int as n from cases group by number having count(*) > 1');
  for (const r of numbers.rows) duplicated.push(`case number ${r.number} given ${r.n} times`);

  const events = await db.cases.query<{ id: string; case_id: string; action: string; actor_id: string; idempotency_key: string | null; hash: string }>(
    'select id, case_id, action, actor_id, idempotency_key, hash from case_events where case_id = any($1)',
    [ids],
  );
  const eventById = new Map(events.rows.map((e) => [e.id, e]));
  for (const s of ledger.steps) {
    const e = eventById.get(s.eventId);
    if (!e || e.case_id !== s.caseId || e.action !== s.action || e.idempotency_key !== s.key || e.actor_id !== s.by || e.hash !== s.hash) {
      lost.push(`step ${s.action} on ${s.caseId} (event ${s.eventId})`);
    }
  }
  const perAction = await db.cases.query<{ case_id: string; action: string; n: number }>(
    'select case_id, action, count(*)::int as n from case_events where case_id = any($1) group by 1, 2 having count(*) > 1',
    [ids],
  );
  for (const r of perAction.rows) duplicated.push(`${r.action} recorded ${r.n} times on ${r.case_id}`);
  const perKey = await db.cases.query<{ k: string; n: number }>(
    'select actor_id || \'/\' || idempotency_key as k, count(*)::int as n from case_events where idempotency_key is not null group by 1 having count(*) > 1',
  );
  for (const r of perKey.rows) duplicated.push(`idempotency key ${r.k} applied ${r.n} times`);

  const docs = await db.dossiers.query<{ id: string; dossier_id: string; kind: string; sha256: string }>(
    'select id, dossier_id, kind, sha256 from documents where id = any($1)',
    [ledger.documents.map((d) => d.id)],
  );
  const docById = new Map(docs.rows.map((d) => [d.id, d]));
  // The database blob store (the default, decision 102) keeps the bytes in the dossiers database.
  const inDatabase = new Set(
    (await db.dossiers.query<{ sha256: string }>('select sha256 from blobs where sha256 = any($1)', [ledger.documents.map((d) => d.sha256)])).rows.map((r) => r.sha256),
  );
  for (const d of ledger.documents) {
    const row = docById.get(d.id);
    if (!row || row.sha256 !== d.sha256 || row.kind !== d.kind) lost.push(`document ${d.id} (${d.kind})`);
    else if (!inDatabase.has(d.sha256) && !existsSync(join(db.blobDir, d.sha256.slice(0, 2), d.sha256))) lost.push(`bytes of document ${d.id} (${d.sha256})`);
  }
  const dossierIds = [...new Set(ledger.documents.map((d) => d.dossierId))];
  const perKind = await db.dossiers.query<{ dossier_id: string; kind: string; n: number }>(
    'select dossier_id, kind, count(*)::int as n from documents where dossier_id = any($1) and removed_in_version is null group by 1, 2 having count(*) > 1',
    [dossierIds],
  );
  for (const r of perKind.rows) duplicated.push(`${r.n} current ${r.kind} documents in ${r.dossier_id}`);
  const seals = await db.dossiers.query<{ jws_sha256: string }>('select jws_sha256 from seals where dossier_id = any($1)', [ledger.seals.map((s) => s.dossierId)]).catch(() => ({ rows: [] as { jws_sha256: string }[] }));
  const sealHashes = new Set(seals.rows.map((r) => r.jws_sha256));
  for (const s of ledger.seals) if (seals.rows.length && !sealHashes.has(s.jwsSha256)) lost.push(`seal of ${s.dossierId}`);

  const chains = await verifyChains(ids);
  const brokenChains = chains.filter((c) => !c.ok).map((c) => `${c.caseId}: ${JSON.stringify(c.brokenAt)}`);
  if (chains.length !== ids.length) brokenChains.push(`${ids.length - chains.length} acknowledged cases have no timeline to verify`);

  return {
    acknowledged: { cases: ledger.cases.length, steps: ledger.steps.length, documents: ledger.documents.length, seals: ledger.seals.length },
    lost,
    duplicated,
    brokenChains,
    replays: ledger.replays,
    conflicts: ledger.conflicts,
  };
}

export function printFindings(f: Findings, out: (line: string) => void = console.log): boolean {
  out(`acknowledged writes: ${f.acknowledged.cases} cases, ${f.acknowledged.steps} workflow steps, ${f.acknowledged.documents} documents, ${f.acknowledged.seals} seals`);
  out(`retries answered as replays: ${f.replays}; steps refused as CONFLICT: ${f.conflicts}`);
  out(`lost: ${f.lost.length}${f.lost.length ? ` — ${f.lost.slice(0, 10).join('; ')}` : ''}`);
  out(`duplicated: ${f.duplicated.length}${f.duplicated.length ? ` — ${f.duplicated.slice(0, 10).join('; ')}` : ''}`);
  out(`hash chains: ${f.brokenChains.length ? `BROKEN ${f.brokenChains.slice(0, 10).join('; ')}` : 'all verify'}`);
  return !f.lost.length && !f.duplicated.length && !f.brokenChains.length;
}

/**
 * Shared fixtures of the workflow tests: a whole graph on a ManualClock, the demo officers who act
 * on a 西湖区 case (market supervision → 西湖区 police, supervised by the 西湖区 procuratorate), a
 * dossiers seal key the cases subgraph trusts, and one-line helpers to send steps and read a case.
 * Seals (and, beside them, dossier document statements) are minted here with a test key: verifying
 * them is the cases subgraph's job, issuing them the dossiers subgraph's. Documents a step names
 * come from the real dossier: `attach` uploads them and reads the dossiers subgraph's own statement
 * (the cases subgraph trusts both keys).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildASTSchema, getNamedType, parse, type GraphQLObjectType } from 'graphql';
import { CompactSign, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { ManualClock } from '../subgraphs/kit/clock';
import { makeCreditCode, makeResidentId } from '../subgraphs/kit/identifiers';
import { setDossiersKeys } from '../subgraphs/cases/sealKeys';
import { startTestGraph, SUPERGRAPH_PATH, type GraphQLResponse, type TestGraph, type TestGraphOptions } from './harness';
import { openDossier, uploadDocument } from './dossierClient';

export const WHO = {
  /** 西湖区市场监督管理局 */
  agencyOfficer: 'song.wenjie.xh-msa',
  agencyOfficer2: 'yu.xiuying.xh-msa',
  agencyHead: 'huang.fang.xh-msa',
  /** 西湖区公安分局 */
  police: 'he.tingting.xh-psb',
  policeHead: 'wang.wenjie.xh-psb',
  /** 杭州市公安局 (a case sent there by mistake is forwarded to 西湖区) */
  cityPolice: 'yang.huimin.hz-psb',
  cityPoliceHead: 'zheng.junjie.hz-psb',
  /** 西湖区人民检察院 */
  procurator: 'zhao.xiuying.xh-proc',
  procuratorOfficer: 'hu.fang.xh-proc',
  /** 杭州市人民检察院: supervises the city, 西湖区 included */
  cityProcurator: 'ye.siyuan.hz-proc',
  /** another sector's agency in the same county: no relation to the case */
  otherAgency: 'zhu.guoping.xh-eco',
  /** 余杭区公安分局: police of another county */
  otherPolice: 'guo.zhenhua.yh-psb',
  otherPoliceHead: 'yu.xuemei.yh-psb',
} as const;
export type Who = keyof typeof WHO;

export const AGENCY = { handling: 'ag-330106-msa', police: 'ag-330106-psb', cityPolice: 'ag-330100-psb', otherPolice: 'ag-330110-psb', procuratorate: 'ag-330106-proc' } as const;
export const OFFICER_ID = { agencyOfficer: 'of-0047', agencyOfficer2: 'of-0048' } as const;

/** Monday 2 November 2026, 10:00 in Beijing. */
export const MONDAY_10AM = '2026-11-02T02:00:00.000Z';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

const REQUIRED = ['TRANSFER_LETTER', 'INVESTIGATION_REPORT', 'SEIZED_ITEMS_LIST', 'INSPECTION_REPORT'];
export const hex = (seed: string) => Buffer.from(seed.padEnd(32, '.').slice(0, 32)).toString('hex');

/** The GraphQL input type of each workflow verb's `input`, read from the supergraph. */
const schema = buildASTSchema(parse(readFileSync(SUPERGRAPH_PATH, 'utf8')), { assumeValidSDL: true });
const mutationFields = (schema.getMutationType() as GraphQLObjectType).getFields();
function inputTypeOf(verb: string): string {
  const arg = mutationFields[verb]?.args.find((a) => a.name === 'input');
  if (!arg) throw new Error(`no mutation ${verb}(input: …) in the supergraph`);
  return String(arg.type);
}
export const isInputRequired = (verb: string) => inputTypeOf(verb).endsWith('!');

export const STEP_FIELDS = 'replayed event { id seq action fromStage toStage fromStatus toStatus hash prevHash sealSha256 reasons actorAgency { id } } case { id stage status receivingAgency { id } }';

export const CASE_FIELDS = /* GraphQL */ `
  id number stage status receivingAgency { id }
  deadlines { clock state startedAt dueAt remainingSeconds overdue awaits responsible period }
  timeline { seq action fromStage toStage fromStatus toStatus at hash prevHash reasons sealSha256 actorAgency { id } actor { id } documents { kind sha256 documentId } receivingAgency { id } previousReceivingAgency { id } outcome materials result correctsSeq opinion { facts proposedPenalty } taskGroup { id } }
  penalties { decisionNumber amount decidedOn partyKind partyName partyIdNumber partyCreditCode eventSeq }
  availableActions
`;

export const person = { kind: 'PERSON', name: '张三', idNumber: makeResidentId('330106', '19850312', '123'), phone: '13812345678' };
export const company = { kind: 'COMPANY', name: '杭州某某贸易有限公司', creditCode: makeCreditCode('91330106MA2KABCD1') };

export interface WorkflowGraph {
  graph: TestGraph;
  clock: ManualClock;
  token(who: Who): Promise<string>;
  /** A compact JWS over the package of `caseId`, signed with the key the cases subgraph trusts (or another). */
  seal(caseId: string, opts?: { kinds?: string[]; sealedAt?: string; key?: CryptoKey; payload?: Record<string, unknown> }): Promise<string>;
  /**
   * A dossier document statement about `caseId` signed with the test key: by default listing exactly
   * the documents of `seal(caseId)` (so a transfer's package is current), valid 15 minutes from now.
   */
  statement(caseId: string, opts?: { documents?: { id: string; kind: string; sha256: string }[]; dossierId?: string; version?: number; issuedAt?: string; expiresAt?: string; typ?: string | null; key?: CryptoKey }): Promise<string>;
  /** The transfer input's package: `seal(caseId)` and the statement of the same documents. */
  package(caseId: string): Promise<{ seal: string; documentStatement: string }>;
  /** Uploads a document of `kind` to the case's dossier (opened first if need be) as `who`; its id and hash. */
  upload(caseId: string, who: Who, kind: string, content?: string): Promise<{ id: string; kind: string; sha256: string }>;
  /** The dossiers subgraph's document statement of the case's dossier, read as `who` (Case.dossier.documentStatement). */
  documentStatement(caseId: string, who: Who): Promise<string>;
  /** Uploads one document per kind as `who`, then reads the statement: the `documents` and `documentStatement` of a step's input. */
  attach(caseId: string, who: Who, ...kinds: string[]): Promise<{ documents: { kind: string; sha256: string }[]; documentStatement: string }>;
  /** An ES256 key the cases subgraph does not trust. */
  strangerKey: CryptoKey;
  /** Sends one workflow step; a fresh idempotency key unless one is given. */
  step(verb: string, caseId: string, who: Who, input?: Record<string, unknown> | null, key?: string): Promise<GraphQLResponse>;
  /** Sends a step and fails the test unless it succeeded. */
  ok(verb: string, caseId: string, who: Who, input?: Record<string, unknown> | null, key?: string): Promise<any>;
  /** Reads a case (CASE_FIELDS) as someone. */
  read(caseId: string, who?: Who): Promise<any>;
  /** Opens a new DRAFT case as the agency's case officer. */
  createCase(): Promise<string>;
  close(): Promise<void>;
}

/** `options`: further test-graph options (the clock is the workflow's own). */
export async function startWorkflowGraph(start = MONDAY_10AM, options: Omit<TestGraphOptions, 'clock'> = {}): Promise<WorkflowGraph> {
  const clock = new ManualClock(start);
  const graph = await startTestGraph({ ...options, clock });
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const stranger = await generateKeyPair('ES256');
  const kid = 'test-dossiers-seal';
  // The test key (minted seals) and the dossiers subgraph's own key (its document statements).
  setDossiersKeys({ jwks: { keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }, graph.dossiersSealKey.publicJwk] } });
  const tokens = new Map<Who, string>();
  const token = async (who: Who) => {
    if (!tokens.has(who)) tokens.set(who, await graph.token({ login: WHO[who] }));
    return tokens.get(who)!;
  };
  /** The case's dossier id as `who` reads it (which brings its scope up to date), opened by the agency's officer if need be. */
  const dossierOf = async (caseId: string, who: Who): Promise<string> => {
    const read = async () => (await graph.query(`query($id: ID!) { case(id: $id) { dossier { id } } }`, { id: caseId }, { token: await token(who) })).data?.case?.dossier?.id;
    const id = await read();
    if (id) return id;
    const opened = await openDossier(graph, await token('agencyOfficer'), caseId);
    if (opened.errors) throw new Error(`opening the dossier of ${caseId}: ${JSON.stringify(opened.errors)}`);
    return (await read()) ?? opened.data.openDossier.id;
  };
  const wf: WorkflowGraph = {
    graph,
    clock,
    token,
    strangerKey: stranger.privateKey,
    async seal(caseId, opts = {}) {
      const payload = opts.payload ?? {
        caseId,
        dossierId: `ds-${caseId}`,
        dossierVersion: 5,
        documents: (opts.kinds ?? REQUIRED).map((kind, i) => ({ id: `doc-${i}`, kind, sha256: hex(`${caseId}:${kind}`) })),
        sealedAt: opts.sealedAt ?? clock.now().toISOString(),
      };
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', kid }).sign(opts.key ?? privateKey);
    },
    async statement(caseId, opts = {}) {
      const now = clock.now().getTime();
      const payload = {
        dossierId: opts.dossierId ?? `ds-${caseId}`,
        caseId,
        version: opts.version ?? 5,
        documents: opts.documents ?? REQUIRED.map((kind, i) => ({ id: `doc-${i}`, kind, sha256: hex(`${caseId}:${kind}`) })),
        issuedAt: opts.issuedAt ?? new Date(now).toISOString(),
        expiresAt: opts.expiresAt ?? new Date(now + 15 * 60_000).toISOString(),
      };
      const typ = opts.typ === undefined ? 'caselink-dossier-documents+jws' : opts.typ;
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader(typ ? { alg: 'ES256', kid, typ } : { alg: 'ES256', kid })
        .sign(opts.key ?? privateKey);
    },
    async package(caseId) {
      return { seal: await wf.seal(caseId), documentStatement: await wf.statement(caseId) };
    },
    async upload(caseId, who, kind, content) {
      const dossierId = await dossierOf(caseId, who);
      const res = await uploadDocument(graph, await token(who), dossierId, { kind, title: kind }, content ?? `${kind} of ${caseId} ${randomUUID()}`);
      if (res.status !== 201 && res.status !== 200) throw new Error(`upload of ${kind} by ${who}: ${res.status} ${JSON.stringify(res.body)}`);
      const doc = res.body.document ?? res.body;
      return { id: doc.id, kind: doc.kind, sha256: doc.sha256 };
    },
    async documentStatement(caseId, who) {
      const res = await graph.query(`query($id: ID!) { case(id: $id) { dossier { documentStatement } } }`, { id: caseId }, { token: await token(who) });
      const jws = res.data?.case?.dossier?.documentStatement;
      if (!jws) throw new Error(`no document statement of ${caseId} for ${who}: ${JSON.stringify(res.errors ?? res.data)}`);
      return jws;
    },
    async attach(caseId, who, ...kinds) {
      const documents = [];
      for (const kind of kinds) documents.push(await wf.upload(caseId, who, kind));
      return { documents: documents.map((d) => ({ kind: d.kind, sha256: d.sha256 })), documentStatement: await wf.documentStatement(caseId, who) };
    },
    async step(verb, caseId, who, input, key) {
      const type = inputTypeOf(verb);
      return graph.query(
        `mutation($c: ID!, $k: String!, $i: ${type}) { ${verb}(caseId: $c, idempotencyKey: $k, input: $i) { ${STEP_FIELDS} } }`,
        { c: caseId, k: key ?? randomUUID(), i: input ?? (type.endsWith('!') ? {} : null) },
        { token: await token(who) },
      );
    },
    async ok(verb, caseId, who, input, key) {
      const res = await wf.step(verb, caseId, who, input, key);
      if (res.errors) throw new Error(`${verb} by ${who} failed: ${JSON.stringify(res.errors)}`);
      return res.data[verb];
    },
    async read(caseId, who = 'procurator') {
      const res = await graph.query(`query($id: ID!) { case(id: $id) { ${CASE_FIELDS} } }`, { id: caseId }, { token: await token(who) });
      if (res.errors) throw new Error(`reading ${caseId} as ${who}: ${JSON.stringify(res.errors)}`);
      return res.data.case;
    },
    async createCase() {
      const res = await graph.query(
        `mutation($input: CreateCaseInput!) { createCase(input: $input) { id stage status } }`,
        { input: { title: '某公司涉嫌销售假冒注册商标的商品案', sector: 'MARKET_SUPERVISION', facts: '经查……', amountInvolved: 120000, parties: [person, company] } },
        { token: await token('agencyOfficer') },
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data.createCase.id;
    },
    async close() {
      setDossiersKeys(null);
      await graph.close();
    },
  };
  return wf;
}

/** The steps that take a case from DRAFT to RECEIVED at the 西湖区 police (clock moved a little each step). */
export async function bringToReceived(wf: WorkflowGraph, caseId: string): Promise<void> {
  await wf.ok('submitForApproval', caseId, 'agencyOfficer', { taskGroup: [OFFICER_ID.agencyOfficer, OFFICER_ID.agencyOfficer2] });
  wf.clock.advance(HOUR);
  await wf.ok('approveTransfer', caseId, 'agencyHead');
  wf.clock.advance(HOUR);
  await wf.ok('transferCase', caseId, 'agencyOfficer', { receivingAgencyId: AGENCY.police, ...(await wf.package(caseId)) });
  wf.clock.advance(HOUR);
  await wf.ok('acknowledgeReceipt', caseId, 'police');
  wf.clock.advance(HOUR);
}

/** The timeline's actions, in order. */
export const actions = (c: any) => c.timeline.map((e: any) => e.action);
/** The running clocks, by name. */
export const running = (c: any) => Object.fromEntries(c.deadlines.map((d: any) => [d.clock, d]));
/** Checks a timeline's chain as read through the graph: seq 1.., each event naming the previous hash. */
export function expectChained(c: any): void {
  c.timeline.forEach((e: any, i: number) => {
    if (e.seq !== i + 1) throw new Error(`event ${i} has seq ${e.seq}`);
    const prev = i === 0 ? '0'.repeat(64) : c.timeline[i - 1].hash;
    if (e.prevHash !== prev) throw new Error(`event ${e.seq} does not name the previous hash`);
    if (!/^[0-9a-f]{64}$/.test(e.hash)) throw new Error(`event ${e.seq} has no hash`);
  });
}

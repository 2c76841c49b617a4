import { asc, eq } from 'drizzle-orm';
import { forbidden, notFound } from '../../kit/errors';
import { accessOf, inheritAccess } from '../../kit/access';
import { caseInformants } from '../db/schema';
import { accessRecordsPage } from '../../kit/accessLog';
import { inclusionProofJson } from '../timeline/graph';
import type { Database } from '../../kit/db';
import { pageOf, pageRequest, type ConnectionArgs } from '../../kit/pagination';
import { CLOCKS } from '../deadlines/clocks';
import { caseKey, type CaseRow, type DeadlineRecord, type EventRecord, type PenaltyRecord } from '../loaders';
import { isJuvenile } from '../validation';
import { availableActions, stateOf } from '../workflow/engine';
import type { DocumentSource } from '../workflow/documentStatement';
import { agencyRef, officerRef, type Ctx } from './context';
import { formatDecimal } from '../../kit/scalars';
import { workflowStep } from '../workflow/steps';
import { keyringOf, openInformants } from '../personalData';

const INT_MAX = 2_147_483_647;
const seconds = (ms: number) => Math.max(-INT_MAX, Math.min(INT_MAX, Math.trunc(ms / 1000)));

export const Case = {
  /**
   * Another subgraph's row names a case the caller may not see (its copy of the case's scope is
   * stale, e.g. after a forward): NOT_FOUND on that field, as case(id) answers, never a silent null.
   */
  __resolveReference: async (ref: { id: string }, { loaders }: Ctx) => (await loaders.case.load(ref.id)) ?? Promise.reject(notFound('case', ref.id)),
  handlingAgency: (c: CaseRow) => agencyRef(c.handlingAgencyId),
  receivingAgency: (c: CaseRow) => agencyRef(c.receivingAgencyId),
  accessRecords: (c: CaseRow, args: { first?: number; after?: string }, { caller, db }: Ctx) =>
    accessRecordsPage(caller, db as Database, c, c.id, args),
  inclusionProof: async (c: CaseRow, _: unknown, { caller, db }: Ctx) => {
    if (!caller.roles.includes('SUPERVISOR')) throw forbidden('only supervisors download proofs of inclusion');
    return inclusionProofJson(db, c.id);
  },
  parties: async (c: CaseRow, _: unknown, { loaders }: Ctx) => (await loaders.partiesByCase.load(c.id)).map((p) => inheritAccess({ ...p }, c, p.juvenile)),
  timeline: async (c: CaseRow, _: unknown, { loaders }: Ctx) => (await loaders.eventsByCase.load(c.id)).map((e) => inheritAccess({ ...e }, c)),
  deadlines: async (c: CaseRow, args: { includeClosed?: boolean }, { loaders }: Ctx) =>
    (await loaders.deadlinesByCase.load(c.id)).filter((d) => args.includeClosed || !d.closedAt).map((d) => inheritAccess({ ...d }, c)),
  /** A juvenile party's penalty is sealed like the party (always masked). */
  penalties: async (c: CaseRow, _: unknown, { loaders }: Ctx) =>
    (await loaders.penaltiesByCase.load(c.id)).map((p) =>
      inheritAccess({ ...p }, c, p.partyIdNumber ? isJuvenile(p.partyIdNumber, new Date(`${p.decidedOn}T00:00:00Z`)) : false),
    ),
  /** C5: the agencies that hold state-secret material off-network for this case (the marker only, never the material). */
  secretMaterialMarkers: async (c: CaseRow, _: unknown, { loaders }: Ctx) =>
    (await loaders.eventsByCase.load(c.id))
      .filter((e) => e.action === 'markSecretMaterial')
      .map((e) => ({ heldBy: agencyRef((e.data as { secretMaterialHeldBy?: string }).secretMaterialHeldBy ?? e.actorAgencyId), markedAt: e.at, eventSeq: e.seq })),
  /** Informant identity: the receiving police unit's officers only, whoever else may read the case's C2 data. */
  informants: async (c: CaseRow, _: unknown, { caller, db }: Ctx) => {
    const receiving = accessOf(c)?.relations.includes('RECEIVING_POLICE');
    if (!receiving || !caller.roles.some((r) => r === 'CASE_OFFICER' || r === 'APPROVER')) {
      throw forbidden('an informant’s identity is readable only by the officers of the case’s receiving police unit');
    }
    const rows = await (db as Database<{ caseInformants: typeof caseInformants }>)
      .select()
      .from(caseInformants)
      .where(eq(caseInformants.caseId, c.id))
      .orderBy(asc(caseInformants.eventSeq));
    return (await openInformants(await keyringOf(db), rows)).map((r) => inheritAccess({ ...r }, c));
  },
  amountInvolvedYuan: (c: CaseRow) => (c.amountInvolved == null ? null : formatDecimal(c.amountInvolved)),
  availableActions: (c: CaseRow, _: unknown, ctx: Ctx) => stepsNow(c, ctx),
  availableSteps: async (c: CaseRow, _: unknown, ctx: Ctx) => (await stepsNow(c, ctx)).map(workflowStep),
};

async function stepsNow(c: CaseRow, { caller, loaders, clock }: Ctx) {
  const open = (await loaders.deadlinesByCase.load(c.id)).filter((d) => !d.closedAt);
  return availableActions(caller, stateOf(c), open, clock.now());
}

const data = (e: EventRecord) => e.data as Record<string, any>;

export const CaseEvent = {
  step: (e: EventRecord) => workflowStep(e.action),
  occurredAt: (e: EventRecord) => e.at,
  actorAgency: (e: EventRecord) => agencyRef(e.actorAgencyId),
  actor: (e: EventRecord) => officerRef(e.actorId),
  documents: (e: EventRecord) => {
    const sources = (data(e).dossierDocuments ?? []) as DocumentSource[];
    const sealedVersion = (data(e).seal?.dossierVersion as number | undefined) ?? null;
    return e.documents.map((d) => inheritAccess({ ...d, dossierVersion: sources.find((s) => s.sha256 === d.sha256)?.dossierVersion ?? (d.documentId ? sealedVersion : null) }, e));
  },
  receivingAgency: (e: EventRecord) => agencyRef(data(e).receivingAgencyId),
  previousReceivingAgency: (e: EventRecord) => agencyRef(data(e).previousReceivingAgencyId),
  outcome: (e: EventRecord) => data(e).outcome ?? null,
  taskGroup: (e: EventRecord) => (data(e).taskGroup as string[] | undefined)?.map(officerRef) ?? null,
  materials: (e: EventRecord) => data(e).materials ?? null,
  opinion: (e: EventRecord) => (data(e).opinion ? inheritAccess({ ...data(e).opinion }, e) : null),
  result: (e: EventRecord) => data(e).result ?? null,
  correctsSeq: (e: EventRecord) => data(e).correctsSeq ?? null,
  goodsSeized: (e: EventRecord) => data(e).goodsSeized ?? null,
  dossierReturnedTo: (e: EventRecord) => agencyRef(data(e).dossierReturnedTo),
  escalatedTo: (e: EventRecord) => data(e).escalatedTo ?? null,
};

export const Deadline = {
  awaitedSteps: (d: DeadlineRecord) => d.awaits.map(workflowStep),
  source: (d: DeadlineRecord) => CLOCKS[d.clock].source,
  state: (d: DeadlineRecord) => (d.closedAt ? d.outcome : d.pausedAt ? 'PAUSED' : 'RUNNING'),
  remainingSeconds: (d: DeadlineRecord, _: unknown, { clock }: Ctx) => {
    if (d.closedAt) return null;
    return seconds(d.dueAt.getTime() - (d.pausedAt ?? clock.now()).getTime());
  },
  overdue: (d: DeadlineRecord, _: unknown, { clock }: Ctx) => (d.closedAt ?? d.pausedAt ?? clock.now()).getTime() > d.dueAt.getTime(),
};

export const Penalty = {
  amount: (p: PenaltyRecord) => Number(p.amount),
  amountYuan: (p: PenaltyRecord) => formatDecimal(p.amount),
};

export const Agency = {
  __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  cases: async ({ id }: { id: string }, args: ConnectionArgs, { loaders }: Ctx) => {
    const req = pageRequest(args, 2);
    const rows = await loaders.casesByAgency(req).load(id);
    return pageOf(rows, req, caseKey, () => loaders.caseCountByAgency.load(id));
  },
};

import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import { inheritAccess, visibleRowsSql, withAccess } from '../../kit/access';
import type { Caller } from '../../kit/caller';
import { agencyRef } from '../../kit/entityRefs';
import { isUniqueViolation } from '../../kit/db';
import { conflict, notFound } from '../../kit/errors';
import { keysetPage, type ConnectionArgs } from '../../kit/pagination';
import { formatDecimal } from '../../kit/scalars';
import { idempotencyKey as idempotencyKeySchema, parseInput } from '../../kit/validation';
import { annotateCase, visibleCases } from '../access';
import { cases, penaltyRegister, registerProposals } from '../db/schema';
import { refusal, refuseInput } from '../messages';
import { keyringOf, openRegisterPenalties } from '../personalData';
import type { Ctx, ResolverDeps } from '../resolvers/context';
import type { CaseRow } from '../loaders';
import { contentHashOf, intake, MAX_IMPORT_ROWS, parseBulk, validateRecord, type RegisterRow, type RowReport } from './intake';
import { proposeFromRegister, registerPartyKey } from './propose';

/**
 * The penalty register's API (decision 94): publish one, import many, read the register, and the
 * agency's answer to a proposed case. Who may publish: case officers of an administrative agency,
 * for their own agency (as createCase). Who may read a row: the class rules over the row's scope
 * (the publishing agency as the handling agency, supervisors of its division).
 */
type ProposalRow = typeof registerProposals.$inferSelect;

const registerScope = (caller: Caller) => visibleRowsSql(caller, { handlingAgencyId: penaltyRegister.agencyId, receivingAgencyId: penaltyRegister.agencyId, divisionCode: penaltyRegister.divisionCode });

/** Clear party data and the caller's relations on loaded register rows (the row's own id stands for the case in the access log). */
async function present(ctx: Pick<Ctx, 'caller' | 'db'>, rows: RegisterRow[]): Promise<RegisterRow[]> {
  if (!rows.length) return [];
  const open = await openRegisterPenalties(await keyringOf(ctx.db), rows);
  return open.map((r) => withAccess(r, ctx.caller, { caseId: r.id, handlingAgencyId: r.agencyId, receivingAgencyId: null, divisionCode: r.divisionCode }));
}

function publisherOf(caller: Caller) {
  if (caller.agencyKind !== 'ADMINISTRATIVE' || !caller.roles.includes('CASE_OFFICER') || !caller.agencyId || !caller.division) {
    throw refusal('FORBIDDEN', '只有行政执法机关的承办人才能发布本机关的行政处罚决定', "only case officers of an administrative agency publish their agency's penalty decisions");
  }
  return { agencyId: caller.agencyId, division: caller.division, sub: caller.sub };
}

async function proposedCasesFor(ctx: Ctx, deps: ResolverDeps, agencyId: string, rows: RegisterRow[]): Promise<CaseRow[]> {
  const partyKeys = [...new Set(rows.map(registerPartyKey).filter((k): k is string => !!k))];
  const ids = await proposeFromRegister(ctx.db as never, ctx.clock.now(), { config: deps.warnings, deadlines: deps.deadlines }, { agencyId, partyKeys });
  if (!ids.length) return [];
  const found = await ctx.db.select().from(cases).where(and(inArray(cases.id, ids), visibleCases(ctx.caller))).orderBy(asc(cases.number));
  return found.map((c) => annotateCase(ctx.caller, c));
}

/**
 * A concurrent intake of the same decision number (or the same request) makes ours fail on a unique
 * index, writing nothing; run once more, it sees the other's rows as duplicates or conflicts.
 */
async function retryOnRace<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err, 'penalty_register_agency_decision_uq') || isUniqueViolation(err, 'penalty_register_idempotency_uq')) return run();
    throw err;
  }
}

const today = (deps: ResolverDeps, now: Date) => deps.deadlines.calendar.isoDay(deps.deadlines.calendar.dayOf(now));

export function registerResolvers(deps: ResolverDeps) {
  async function publishOne(args: { idempotencyKey: string; input: Record<string, unknown> }, ctx: Ctx) {
    const publisher = publisherOf(ctx.caller);
    const key = parseInput(idempotencyKeySchema, args.idempotencyKey, 'idempotencyKey');
    const input = Object.fromEntries(Object.entries(args.input).filter(([, v]) => v !== undefined));
    const ring = await keyringOf(ctx.db);
    const now = ctx.clock.now();
    const [retried] = await ctx.db.select().from(penaltyRegister).where(and(eq(penaltyRegister.publishedBy, ctx.caller.sub), eq(penaltyRegister.idempotencyKey, key)));
    if (retried) {
      // The same key again: the first result if this is the same request, else CONFLICT.
      const v = validateRecord(input);
      if (!v.ok || contentHashOf(ring, publisher.agencyId, v.value) !== retried.contentHash) {
        throw conflict(`idempotency key ${JSON.stringify(key)} was already used for another request (penalty decision ${retried.decisionNumber}); use a new key for a new request`, { idempotencyKey: key });
      }
      const [penalty] = await present(ctx, [retried]);
      return { penalty, replayed: true, duplicate: false, proposedCases: [] };
    }
    const { rows, written } = await intake(ctx.db as never, ring, publisher, [input], now, { allOrNothing: true, idempotencyKey: key, today: today(deps, now) });
    const row = rows[0]!;
    if (row.outcome === 'REFUSED' && row.code === 'CONFLICT') {
      throw refusal('CONFLICT', `本机关已发布行政处罚决定${row.decisionNumber}，内容不同，不能重复发布`, `penalty decision ${row.decisionNumber} was already published by this agency with other content`, { field: 'input.decisionNumber' });
    }
    if (row.outcome === 'REFUSED') throw refuseInput(`input.${row.field}`, `${row.field}：${row.reason}`, row.reason!);
    const [penalty] = await present(ctx, [row.penalty!]);
    const proposedCases = written ? await proposedCasesFor(ctx, deps, publisher.agencyId, [row.penalty!]) : [];
    return { penalty, replayed: false, duplicate: row.outcome === 'DUPLICATE', proposedCases };
  }

  return {
    Query: {
      penaltyRegister: async (_: unknown, args: ConnectionArgs & { agencyId?: string | null }, ctx: Ctx) => {
        const page = await keysetPage<RegisterRow>(
          args,
          { column: penaltyRegister.decidedOn, id: penaltyRegister.id, descending: true, keyType: 'text' },
          (r) => [r.decidedOn, r.id],
          (beyond, orderBy, limit) =>
            ctx.db
              .select()
              .from(penaltyRegister)
              .where(and(registerScope(ctx.caller), args.agencyId ? eq(penaltyRegister.agencyId, args.agencyId) : undefined, beyond) as SQL)
              .orderBy(...orderBy)
              .limit(limit),
        );
        const nodes = await present(ctx, page.nodes);
        return { nodes, pageInfo: page.pageInfo };
      },
    },
    Mutation: {
      publishPenalty: (_: unknown, args: { idempotencyKey: string; input: Record<string, unknown> }, ctx: Ctx) => retryOnRace(() => publishOne(args, ctx)),

      importPenalties: async (_: unknown, args: { format: 'CSV' | 'JSON'; text: string; allOrNothing?: boolean | null }, ctx: Ctx) => {
        const publisher = publisherOf(ctx.caller);
        const records = parseBulk(args.format, args.text);
        if (records.length > MAX_IMPORT_ROWS) {
          throw refuseInput('text', `一次最多导入${MAX_IMPORT_ROWS}行，本次${records.length}行，请分批导入`, `holds ${records.length} rows; an import takes at most ${MAX_IMPORT_ROWS}: send it in parts`);
        }
        const now = ctx.clock.now();
        const ring = await keyringOf(ctx.db);
        const { rows, written } = await retryOnRace(() => intake(ctx.db as never, ring, publisher, records, now, { allOrNothing: !!args.allOrNothing, today: today(deps, now) }));
        const opened = await present(ctx, rows.map((r) => r.penalty).filter((p): p is RegisterRow => !!p));
        const byId = new Map(opened.map((p) => [p.id, p]));
        const count = (o: RowReport['outcome']) => rows.filter((r) => r.outcome === o).length;
        const accepted = rows.filter((r) => r.outcome === 'ACCEPTED').map((r) => r.penalty!);
        const proposedCases = written ? await proposedCasesFor(ctx, deps, publisher.agencyId, accepted) : [];
        return {
          received: rows.length,
          accepted: count('ACCEPTED'),
          duplicates: count('DUPLICATE'),
          refused: count('REFUSED'),
          written,
          rows: rows.map((r) => ({ ...r, penalty: r.penalty ? byId.get(r.penalty.id) : null })),
          proposedCases,
        };
      },

      acceptProposedCase: (_: unknown, { caseId }: { caseId: string }, ctx: Ctx) => decide(ctx, caseId, 'ACCEPTED', null),
      declineProposedCase: (_: unknown, { caseId, reasons }: { caseId: string; reasons: string }, ctx: Ctx) => {
        const text = reasons?.trim() ?? '';
        if (text.length < 2 || text.length > 5000) throw refuseInput('reasons', '不予移送须书面说明理由', 'declining a proposed case needs written reasons (2 to 5000 characters)');
        return decide(ctx, caseId, 'DECLINED', text);
      },
    },
    Case: {
      proposal: async (c: CaseRow, _: unknown, { loaders }: Ctx) => {
        const p = await loaders.proposalByCase.load(c.id);
        return p ? inheritAccess({ ...p }, c) : null;
      },
    },
    CaseProposal: {
      penalties: async (p: ProposalRow, _: unknown, ctx: Ctx) =>
        present(ctx, await ctx.db.select().from(penaltyRegister).where(eq(penaltyRegister.proposalCaseId, p.caseId)).orderBy(asc(penaltyRegister.decidedOn), asc(penaltyRegister.decisionNumber))),
    },
    RegisterPenalty: {
      agency: (r: RegisterRow) => agencyRef(r.agencyId),
      fineYuan: (r: RegisterRow) => formatDecimal(r.fine),
      confiscationYuan: (r: RegisterRow) => formatDecimal(r.confiscation),
      amountInvolvedYuan: (r: RegisterRow) => (r.amountInvolved == null ? null : formatDecimal(r.amountInvolved)),
      comparedAmountYuan: (r: RegisterRow) => formatDecimal(r.comparedAmount),
      proposedCase: (r: RegisterRow, _: unknown, { loaders }: Ctx) => (r.proposalCaseId ? loaders.case.load(r.proposalCaseId) : null),
    },
  };
}

/** The handling agency's answer to a proposal: its case officers (or approvers), once. */
async function decide(ctx: Ctx, caseId: string, status: 'ACCEPTED' | 'DECLINED', reasons: string | null) {
  const { caller, db, clock } = ctx;
  const [c] = await db.select().from(cases).where(and(eq(cases.id, caseId), visibleCases(caller)));
  if (!c) throw notFound('case', caseId);
  if (c.handlingAgencyId !== caller.agencyId || !caller.roles.some((r) => r === 'CASE_OFFICER' || r === 'APPROVER')) {
    throw refusal('FORBIDDEN', '只有承办机关的承办人或负责人才能答复移送提示', "only the handling agency's case officers or approvers answer a proposed case");
  }
  const [updated] = await db
    .update(registerProposals)
    .set({ status, decidedBy: caller.sub, decidedAt: clock.now(), declineReasons: reasons })
    .where(and(eq(registerProposals.caseId, caseId), eq(registerProposals.status, 'PROPOSED')))
    .returning();
  if (!updated) {
    const [p] = await db.select().from(registerProposals).where(eq(registerProposals.caseId, caseId));
    if (!p) throw refusal('CONFLICT', '该案件不是由行政处罚登记提出的', 'the case was not proposed from the penalty register', { currentStatus: null });
    throw refusal('CONFLICT', `该移送提示已答复（${p.status}）`, `the proposal was already answered (${p.status})`, { currentStatus: p.status });
  }
  return annotateCase(caller, c);
}

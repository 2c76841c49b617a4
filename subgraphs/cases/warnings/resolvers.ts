import DataLoader from 'dataloader';
import { and, asc, count, desc, eq, exists, inArray, like, notExists, or, sql, type SQL } from 'drizzle-orm';
import { accessOf, inheritAccess } from '../../kit/access';
import type { Caller } from '../../kit/caller';
import type { Clock } from '../../kit/clock';
import type { Database } from '../../kit/db';
import { groupByKey, byKey } from '../../kit/batch';
import { badInput, notFound } from '../../kit/errors';
import { divisionScopePrefix, isValidDivisionCode } from '../../kit/identifiers';
import { keysetPage, type ConnectionArgs, type KeysetOrder } from '../../kit/pagination';
import type { WarningsConfig } from './config';
import type { KeySource } from '../../kit/caller';
import { dossiersKeySet } from '../sealKeys';
import { checkStepDocuments } from '../workflow/documentStatement';
import type { StepInput } from '../workflow/inputs';
import { annotateWarning, checkLoopInput, runLoopStep, visibleWarnings, type LoopInput } from './actions';
import type { LoopAction } from './loop';
import { LEVEL_ZH, NOTICE_DOCUMENT_KIND, RULE_DISPLAY } from './display';
import { acknowledgeNotice, addressedToSql } from './notices';
import { ruleByName } from './rules/index';
import { SYSTEM_ACTOR } from './store';
import { agencyRef, officerRef } from '../../kit/entityRefs';
import { OPEN_STEPS, warningEvents, warningNoticeOutcomes, warningNotices, warnings, type LoopStep, type WarningEventRow, type WarningNoticeOutcomeRow, type WarningNoticeRow, type WarningRow } from './tables';
import type { Level, RuleName } from './types';

/**
 * The warnings' part of the cases subgraph's API: lists with keyset pagination, the inbox, the
 * board, Case.warnings and the loop's mutations. Every query carries the caller's row filter
 * (visibleRowsSql over the warning's own scope columns); loaders are made per request.
 */
type Db = Database<Record<string, unknown>>;
interface Ctx {
  caller: Caller;
  db: Db;
  clock: Clock;
  loaders: { case: DataLoader<string, unknown> };
}

const SUPERVISING_KINDS = ['PROCURATORATE', 'JUSTICE_ADMIN', 'POLITICAL_LEGAL'];

function createWarningLoaders({ caller, db }: Ctx) {
  return {
    byCase: new DataLoader<string, WarningRow[]>(async (ids) =>
      groupByKey(
        ids,
        await db.select().from(warnings).where(and(inArray(warnings.caseId, [...ids]), visibleWarnings(caller))).orderBy(asc(warnings.caseId), desc(warnings.raisedAt), desc(warnings.id)),
        (w) => w.caseId,
      ),
    ),
    byId: new DataLoader<string, WarningRow | null>(async (ids) =>
      byKey(ids, await db.select().from(warnings).where(and(inArray(warnings.id, [...ids]), visibleWarnings(caller))), (w) => w.id),
    ),
    events: new DataLoader<string, WarningEventRow[]>(async (ids) =>
      groupByKey(ids, await db.select().from(warningEvents).where(inArray(warningEvents.warningId, [...ids])).orderBy(asc(warningEvents.warningId), asc(warningEvents.seq)), (e) => e.warningId),
    ),
    notices: new DataLoader<string, WarningNoticeRow[]>(async (ids) =>
      groupByKey(ids, await db.select().from(warningNotices).where(inArray(warningNotices.warningId, [...ids])).orderBy(asc(warningNotices.warningId), asc(warningNotices.eventSeq), asc(warningNotices.recipient)), (n) => n.warningId),
    ),
    outcomes: new DataLoader<string, WarningNoticeOutcomeRow[]>(async (ids) =>
      groupByKey(ids, await db.select().from(warningNoticeOutcomes).where(inArray(warningNoticeOutcomes.noticeId, [...ids])), (o) => o.noticeId),
    ),
    /** The event that sent a notice, by `warningId:seq`. */
    sender: new DataLoader<string, WarningEventRow | null>(async (keys) => {
      const pairs = keys.map((k) => { const i = k.lastIndexOf(':'); return [k.slice(0, i), Number(k.slice(i + 1))] as const; });
      const rows = await db
        .select()
        .from(warningEvents)
        .where(or(...pairs.map(([w, seq]) => and(eq(warningEvents.warningId, w), eq(warningEvents.seq, seq)))));
      return byKey(keys, rows, (e) => `${e.warningId}:${e.seq}`);
    }),
  };
}
type WarningLoaders = ReturnType<typeof createWarningLoaders>;
const perRequest = new WeakMap<object, WarningLoaders>();
/** Loaders for this request only (kept on the request's context object, never shared). */
function loadersOf(ctx: Ctx): WarningLoaders {
  let l = perRequest.get(ctx);
  if (!l) perRequest.set(ctx, (l = createWarningLoaders(ctx)));
  return l;
}

const NEWEST_FIRST: KeysetOrder = { column: warnings.raisedAt, id: warnings.id, descending: true, keyType: 'time' };
const keyOf = (w: WarningRow) => [w.raisedAt.toISOString(), w.id];
function divisionPrefix(code: string, field = 'divisionCode'): string {
  if (!isValidDivisionCode(code)) throw badInput(field, `must be a GB/T 2260 division code (6 digits), got ${JSON.stringify(code)}`);
  return divisionScopePrefix(code);
}
const openOnly = (includeEnded?: boolean | null) => (includeEnded ? undefined : inArray(warnings.step, [...OPEN_STEPS]));

async function list(ctx: Ctx, where: (SQL | undefined)[], args: ConnectionArgs) {
  const all = and(visibleWarnings(ctx.caller), ...where);
  return keysetPage(
    args,
    NEWEST_FIRST,
    keyOf,
    async (beyond, orderBy, limit) =>
      (await ctx.db.select().from(warnings).where(and(all, beyond)).orderBy(...orderBy).limit(limit)).map((w) => annotateWarning(ctx.caller, w)),
    async () => (await ctx.db.select({ n: count() }).from(warnings).where(all))[0]!.n,
  );
}

export interface WarningResolverDeps {
  config: WarningsConfig;
  /** The dossiers subgraph's key source: documents a loop step names are checked against the dossier's statement. */
  dossiersKeys: KeySource;
}

export function warningResolvers({ config, dossiersKeys }: WarningResolverDeps) {
  const step = (action: LoopAction) => async (_: unknown, args: { id: string; input?: LoopInput | null }, ctx: Ctx) => {
    const input = args.input ?? {};
    const now = ctx.clock.now();
    // Evidence named by a step is a document of the case's dossier, as for workflow steps.
    if (checkLoopInput(input).documents.length) {
      const [w] = await ctx.db.select({ caseId: warnings.caseId }).from(warnings).where(and(eq(warnings.id, args.id), visibleWarnings(ctx.caller)));
      if (!w) throw notFound('warning', args.id);
      await checkStepDocuments(input as Pick<StepInput, 'documents' | 'documentStatement'>, dossiersKeySet(dossiersKeys), { caseId: w.caseId, now }, null);
    }
    return runLoopStep(ctx.db, ctx.caller, args.id, action, input, now, config);
  };

  return {
    Query: {
      warnings: async (
        _: unknown,
        args: ConnectionArgs & { level?: Level; rule?: RuleName; agencyId?: string; divisionCode?: string; step?: LoopStep; includeEnded?: boolean },
        ctx: Ctx,
      ) => {
        const where: (SQL | undefined)[] = [args.step ? eq(warnings.step, args.step) : openOnly(args.includeEnded)];
        if (args.level) where.push(eq(warnings.level, args.level));
        if (args.rule) where.push(eq(warnings.rule, args.rule));
        if (args.agencyId) where.push(or(eq(warnings.responsibleAgencyId, args.agencyId), eq(warnings.handlingAgencyId, args.agencyId), eq(warnings.receivingAgencyId, args.agencyId)));
        if (args.divisionCode) where.push(like(warnings.divisionCode, `${divisionPrefix(args.divisionCode)}%`));
        return list(ctx, where, args);
      },
      warning: async (_: unknown, { id }: { id: string }, ctx: Ctx) => {
        const w = await loadersOf(ctx).byId.load(id);
        if (!w) throw notFound('warning', id);
        return annotateWarning(ctx.caller, w);
      },
      warningInbox: async (_: unknown, args: ConnectionArgs & { step?: LoopStep; includeEnded?: boolean }, ctx: Ctx) => {
        const { caller, db } = ctx;
        const mine: SQL[] = [];
        if (caller.agencyId) mine.push(eq(warningNotices.agencyId, caller.agencyId));
        if (caller.agencyKind && SUPERVISING_KINDS.includes(caller.agencyKind) && caller.division) mine.push(eq(warningNotices.divisionCode, caller.division));
        const addressed = mine.length
          ? exists(db.select({ one: sql`1` }).from(warningNotices).where(and(eq(warningNotices.warningId, warnings.id), or(...mine))))
          : sql`false`;
        return list(ctx, [addressed, args.step ? eq(warnings.step, args.step) : openOnly(args.includeEnded)], args);
      },
      noticeInbox: async (_: unknown, args: ConnectionArgs & { pending?: boolean }, { caller, db }: Ctx) => {
        const pendingOnly = args.pending
          ? notExists(db.select({ one: sql`1` }).from(warningNoticeOutcomes).where(and(eq(warningNoticeOutcomes.noticeId, warningNotices.id), eq(warningNoticeOutcomes.outcome, 'ACKNOWLEDGED'))))
          : undefined;
        const all = and(addressedToSql(caller), pendingOnly);
        return keysetPage(
          args,
          { column: warningNotices.at, id: warningNotices.id, descending: true, keyType: 'time' },
          (r: typeof warningNotices.$inferSelect) => [r.at.toISOString(), r.id],
          (beyond, orderBy, limit) => db.select().from(warningNotices).where(and(all, beyond)).orderBy(...orderBy).limit(limit),
          async () => (await db.select({ n: count() }).from(warningNotices).where(all))[0]!.n,
        );
      },
      warningBoard: async (_: unknown, args: { divisionCode?: string }, { caller, db }: Ctx) => {
        const code = args.divisionCode ?? caller.division;
        if (!code) throw badInput('divisionCode', 'is required when the caller has no division');
        const rows = await db
          .select({ rule: warnings.rule, level: warnings.level, n: sql<string>`count(*)` })
          .from(warnings)
          .where(and(visibleWarnings(caller), inArray(warnings.step, [...OPEN_STEPS]), like(warnings.divisionCode, `${divisionPrefix(code)}%`)))
          .groupBy(warnings.rule, warnings.level);
        const byRule = new Map<RuleName, { rule: RuleName; red: number; yellow: number }>();
        for (const r of rows) {
          const e = byRule.get(r.rule) ?? { rule: r.rule, red: 0, yellow: 0 };
          e[r.level === 'RED' ? 'red' : 'yellow'] += Number(r.n);
          byRule.set(r.rule, e);
        }
        const all = [...byRule.values()];
        return { divisionCode: code, red: all.reduce((s, e) => s + e.red, 0), yellow: all.reduce((s, e) => s + e.yellow, 0), byRule: all };
      },
    },
    Mutation: {
      acknowledgeNotice: async (_: unknown, { id }: { id: string }, ctx: Ctx) => acknowledgeNotice(ctx.db, ctx.caller, id, ctx.clock.now()),
      handleWarning: step('handle'),
      replyToWarning: step('reply'),
      closeWarning: step('close'),
      reopenWarning: step('reopen'),
    },
    /** Merged into the Case resolvers. */
    Case: {
      warnings: async (c: { id: string }, args: { includeEnded?: boolean }, ctx: Ctx) =>
        (await loadersOf(ctx).byCase.load(c.id)).filter((w) => args.includeEnded || OPEN_STEPS.includes(w.step)).map((w) => annotateWarning(ctx.caller, w)),
    },
    Warning: {
      case: (w: WarningRow, _: unknown, ctx: Ctx) => ctx.loaders.case.load(w.caseId),
      title: (w: WarningRow) => RULE_DISPLAY[w.rule]?.title ?? w.rule,
      titleEn: (w: WarningRow) => ruleByName(w.rule)?.title ?? w.rule,
      article: (w: WarningRow) => RULE_DISPLAY[w.rule]?.article ?? '',
      articleEn: (w: WarningRow) => ruleByName(w.rule)?.article ?? '',
      levelName: (w: WarningRow) => LEVEL_ZH[w.level],
      responsibleAgency: (w: WarningRow) => (w.responsibleAgencyId ? { __typename: 'Agency', id: w.responsibleAgencyId } : null),
      timeline: async (w: WarningRow, _: unknown, ctx: Ctx) => (await loadersOf(ctx).events.load(w.id)).map((e) => inheritAccess({ ...e }, w)),
      notices: async (w: WarningRow, _: unknown, ctx: Ctx) => (await loadersOf(ctx).notices.load(w.id)).map((n) => inheritAccess({ ...n }, w)),
    },
    WarningEvent: {
      bySystem: (e: WarningEventRow) => e.actorId === SYSTEM_ACTOR,
      occurredAt: (e: WarningEventRow) => e.at,
      actor: (e: WarningEventRow) => officerRef(e.actorId),
      actorAgency: (e: WarningEventRow) => (e.actorAgencyId ? { __typename: 'Agency', id: e.actorAgencyId } : null),
      documents: (e: WarningEventRow) => e.documents.map((d) => inheritAccess({ ...d }, e)),
    },
    WarningNotice: {
      agency: (n: WarningNoticeRow) => (n.agencyId ? { __typename: 'Agency', id: n.agencyId } : null),
      sentAt: (n: WarningNoticeRow) => n.at,
      acknowledgeBy: (n: WarningNoticeRow) => n.ackDueAt,
      acknowledgeDueAt: (n: WarningNoticeRow) => n.ackDueAt,
      acknowledgement: async (n: WarningNoticeRow, _: unknown, ctx: Ctx) => {
        const o = (await loadersOf(ctx).outcomes.load(n.id)).find((x) => x.outcome === 'ACKNOWLEDGED');
        if (!o) return null;
        const out = { at: o.at, acknowledgedAt: o.at, eventSeq: o.eventSeq, officer: officerRef(o.actorId), agency: agencyRef(o.actorAgencyId) };
        return accessOf(n) ? inheritAccess(out, n) : out;
      },
      escalatedAt: async (n: WarningNoticeRow, _: unknown, ctx: Ctx) => (await loadersOf(ctx).outcomes.load(n.id)).find((x) => x.outcome === 'ESCALATED')?.at ?? null,
      document: async (n: WarningNoticeRow, _: unknown, ctx: Ctx) => {
        const e = await loadersOf(ctx).sender.load(`${n.warningId}:${n.eventSeq}`);
        const notice = (e?.data as { notice?: { title: string; text: string } } | undefined)?.notice;
        const sha256 = e?.documents.find((d) => d.kind === NOTICE_DOCUMENT_KIND)?.sha256;
        return notice && sha256 ? { kind: NOTICE_DOCUMENT_KIND, title: notice.title, text: notice.text, sha256 } : null;
      },
      warning: async (n: WarningNoticeRow, _: unknown, ctx: Ctx) => {
        const w = await loadersOf(ctx).byId.load(n.warningId);
        return w ? annotateWarning(ctx.caller, w) : null;
      },
    },
  };
}

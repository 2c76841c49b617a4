import { randomUUID } from 'node:crypto';
import { and, eq, gte, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Sector } from '../../../schema/vocabulary';
import type { Caller } from '../../kit/caller';
import type { Database } from '../../kit/db';
import { SYSTEM_ACTOR } from '../../kit/entityRefs';
import type { Deadlines } from '../config';
import { caseEvents, caseEventSealed, caseNumberCounters, cases, parties, penalties, penaltyRegister, registerProposals } from '../db/schema';
import { eventCommitter, keyringOf, openRegisterPenalties, sealParty, sealPenalty } from '../personalData';
import { isJuvenile } from '../validation';
import type { WarningsConfig } from '../warnings/config';
import { penaltyFinding } from '../warnings/rules/penaltyInsteadOfTransfer';
import { evaluateCases } from '../warnings/store';
import type { Finding } from '../warnings/types';
import { planStep } from '../workflow/engine';

/**
 * From the register to a proposed linkage case (decision 94). The 以罚代刑 rule (the same function
 * the warning engine runs on cases, rules/penaltyInsteadOfTransfer.ts) is evaluated over every
 * party's register penalties at each publishing agency; a hit creates, in one transaction, a case
 * in DRAFT for that agency carrying the party and those penalties, marks the register rows, and
 * runs the warning engine on it, which raises the warning through the ordinary loop. The proposal's
 * unique (agency, party) key makes re-runs and concurrent imports propose once: the loser's insert
 * does nothing and its transaction writes nothing else.
 */
type Db = Database<Record<string, unknown>>;
type RegisterRow = typeof penaltyRegister.$inferSelect;

const partyKeySql = sql<string>`coalesce(${penaltyRegister.partyCreditCodeMac}, ${penaltyRegister.partyIdNumberMac})`;
export const registerPartyKey = (r: Pick<RegisterRow, 'partyCreditCodeMac' | 'partyIdNumberMac'>) => r.partyCreditCodeMac ?? r.partyIdNumberMac ?? null;

/**
 * Where to look: some agencies' parties (after an intake), the parties of rows published since a
 * time and not proposed (the sweep's catch-up for an intake whose proposing did not run), or the
 * whole register (after the thresholds change). A party's group is always judged on all its rows.
 */
export type ProposalScope = { agencyId: string; partyKeys: string[] } | { publishedSince: Date } | 'ALL';

/** How far back the sweep looks for rows not yet judged (rules are judged on decision dates, so a party's result changes only when its rows do). */
export const SWEEP_LOOKBACK_MS = 7 * 86_400_000;
/** Parties judged per statement. */
const CHUNK = 500;

export interface ProposalDeps {
  config: WarningsConfig;
  deadlines: Deadlines;
}

/** The finding over one party's register penalties at one agency (null: no hit). */
export function registerFinding(sector: Sector, rows: readonly Pick<RegisterRow, 'comparedAmount' | 'decidedOn' | 'offence' | 'partyCreditCodeMac' | 'partyIdNumberMac'>[], config: WarningsConfig): Finding | null {
  return penaltyFinding(
    sector,
    rows.map((r) => ({ amount: Number(r.comparedAmount), decidedOn: r.decidedOn, offence: r.offence, partyCreditCode: r.partyCreditCodeMac, partyIdNumber: r.partyIdNumberMac })),
    0,
    config,
  );
}

/** Runs the register's rules over the scope; returns the ids of the cases it proposed. */
export async function proposeFromRegister(db: Db, now: Date, deps: ProposalDeps, scope: ProposalScope = 'ALL'): Promise<string[]> {
  if (scope === 'ALL' || 'publishedSince' in scope) {
    // The parties to judge, then each agency's parties in chunks (bounded statements, index lookups).
    const pairs = await db
      .selectDistinct({ agencyId: penaltyRegister.agencyId, key: partyKeySql })
      .from(penaltyRegister)
      .where(and(isNull(penaltyRegister.proposalCaseId), scope === 'ALL' ? undefined : gte(penaltyRegister.publishedAt, scope.publishedSince)));
    const byAgency = new Map<string, string[]>();
    for (const r of pairs) if (r.key) byAgency.set(r.agencyId, [...(byAgency.get(r.agencyId) ?? []), r.key]);
    const out: string[] = [];
    for (const [agencyId, keys] of byAgency) {
      for (let i = 0; i < keys.length; i += CHUNK) out.push(...(await proposeFromRegister(db, now, deps, { agencyId, partyKeys: keys.slice(i, i + CHUNK) })));
    }
    return out;
  }
  if (!scope.partyKeys.length) return [];
  const rows = await db
    .select()
    .from(penaltyRegister)
    .where(
      and(
        eq(penaltyRegister.agencyId, scope.agencyId),
        or(inArray(penaltyRegister.partyCreditCodeMac, scope.partyKeys), inArray(penaltyRegister.partyIdNumberMac, scope.partyKeys)),
        isNull(penaltyRegister.proposalCaseId),
        sql`not exists (select 1 from ${registerProposals} rp where rp.agency_id = ${penaltyRegister.agencyId} and rp.party_key = ${partyKeySql})`,
      ),
    );
  if (!rows.length) return [];
  const groups = new Map<string, RegisterRow[]>();
  for (const r of rows) {
    const key = registerPartyKey(r);
    if (!key) continue;
    const k = `${r.agencyId}|${r.sector}|${key}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  // A party already in a transferred linkage case of the same sector: that conduct went to the police.
  const keys = [...new Set(rows.map(registerPartyKey).filter((k): k is string => !!k))];
  const transferred = new Set(
    (
      await db
        .select({ sector: cases.sector, key: sql<string>`coalesce(${parties.creditCodeMac}, ${parties.idNumberMac})` })
        .from(parties)
        .innerJoin(cases, eq(cases.id, parties.caseId))
        .where(and(isNotNull(cases.receivingAgencyId), or(inArray(parties.creditCodeMac, keys), inArray(parties.idNumberMac, keys))))
    ).map((r) => `${r.sector}|${r.key}`),
  );
  const proposed: string[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    if (transferred.has(`${first.sector}|${registerPartyKey(first)}`)) continue;
    const finding = registerFinding(first.sector, group, deps.config);
    if (!finding) continue;
    const id = await proposeCase(db, group, finding, now, deps);
    if (id) proposed.push(id);
  }
  return proposed;
}

const yuan = (n: number) => n.toLocaleString('zh-CN', { maximumFractionDigits: 2 });

/** One proposal: nothing at all when another writer proposed for this agency and party first. */
async function proposeCase(db: Db, group: RegisterRow[], finding: Finding, now: Date, deps: ProposalDeps): Promise<string | null> {
  const first = group[0]!;
  const ring = await keyringOf(db);
  const [clear] = await openRegisterPenalties(ring, [first]);
  return db.transaction(async (tx) => {
    const id = randomUUID();
    const [claimed] = await tx
      .insert(registerProposals)
      .values({ caseId: id, agencyId: first.agencyId, partyKey: registerPartyKey(first)!, status: 'PROPOSED', level: finding.level, reason: finding.reason, proposedAt: now })
      .onConflictDoNothing()
      .returning({ caseId: registerProposals.caseId });
    if (!claimed) return null;
    // Rows another intake proposed meanwhile are not carried twice.
    const ids = group.map((r) => r.id);
    const still = await tx
      .select({ id: penaltyRegister.id })
      .from(penaltyRegister)
      .where(and(inArray(penaltyRegister.id, ids), isNull(penaltyRegister.proposalCaseId)))
      .for('update');
    const carried = group.filter((r) => still.some((s) => s.id === r.id)).sort((a, b) => a.decidedOn.localeCompare(b.decidedOn) || a.decisionNumber.localeCompare(b.decisionNumber));
    const year = now.getUTCFullYear();
    const [counter] = await tx
      .insert(caseNumberCounters)
      .values({ divisionCode: first.divisionCode, year, last: 1 })
      .onConflictDoUpdate({ target: [caseNumberCounters.divisionCode, caseNumberCounters.year], set: { last: sql`${caseNumberCounters.last} + 1` } })
      .returning();
    const number = `XF-${first.divisionCode}-${year}-${String(counter!.last).padStart(4, '0')}`;
    const actor: Caller = { sub: SYSTEM_ACTOR, agencyId: first.agencyId, agencyKind: 'ADMINISTRATIVE', division: first.divisionCode, roles: [], purpose: null, requestId: `register-${id}` };
    // The genesis event records the penalties it carries (as recordPenalty does: parties by keyed hash,
    // values sealed beside the event), so the timeline accounts for every penalty row of the case.
    const personal = eventCommitter(ring);
    const plan = planStep({
      c: { id, number, stage: 'DRAFT', status: 'DRAFT', handlingAgencyId: first.agencyId, receivingAgencyId: null, divisionCode: first.divisionCode, timelineLength: 0, timelineHead: null, goodsSeized: true },
      row: 'GENESIS',
      input: {
        penalties: carried.map((r) => ({
          decisionNumber: r.decisionNumber,
          amount: Number(r.fine),
          decidedOn: r.decidedOn,
          partyKind: r.partyKind,
          partyName: clear!.partyName,
          partyIdNumber: clear!.partyIdNumber,
          partyCreditCode: clear!.partyCreditCode,
        })),
      },
      personal,
      actor,
      at: now,
      openClocks: [],
      deadlines: deps.deadlines,
      idempotency: null,
    });
    const lines = carried.map(
      (r) =>
        `${r.decisionNumber}（${r.decidedOn}；违法行为：${r.offence}；处罚依据：${r.legalBasis}；罚款${yuan(Number(r.fine))}元，没收${yuan(Number(r.confiscation))}元${r.amountInvolved != null ? `，涉案金额${yuan(Number(r.amountInvolved))}元` : ''}）`,
    );
    const total = Math.round(carried.reduce((s, r) => s + Number(r.comparedAmount), 0) * 100) / 100;
    await tx.insert(cases).values({
      id,
      number,
      title: `行政处罚登记提示移送：${first.offence}`.slice(0, 200),
      sector: first.sector,
      status: 'DRAFT',
      stage: 'DRAFT',
      handlingAgencyId: first.agencyId,
      divisionCode: first.divisionCode,
      facts: `本案由行政处罚登记的以罚代刑规则提出（proposed from the penalty register）。同一当事人受到以下行政处罚：${lines.join('；')}。预警理由：${finding.reason}`,
      amountInvolved: total,
      createdBy: SYSTEM_ACTOR,
      createdAt: now,
      updatedAt: now,
      timelineLength: plan.next.timelineLength,
      timelineHead: plan.next.timelineHead,
    });
    await tx.insert(caseEvents).values(plan.event);
    const sealed = personal.sealedRow(plan.event.id, id);
    if (sealed) await tx.insert(caseEventSealed).values(sealed);
    await tx.insert(parties).values(
      sealParty(ring, {
        id: randomUUID(),
        caseId: id,
        position: 0,
        kind: first.partyKind,
        name: clear!.partyName,
        idNumber: clear!.partyIdNumber,
        creditCode: clear!.partyCreditCode,
        phone: null,
        address: null,
        juvenile: clear!.partyIdNumber ? isJuvenile(clear!.partyIdNumber, now) : false,
      }),
    );
    await tx.insert(penalties).values(plan.penalties.map((p, i) => sealPenalty(ring, { ...p, registerId: carried[i]!.id })));
    await tx.update(penaltyRegister).set({ proposalCaseId: id }).where(inArray(penaltyRegister.id, carried.map((r) => r.id)));
    // The ordinary engine over the new case: the same rule, on the penalties it carries, raises the warning.
    await evaluateCases(tx as Db, [id], now, deps.config);
    return id;
  });
}

/**
 * The supervision warnings of a generated province, evaluated in memory: exactly what one run of
 * the real sweep (warnings/sweep.ts) would raise at --as-of on these rows, without the sweep's
 * reads. Each case's facts come from its generated rows (stage, open clocks, penalties); the few
 * counts across cases that three rules read (non-filings by a police unit and for a party, late
 * receipts of a police unit, an agency's penalties on a party) are added up over the whole province
 * as the cases are generated, the way warnings/store.ts loadFacts counts them in SQL. A case whose
 * findings cannot depend on those counts is evaluated at once; the others (a standing non-filing,
 * an open receipt clock, penalties on a case never transferred) wait, with their facts, until every
 * case has been counted. The rules themselves (warnings/rules/, evaluate.ts) and the rows a raise
 * writes (store.ts planRaise) are the sweep's own.
 */
import type { WarningsConfig } from '../../subgraphs/cases/warnings/config';
import { evaluateCase } from '../../subgraphs/cases/warnings/evaluate';
import { NOT_FILED_STAGES, partyKey, planRaise } from '../../subgraphs/cases/warnings/store';
import type { CaseFacts } from '../../subgraphs/cases/warnings/types';
import type { GeneratedCase } from './history';

const DAY = 86_400_000;

export type PlannedRaise = ReturnType<typeof planRaise>;

interface Waiting {
  facts: CaseFacts;
  /** Party keys of the case's parties, and of its penalties. */
  partyKeys: string[];
  penaltyKeys: string[];
}

/** What a batch generated elsewhere (a worker thread) hands over: its counts and the cases that wait for the province's. */
export interface WarningsDrain {
  byPolice: [string, number][];
  byParty: [string, number][];
  lateReceipts: [string, number][];
  sums: [string, number][];
  waiting: Waiting[];
  raised: number;
}

const addAll = (into: Map<string, number>, from: Iterable<[string, number]>) => {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v);
};

export class ProvinceWarnings {
  private readonly repeatSince: number;
  private readonly splitSince: string;
  private readonly byPolice = new Map<string, number>();
  private readonly byParty = new Map<string, number>();
  private readonly lateReceipts = new Map<string, number>();
  private readonly sums = new Map<string, number>();
  private readonly waiting: Waiting[] = [];
  raised = 0;

  constructor(
    private readonly asOf: Date,
    private readonly config: WarningsConfig,
  ) {
    this.repeatSince = asOf.getTime() - config.repeatPeriodDays * DAY;
    this.splitSince = new Date(asOf.getTime() - config.splitPeriodDays * DAY).toISOString().slice(0, 10);
  }

  /** Counts the case and evaluates it if it can be now: the raises to write with its batch. */
  add(c: GeneratedCase): PlannedRaise[] {
    const row = c.row;
    const receiving = row.receivingAgencyId ?? null;
    const partyKeys = [...new Set(c.parties.map((p) => partyKey(p)).filter((k): k is string => !!k))];
    const penaltyKeys = [...new Set(c.penalties.map((p) => partyKey(p)).filter((k): k is string => !!k))];
    const now = this.asOf.getTime();

    // Non-filings in the repeat period: by the police unit that declined, and for each party of the case.
    const declined = c.events.find((e) => e.action === 'declineToFile' && e.at.getTime() >= this.repeatSince);
    if (declined) {
      if (declined.actorAgencyId) this.byPolice.set(declined.actorAgencyId, (this.byPolice.get(declined.actorAgencyId) ?? 0) + 1);
      for (const k of partyKeys) this.byParty.set(k, (this.byParty.get(k) ?? 0) + 1);
    }
    // Receipt clocks that ran out, counted for the case's (current) receiving police unit.
    if (receiving) {
      for (const k of c.clocks) {
        if (k.clock !== 'RECEIPT' || k.startedAt.getTime() < this.repeatSince) continue;
        const late = k.closedAt ? k.closedAt.getTime() > k.dueAt.getTime() : k.dueAt.getTime() < now;
        if (late) this.lateReceipts.set(receiving, (this.lateReceipts.get(receiving) ?? 0) + 1);
      }
    } else {
      // The agency's penalties on one party in cases never transferred, within the split period.
      for (const p of c.penalties) {
        const k = partyKey(p);
        if (k && p.decidedOn >= this.splitSince) this.sums.set(`${row.handlingAgencyId}|${k}`, (this.sums.get(`${row.handlingAgencyId}|${k}`) ?? 0) + p.amount);
      }
    }

    const open = c.clocks.filter((k) => !k.closedAt);
    const facts: CaseFacts = {
      caseId: row.id,
      number: row.number,
      sector: row.sector,
      stage: row.stage,
      handlingAgencyId: row.handlingAgencyId,
      receivingAgencyId: receiving,
      divisionCode: row.divisionCode,
      clocks: open.map((k) => ({ clock: k.clock, startedAt: k.startedAt, dueAt: k.dueAt, pausedAt: k.pausedAt, closedAt: k.closedAt })),
      penalties: c.penalties.map((p) => ({ amount: p.amount, decidedOn: p.decidedOn, partyIdNumber: p.partyIdNumber, partyCreditCode: p.partyCreditCode })),
      transferred: receiving !== null,
      partyPenaltySum: 0,
      policeNonFilings: 0,
      partyNonFilings: 0,
      policeLateReceipts: 0,
      goodsReportedMissing: false,
    };
    const needsCounts =
      (NOT_FILED_STAGES as readonly string[]).includes(row.stage) || open.some((k) => k.clock === 'RECEIPT') || (!facts.transferred && facts.penalties.length > 0);
    if (needsCounts) {
      this.waiting.push({ facts, partyKeys, penaltyKeys });
      return [];
    }
    return this.evaluate(facts);
  }

  /** Hands over the counts, waiting cases and raises so far, and starts again from nothing (see absorb). */
  drain(): WarningsDrain {
    const out: WarningsDrain = {
      byPolice: [...this.byPolice],
      byParty: [...this.byParty],
      lateReceipts: [...this.lateReceipts],
      sums: [...this.sums],
      waiting: this.waiting.splice(0),
      raised: this.raised,
    };
    for (const m of [this.byPolice, this.byParty, this.lateReceipts, this.sums]) m.clear();
    this.raised = 0;
    return out;
  }

  /** Adds what another instance drained (counts add up; waiting cases wait here). */
  absorb(d: WarningsDrain): void {
    addAll(this.byPolice, d.byPolice);
    addAll(this.byParty, d.byParty);
    addAll(this.lateReceipts, d.lateReceipts);
    addAll(this.sums, d.sums);
    for (const w of d.waiting) this.waiting.push(w);
    this.raised += d.raised;
  }

  /** Cases waiting for the province's counts. */
  get pending(): number {
    return this.waiting.length;
  }

  /** Evaluates the cases that waited for the counts (call once, after the last case). */
  finish(): PlannedRaise[] {
    const out: PlannedRaise[] = [];
    for (const { facts, partyKeys, penaltyKeys } of this.waiting) {
      const r = facts.receivingAgencyId;
      facts.policeNonFilings = r ? (this.byPolice.get(r) ?? 0) : 0;
      facts.partyNonFilings = Math.max(0, ...partyKeys.map((k) => this.byParty.get(k) ?? 0));
      facts.policeLateReceipts = r ? (this.lateReceipts.get(r) ?? 0) : 0;
      facts.partyPenaltySum = Math.max(0, ...penaltyKeys.map((k) => this.sums.get(`${facts.handlingAgencyId}|${k}`) ?? 0));
      out.push(...this.evaluate(facts));
    }
    this.waiting.length = 0;
    return out;
  }

  private evaluate(facts: CaseFacts): PlannedRaise[] {
    const out: PlannedRaise[] = [];
    for (const change of evaluateCase(facts, [], this.asOf, this.config)) {
      if (change.kind !== 'RAISE') continue; // a case without warnings can only raise
      out.push(planRaise({ facts, rule: change.rule, finding: change.finding }, this.asOf, this.config));
    }
    this.raised += out.length;
    return out;
  }
}

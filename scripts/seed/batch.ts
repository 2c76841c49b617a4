/**
 * One batch of generated cases, encoded for COPY: run in the seeding process, or in worker threads
 * (worker.ts) when there are cores to spare. A batch is cases [start, end); its case numbers
 * continue the counters of every case before `start` (computed ahead by `NumberCounters`).
 */
import type { CasesConfig } from '../../subgraphs/cases/config';
import { deadlinesOf } from '../../subgraphs/cases/config';
import { caseDeadlines, caseEvents, caseEventSealed, cases, parties, penalties } from '../../subgraphs/cases/db/schema';
import { sealParty, sealPenalty } from '../../subgraphs/cases/personalData';
import { Keyring, type KeyringMaterial } from '../../subgraphs/kit/fieldCrypto';
import type { WarningsConfig } from '../../subgraphs/cases/warnings/config';
import { warningEvents, warningNotices, warnings } from '../../subgraphs/cases/warnings/tables';
import { documents, dossierChain, dossiers, dossierVersions } from '../../subgraphs/dossiers/db/schema';
import { chainOfRecords } from '../../subgraphs/dossiers/chain/hash';
import type { RequiredMaterials } from '../../subgraphs/dossiers/materials';
import type { Sector } from '../../schema/vocabulary';
import { CopyBuffer, copyTable, type CopyTable } from './copy';
import type { DocumentTemplate } from './documents';
import { caseStart, generateCase, type GenerationContext } from './history';
import { ProvinceWarnings, type PlannedRaise, type WarningsDrain } from './warnings';

/** The tables a batch writes, in foreign-key order, per database. */
export const CASES_TABLES = { cases, parties, caseEvents, caseEventSealed, caseDeadlines, penalties, warnings, warningEvents, warningNotices };
export const DOSSIERS_TABLES = { dossiers, documents, dossierVersions, dossierChain };
export type CasesTableKey = keyof typeof CASES_TABLES;
export type DossiersTableKey = keyof typeof DOSSIERS_TABLES;

const shapes = <T extends Record<string, Parameters<typeof copyTable>[0]>>(tables: T) =>
  Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, copyTable(t)])) as Record<keyof T, CopyTable>;
export const CASES_COPY = shapes(CASES_TABLES);
export const DOSSIERS_COPY = shapes(DOSSIERS_TABLES);

/** Everything a generator needs, as plain data (it crosses to worker threads). */
export interface GeneratorSetup {
  n: number;
  seed: number;
  asOf: number;
  from: number;
  poolSize: number;
  casesConfig: CasesConfig;
  warnings: WarningsConfig;
  materials: RequiredMaterials;
  templates: [string, Omit<DocumentTemplate, 'content'>][];
  penaltyThresholds: Record<Sector, number>;
  /** The cases subgraph's current data keys: personal data is written encrypted (decision 91). */
  keys: KeyringMaterial;
}

export interface BatchJob {
  start: number;
  end: number;
  /** Last case number per `division|year` before `start`. */
  counters: [string, number][];
}

export interface BatchResult {
  start: number;
  end: number;
  cases: Record<CasesTableKey, string[]>;
  dossiers: Record<DossiersTableKey, string[]>;
  /** Rows encoded per table name. */
  rows: Record<string, number>;
  warnings: WarningsDrain;
}

export function contextOf(setup: GeneratorSetup): GenerationContext {
  return {
    seed: setup.seed,
    asOf: setup.asOf,
    from: setup.from,
    deadlines: deadlinesOf(setup.casesConfig),
    materials: setup.materials,
    templates: new Map(setup.templates.map(([k, t]) => [k, { ...t, content: Buffer.alloc(0) }])),
    poolSize: setup.poolSize,
    penaltyThresholds: setup.penaltyThresholds,
    ring: Keyring.fromMaterial(setup.keys),
  };
}

/** Encodes warnings' rows (a raise is a warning, its two events and its notices). */
export function pushRaises(raises: PlannedRaise[], w: CopyBuffer, we: CopyBuffer, wn: CopyBuffer): void {
  for (const p of raises) {
    w.push(p.row);
    for (const e of p.events) we.push(e);
    for (const x of p.notices) wn.push(x);
  }
}

export class BatchGenerator {
  private readonly ctx: GenerationContext;
  private readonly province: ProvinceWarnings;
  constructor(private readonly setup: GeneratorSetup) {
    this.ctx = contextOf(setup);
    this.province = new ProvinceWarnings(new Date(setup.asOf), setup.warnings);
  }

  async run(job: BatchJob, pause?: () => Promise<void>): Promise<BatchResult> {
    const counters = new Map(job.counters);
    const numberOf = (division: string, year: number) => {
      const key = `${division}|${year}`;
      const next = (counters.get(key) ?? 0) + 1;
      counters.set(key, next);
      return `XF-${division}-${year}-${String(next).padStart(4, '0')}`;
    };
    const c = Object.fromEntries(Object.entries(CASES_COPY).map(([k, t]) => [k, new CopyBuffer(t)])) as Record<CasesTableKey, CopyBuffer>;
    const d = Object.fromEntries(Object.entries(DOSSIERS_COPY).map(([k, t]) => [k, new CopyBuffer(t)])) as Record<DossiersTableKey, CopyBuffer>;
    for (let i = job.start; i < job.end; i++) {
      const g = generateCase(this.ctx, i, this.setup.n, numberOf);
      c.cases.push(g.row);
      const ring = this.ctx.ring;
      for (const p of g.parties) c.parties.push(sealParty(ring, p));
      for (const e of g.events) c.caseEvents.push(e);
      for (const x of g.sealed) c.caseEventSealed.push(x);
      for (const k of g.clocks) c.caseDeadlines.push(k);
      // The warnings' per-party sums see the clear values (as the sweep does after decrypting).
      pushRaises(this.province.add(g), c.warnings, c.warningEvents, c.warningNotices);
      for (const p of g.penalties) c.penalties.push(sealPenalty(ring, p));
      if (g.dossier) {
        // The dossier's record chained as the subgraph would have chained it (chain/hash.ts).
        const { row, documents: docs, versions } = g.dossier;
        const chained = chainOfRecords({ dossier: { id: row.id, caseId: row.caseId }, versions, documents: docs as (typeof docs[number] & { id: string })[] });
        d.dossiers.push({ ...row, chainLength: chained.length, chainHead: chained.head });
        for (const x of docs) d.documents.push(x);
        for (const v of versions) d.dossierVersions.push(v);
        for (const e of chained.rows) d.dossierChain.push(e);
      }
      if (pause && i % 200 === 199) await pause();
    }
    const rows: Record<string, number> = {};
    for (const b of [...Object.values(c), ...Object.values(d)]) rows[b.table.name] = b.count;
    return {
      start: job.start,
      end: job.end,
      cases: Object.fromEntries(Object.entries(c).map(([k, b]) => [k, b.take()])) as Record<CasesTableKey, string[]>,
      dossiers: Object.fromEntries(Object.entries(d).map(([k, b]) => [k, b.take()])) as Record<DossiersTableKey, string[]>,
      rows,
      warnings: this.province.drain(),
    };
  }
}

/**
 * Case numbers run per division and year in creation order, so a batch's numbers depend on every
 * case before it. Only the first draws of a case decide its division and year (history.ts
 * caseStart), so the counters before each batch are computed ahead, cheaply, in order.
 */
export class NumberCounters {
  private readonly ctx: GenerationContext;
  private readonly counters: Map<string, number>;
  private next = 0;
  /** `given`: the last number per `division|year` already given (cases in the database), continued after. */
  constructor(
    private readonly setup: GeneratorSetup,
    given: [string, number][] = [],
  ) {
    this.ctx = contextOf(setup);
    this.counters = new Map(given);
  }

  /** The counters before case `index` (call with rising indexes). */
  before(index: number): [string, number][] {
    for (; this.next < index; this.next++) {
      const { h, year } = caseStart(this.ctx, this.next, this.setup.n);
      const key = `${h.agency.divisionCode}|${year}`;
      this.counters.set(key, (this.counters.get(key) ?? 0) + 1);
    }
    return [...this.counters];
  }
}

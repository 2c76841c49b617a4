/**
 * The penalty register of a generated province (decision 94): administrative penalty decisions the
 * generated agencies published about parties of their own (not the cases' parties), a mix like a
 * real register's — most far below the sector's criminal threshold, a few near it (≥ 80 %), a few at
 * or past it, some split over one party within the split period, some repeated for one offence —
 * deterministic from the run's seed. They are sealed by intake's own row builder (register/intake.ts
 * registerRowOf: party encrypted and keyed-hashed), inserted in batches, and the register's rules run
 * once over the whole register (proposeFromRegister 'ALL'), so the proposals (DRAFT cases) and
 * their 以罚代刑 warnings exist when the seed ends.
 */
import { and, inArray, sql } from 'drizzle-orm';
import type { PartyKind, Sector } from '../../schema/vocabulary';
import { BRANDS, GIVEN, SURNAMES, TEMPLATES } from '../../demo/cases';
import { divisions } from '../../demo/province';
import { deadlinesOf, type CasesConfig } from '../../subgraphs/cases/config';
import { penaltyRegister } from '../../subgraphs/cases/db/schema';
import { keyringOf } from '../../subgraphs/cases/personalData';
import type { RegisterPenaltyInput } from '../../subgraphs/cases/register/input';
import { registerRowOf, type Publisher } from '../../subgraphs/cases/register/intake';
import { proposeFromRegister } from '../../subgraphs/cases/register/propose';
import type { WarningsConfig } from '../../subgraphs/cases/warnings/config';
import { warnings } from '../../subgraphs/cases/warnings/tables';
import { thresholdFor } from '../../subgraphs/cases/warnings/thresholds';
import { queryRows, type Database } from '../../subgraphs/kit/db';
import { makeCreditCode, makeResidentId } from '../../subgraphs/kit/identifiers';
import { HANDLING, officersOf, pickHandling } from './province';
import { chance, ID_KINDS, int, pick, rngFor, seedId, weighted, type Rng } from './random';

const DAY = 86_400_000;
/** The register's PRNG stream (random.ts rngFor), apart from the cases'. */
const STREAM = 0x4e61;
const INSERT_ROWS = 500;

/** What a party's penalties are made to be; the first four parties are one of each kind of hit. */
export type RegisterPattern = 'BELOW' | 'NEAR' | 'RED' | 'SPLIT' | 'REPEAT';
const FIRST: readonly RegisterPattern[] = ['RED', 'NEAR', 'SPLIT', 'REPEAT'];
/** The mix [design]: four in five parties only ever far below their threshold. */
const MIX: readonly (readonly [RegisterPattern, number])[] = [
  ['BELOW', 80],
  ['NEAR', 5],
  ['RED', 5],
  ['SPLIT', 5],
  ['REPEAT', 5],
];

/** Parties with register penalties: one per 25 generated cases, at least 10, at most 5000 (proposals are few). */
export const registerPartiesFor = (cases: number) => Math.min(5000, Math.max(10, Math.round(cases / 25)));

const ABBR: Record<Sector, string> = {
  MARKET_SUPERVISION: '市监罚',
  ECOLOGY_ENVIRONMENT: '环罚',
  EMERGENCY_MANAGEMENT: '应急罚',
  TAX: '税罚',
  NATURAL_RESOURCES: '自然资罚',
  CUSTOMS: '关缉罚',
  AGRICULTURE: '农罚',
  CULTURE_TOURISM: '文旅罚',
};
const BASIS: Record<Sector, string> = {
  MARKET_SUPERVISION: '《中华人民共和国产品质量法》第五十条',
  ECOLOGY_ENVIRONMENT: '《中华人民共和国固体废物污染环境防治法》第一百一十二条',
  EMERGENCY_MANAGEMENT: '《中华人民共和国安全生产法》第九十九条',
  TAX: '《中华人民共和国税收征收管理法》第六十三条',
  NATURAL_RESOURCES: '《中华人民共和国矿产资源法》第三十九条',
  CUSTOMS: '《中华人民共和国海关行政处罚实施条例》第七条',
  AGRICULTURE: '《农药管理条例》第五十五条',
  CULTURE_TOURISM: '《中华人民共和国著作权法》第五十三条',
};
const cityName = new Map(divisions.map((d) => [d.code, d.name]));
const INDUSTRIES = ['商贸', '实业', '贸易', '工贸', '建材', '食品'];
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Register persons are born 1945–1954 and register companies' codes carry "RG": no case party (province.ts) has either. */
const BIRTH_BASE = Date.UTC(1945, 0, 1);
const BIRTH_DAYS = 3650;
const PERSON_SPACE = BIRTH_DAYS * 999;
const CREDIT_SPACE = 31 ** 7;
const permute = (k: number, prime: number, space: number) => Number((BigInt(k) * BigInt(prime)) % BigInt(space));
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function party(r: Rng, seed: number, i: number, county: string, kind: PartyKind): Pick<RegisterPenaltyInput, 'partyKind' | 'partyName' | 'partyIdNumber' | 'partyCreditCode'> {
  const serial = (i + (seed >>> 0) * 7919) % PERSON_SPACE;
  if (kind === 'PERSON') {
    const m = permute(serial, 1_000_003, PERSON_SPACE);
    const birth = isoDay(BIRTH_BASE + (m % BIRTH_DAYS) * DAY).replaceAll('-', '');
    return { partyKind: 'PERSON', partyName: pick(r, SURNAMES) + pick(r, GIVEN), partyIdNumber: makeResidentId(county, birth, String(1 + Math.floor(m / BIRTH_DAYS)).padStart(3, '0')), partyCreditCode: null };
  }
  let n = permute(serial, 104_729, CREDIT_SPACE);
  let org = '';
  for (let k = 0; k < 7; k++, n = Math.floor(n / 31)) org = CODE_CHARS[n % 31] + org;
  const city = (cityName.get(`${county.slice(0, 4)}00`) ?? '').replace(/市$/, '');
  return { partyKind: 'COMPANY', partyName: `${city}${pick(r, BRANDS)}${pick(r, INDUSTRIES)}有限公司`, partyIdNumber: null, partyCreditCode: makeCreditCode(`91${county}RG${org}`) };
}

/** The amounts of one penalty whose compared amount (register/input.ts comparedAmountOf) is `amount` yuan. */
function amounts(r: Rng, amount: number): Pick<RegisterPenaltyInput, 'fineYuan' | 'confiscationYuan' | 'amountInvolvedYuan'> {
  const a = Math.max(100, Math.round(amount));
  if (chance(r, 0.5)) return { amountInvolvedYuan: a, fineYuan: Math.max(100, Math.round((a * int(r, 5, 20)) / 10)), confiscationYuan: Math.round(a * r() * 0.3) };
  const confiscation = Math.round(a * r() * 0.5);
  return { amountInvolvedYuan: null, fineYuan: a - confiscation, confiscationYuan: confiscation };
}

export interface GeneratedRegisterPenalty {
  publisher: Publisher;
  input: RegisterPenaltyInput;
  publishedAt: Date;
  pattern: RegisterPattern;
}

/** The register penalties of a run: `parties` parties of the generated agencies, decided in [from, asOf). */
export function generateRegister(seed: number, parties: number, from: number, asOf: number, config: WarningsConfig): GeneratedRegisterPenalty[] {
  const out: GeneratedRegisterPenalty[] = [];
  const lastDay = asOf - DAY;
  for (let i = 0; i < parties; i++) {
    const r = rngFor(seed, STREAM, i);
    const pattern = FIRST[i] ?? weighted(r, MIX);
    const h = i < FIRST.length ? HANDLING[i % HANDLING.length]! : pickHandling(r);
    const officer = pick(r, officersOf(h.agency.id, ['CASE_OFFICER']));
    const publisher: Publisher = { agencyId: h.agency.id, division: h.agency.divisionCode, sub: officer.sub };
    const who = party(r, seed, i, pick(r, h.counties), chance(r, 0.6) ? 'COMPANY' : 'PERSON');
    const offences = TEMPLATES[h.sector].map((t) => t.offense);
    const offence = pick(r, offences);
    const threshold = thresholdFor(config.thresholdTable, h.sector, offence).yuan;
    // [share of the threshold, days after the first decision] per penalty.
    let plan: [number, number][];
    switch (pattern) {
      case 'RED':
        plan = [[1 + r() * 1.5, 0]];
        break;
      case 'NEAR':
        plan = [[config.penaltyShare + r() * (0.97 - config.penaltyShare), 0]];
        break;
      case 'SPLIT': {
        // Two penalties, each below the near share, together past the threshold, within the split period.
        const each = Math.max(0.55, Math.min(config.penaltyShare - 0.02, 0.78));
        plan = [[each, 0], [each + r() * 0.02, int(r, 20, Math.max(20, Math.min(300, config.splitPeriodDays - 1)))]];
        break;
      }
      case 'REPEAT': {
        // penaltyRepeatCount small penalties for the same offence within the repeat period, far from the threshold together.
        const span = Math.max(1, Math.min(330, config.penaltyRepeatPeriodDays - 1));
        plan = Array.from({ length: config.penaltyRepeatCount }, (_, k) => [(0.02 + r() * 0.08) / config.penaltyRepeatCount, Math.round((span * k) / config.penaltyRepeatCount)]);
        break;
      }
      default: {
        // One penalty or, rarely, two (never as many as a repeat, never adding up to the threshold).
        const count = config.penaltyRepeatCount > 2 && chance(r, 0.25) ? 2 : 1;
        plan = Array.from({ length: count }, () => [0.02 + r() * 0.3, int(r, 30, 600)]);
      }
    }
    const span = Math.max(...plan.map(([, d]) => d));
    const first = from + Math.floor(r() * Math.max(DAY, lastDay - span * DAY - from));
    plan.forEach(([share, days], k) => {
      const decided = Math.min(lastDay, first + days * DAY);
      const decidedOn = isoDay(decided);
      out.push({
        publisher,
        pattern,
        publishedAt: new Date(Math.min(asOf, decided + int(r, 1, 15) * DAY)),
        input: {
          decisionNumber: `${ABBR[h.sector]}〔${decidedOn.slice(0, 4)}〕${seed}-${i + 1}-${k + 1}号`,
          sector: h.sector,
          ...who,
          offence: pattern === 'BELOW' ? pick(r, offences) : offence,
          legalBasis: BASIS[h.sector],
          ...amounts(r, share * threshold),
          decidedOn,
        },
      });
    });
  }
  return out;
}

export interface RegisterReport {
  penalties: number;
  proposals: number;
  /** PENALTY_INSTEAD_OF_TRANSFER warnings on the proposed cases. */
  warnings: number;
}

export interface RegisterOptions {
  seed: number;
  cases: number;
  from: number;
  asOf: Date;
  warnings: WarningsConfig;
  casesConfig: CasesConfig;
}

/** Generates, seals and inserts the register penalties of a run, then runs the register's rules once. */
export async function loadRegister(db: Database, options: RegisterOptions): Promise<RegisterReport> {
  const ring = await keyringOf(db);
  const generated = generateRegister(options.seed, registerPartiesFor(options.cases), options.from, options.asOf.getTime(), options.warnings);
  const rows = generated.map((g, k) => registerRowOf(ring, g.publisher, g.input, { id: seedId(ID_KINDS.REGISTER_PENALTY, k, 0, options.seed), publishedAt: g.publishedAt }));
  for (let i = 0; i < rows.length; i += INSERT_ROWS) await db.insert(penaltyRegister).values(rows.slice(i, i + INSERT_ROWS));
  await db.execute(sql`ANALYZE penalty_register`);
  const proposed = await proposeFromRegister(db as never, options.asOf, { config: options.warnings, deadlines: deadlinesOf(options.casesConfig) }, 'ALL');
  const raised = proposed.length
    ? Number((await queryRows<{ n: string | number }>(db, sql`select count(*) as n from ${warnings} where ${and(inArray(warnings.caseId, proposed), sql`${warnings.rule} = 'PENALTY_INSTEAD_OF_TRANSFER'`)}`))[0]!.n)
    : 0;
  return { penalties: rows.length, proposals: proposed.length, warnings: raised };
}

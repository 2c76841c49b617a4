/**
 * Who and what a generated case is made of: the demo province's administrative agencies (handling),
 * their police at the same level (receiving) and procuratorates, their officers, parties with valid
 * identifiers, and the demo's case templates (titles, facts, places) from demo/cases.ts.
 */
import type { PartyKind, Role, Sector } from '../../schema/vocabulary';
import { agencies, divisions, officers, type DemoAgency } from '../../demo/province';
import { BRANDS, GIVEN, MOBILE_PREFIXES, PLACES, SURNAMES, TEMPLATES, type DemoParty } from '../../demo/cases';
import { makeCreditCode, makeResidentId } from '../../subgraphs/kit/identifiers';
import { isJuvenile } from '../../subgraphs/cases/validation';
import type { Actor } from '../../subgraphs/cases/workflow/engine';
import { chance, int, logNormal, mix, pick, rngFor, type Rng } from './random';

const DAY = 86_400_000;

const divisionName = new Map(divisions.map((d) => [d.code, d.name]));
const COUNTIES = divisions.filter((d) => d.level === 'COUNTY').map((d) => d.code);

/** How often each sector's agencies open linkage cases, relative to one another [design]. */
const SECTOR_WEIGHT: Partial<Record<Sector, number>> = {
  MARKET_SUPERVISION: 1.6,
  ECOLOGY_ENVIRONMENT: 1.0,
  EMERGENCY_MANAGEMENT: 0.6,
  TAX: 0.9,
  NATURAL_RESOURCES: 0.8,
};

export interface HandlingAgency {
  agency: DemoAgency;
  sector: Sector;
  /** Counties whose places and residents its cases are about (its own, or the city's counties). */
  counties: string[];
  /** The police unit at the same level (Decree 310 art. 6), and the one a case is wrongly sent to first (forwarded). */
  police: string;
  wrongPolice: string | null;
  /** Lateness of this agency and of its police: 0.5 (prompt) – 2 (slow), fixed per agency. */
  slowness: number;
  policeSlowness: number;
  weight: number;
}

function slownessOf(id: string): number {
  return 0.5 + (mix(0x51011, id.split('').reduce((h, ch) => mix(h, ch.charCodeAt(0)), 7)) / 2 ** 32) * 1.5;
}

/** The demo's administrative agencies that have case templates for their sector. */
export const HANDLING: HandlingAgency[] = agencies
  .filter((a) => a.kind === 'ADMINISTRATIVE' && a.sector && TEMPLATES[a.sector].length)
  .map((a) => {
    const city = a.divisionCode.endsWith('00');
    const counties = city ? COUNTIES.filter((c) => c.startsWith(a.divisionCode.slice(0, 4))) : [a.divisionCode];
    const police = `ag-${a.divisionCode}-psb`;
    const cityPolice = `ag-${a.divisionCode.slice(0, 4)}00-psb`;
    return {
      agency: a,
      sector: a.sector!,
      counties,
      police,
      wrongPolice: city ? null : cityPolice,
      slowness: slownessOf(a.id),
      policeSlowness: slownessOf(police),
      weight: (SECTOR_WEIGHT[a.sector!] ?? 1) * (city ? 0.5 : 1),
    };
  });

for (const h of HANDLING) {
  for (const id of [h.police, h.wrongPolice, `ag-${h.agency.divisionCode}-proc`]) {
    if (id && !agencies.some((a) => a.id === id)) throw new Error(`seed: the demo province has no agency ${id}`);
  }
}

const TOTAL_WEIGHT = HANDLING.reduce((s, h) => s + h.weight, 0);
export function pickHandling(r: Rng): HandlingAgency {
  let x = r() * TOTAL_WEIGHT;
  for (const h of HANDLING) if ((x -= h.weight) < 0) return h;
  return HANDLING[HANDLING.length - 1]!;
}

// ---------------------------------------------------------------------------
// Officers
// ---------------------------------------------------------------------------

const actors = new Map<string, Actor[]>();
/** The officers of an agency holding one of the roles, as workflow actors (cached). */
export function officersOf(agencyId: string, roles: readonly Role[]): Actor[] {
  const key = `${agencyId}|${roles.join(',')}`;
  let list = actors.get(key);
  if (!list) {
    const a = agencies.find((x) => x.id === agencyId);
    list = officers
      .filter((o) => o.agencyId === agencyId && o.roles.some((r) => roles.includes(r)))
      .map((o) => ({ sub: o.id, agencyId, agencyKind: a!.kind, division: a!.divisionCode, roles: o.roles, purpose: null }));
    if (!a || !list.length) throw new Error(`seed: no officer of ${agencyId} with ${roles.join('/')}`);
    actors.set(key, list);
  }
  return list;
}

// ---------------------------------------------------------------------------
// Parties
// ---------------------------------------------------------------------------

export type GeneratedParty = Omit<DemoParty, 'id'>;

const BIRTH_BASE = Date.UTC(1955, 0, 1);
const BIRTH_DAYS = 16_000; // 1955 – 1998
/** Resident ID numbers: every person a distinct (birth day, sequence) — a permutation of a counter, so no two persons share one. */
const PERSON_SPACE = BIRTH_DAYS * 899;
const POOL_SPACE = BIRTH_DAYS * 100;
const CREDIT_SPACE = 31 ** 7;
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const SECOND = ['达', '源', '盛', '通', '泰', '隆', '昌', '丰', '安', '华', '鑫', '信', '和', '兴', '宇', '辉', '晟', '瑞', '邦', '诚'];
const INDUSTRIES = ['商贸', '实业', '科技', '贸易', '制造', '工贸', '建材', '食品'];

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
const permute = (k: number, prime: number, space: number) => Number((BigInt(k) * BigInt(prime)) % BigInt(space));

function orgChars(n: number): string {
  let s = '';
  for (let i = 0; i < 7; i++) {
    s = CODE_CHARS[n % 31] + s;
    n = Math.floor(n / 31);
  }
  return s;
}

function address(r: Rng, county: string): string {
  const p = PLACES[county]!;
  return `浙江省${divisionName.get(`${county.slice(0, 4)}00`)}${divisionName.get(county)}${pick(r, p.roads)}${int(r, 1, 888)}号`;
}
const mobile = (r: Rng) => pick(r, MOBILE_PREFIXES) + String(int(r, 0, 99_999_999)).padStart(8, '0');

/** A person; `serial` makes the ID number unique (pool persons take sequences 900–999, others 001–899). */
function person(r: Rng, county: string, serial: number, pool: boolean): GeneratedParty {
  const m = pool ? permute(serial, 1_000_003, POOL_SPACE) : permute(serial, 10_000_019, PERSON_SPACE);
  const day = m % BIRTH_DAYS;
  const seq = (pool ? 900 : 1) + Math.floor(m / BIRTH_DAYS);
  const birthCounty = chance(r, 0.75) ? county : pick(r, COUNTIES);
  return {
    kind: 'PERSON',
    name: pick(r, SURNAMES) + pick(r, GIVEN),
    idNumber: makeResidentId(birthCounty, ymd(BIRTH_BASE + day * DAY), String(seq).padStart(3, '0')),
    creditCode: null,
    phone: mobile(r),
    address: address(r, county),
    juvenile: false,
  };
}

/** A juvenile helper (records sealed): born 14–17 years before the case. */
function juvenile(r: Rng, county: string, createdAt: number, serial: number): GeneratedParty {
  const birth = createdAt - int(r, 14 * 366, 17 * 365) * DAY;
  const idNumber = makeResidentId(county, ymd(birth), String(900 + (serial % 100)).padStart(3, '0'));
  return { kind: 'PERSON', name: pick(r, SURNAMES) + pick(r, GIVEN), idNumber, creditCode: null, phone: null, address: address(r, county), juvenile: isJuvenile(idNumber, new Date(createdAt)) };
}

function company(r: Rng, county: string, serial: number, industry: string, pool: boolean): GeneratedParty {
  const n = permute(pool ? CREDIT_SPACE - 1 - serial : serial, 104_729, CREDIT_SPACE);
  const city = (divisionName.get(`${county.slice(0, 4)}00`) ?? '').replace(/市$/, '');
  return {
    kind: 'COMPANY',
    name: `${city}${pick(r, BRANDS)}${pick(r, SECOND)}${industry}有限公司`,
    idNumber: null,
    creditCode: makeCreditCode(`91${county}MA${orgChars(n)}`),
    phone: chance(r, 0.5) ? mobile(r) : null,
    address: address(r, county),
    juvenile: false,
  };
}

/**
 * Repeat parties: a few persons and companies per county who appear in several cases (the
 * repeated non-filing and split-penalty warnings are about them). Deterministic from the run's
 * seed and their number, so every case that draws one gets the same party.
 */
export function poolParty(seed: number, county: string, kind: PartyKind, n: number): GeneratedParty {
  const countyIndex = COUNTIES.indexOf(county);
  const serial = countyIndex * 100_000 + n;
  const r = rngFor(seed, kind === 'PERSON' ? 0x9e01 : 0x9e02, serial);
  return kind === 'PERSON' ? person(r, county, serial, true) : company(r, county, serial, pick(r, INDUSTRIES), true);
}

export interface CaseText {
  title: string;
  facts: string;
  amount: number;
  county: string;
  parties: GeneratedParty[];
}

/**
 * Title, facts, amount and parties of case `index`, from the demo's templates for the sector. One
 * case in `poolShare` has a repeat party (poolSize per county) as its first party.
 */
export function caseText(r: Rng, seed: number, index: number, h: HandlingAgency, createdAt: number, poolShare: number, poolSize: number): CaseText {
  const county = pick(r, h.counties);
  const templates = TEMPLATES[h.sector];
  const tpl = pick(r, templates);
  const street = pick(r, PLACES[county]!.streets);
  const place = `${divisionName.get(county)}${street}`;
  const [lo, hi] = tpl.amount;
  const amount = Math.round(logNormal(r, Math.sqrt(lo * hi), 0.6, lo, hi * 1.5) / 100) * 100;
  const start = new Date(createdAt - int(r, 60, 300) * DAY);
  const day = new Date(createdAt - int(r, 2, 12) * DAY);
  const facts = tpl.facts({
    place,
    day: `${day.getUTCFullYear()}年${day.getUTCMonth() + 1}月${day.getUTCDate()}日`,
    startMonth: `${start.getUTCFullYear()}年${start.getUTCMonth() + 1}月`,
    amount,
    n: int(r, 120, 2_400),
    t: int(r, 4, 60),
    x: int(r, 2, 18),
  });
  const subject = int(r, 0, tpl.subjects.length - 1);
  const industry = tpl.industry[subject % tpl.industry.length]!;
  const serial = (k: number) => index * 4 + k;
  const parties = tpl.parties.map((kind, k) =>
    k === 0 && chance(r, poolShare)
      ? poolParty(seed, county, kind, int(r, 0, poolSize - 1))
      : kind === 'PERSON'
        ? person(r, county, serial(k), false)
        : company(r, county, serial(k), industry, false),
  );
  if (chance(r, 0.004)) parties.push(juvenile(r, county, createdAt, serial(3)));
  else if (parties.length < 3 && chance(r, 0.3)) parties.push(person(r, county, serial(parties.length), false));
  return {
    title: `${divisionName.get(county)}${street}${tpl.subjects[subject]}涉嫌${tpl.offense}案`,
    facts,
    amount,
    county,
    parties: parties.slice(0, 3),
  };
}

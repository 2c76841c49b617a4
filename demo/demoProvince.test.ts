/**
 * npm start's demo, as it stands after a first start: the hand-written cases plus the generated
 * province (scripts/seed/demo.ts), asked through the gateway as a front-end team would.
 */
import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendDemoProvince, DEMO_GENERATED_CASES, loadDemoProvinceConfig, type DemoProvinceOptions } from '../scripts/seed/demo';
import { loadCasesConfig } from '../subgraphs/cases/config';
import { cases as caseTable, parties as partyTable, penaltyRegister } from '../subgraphs/cases/db/schema';
import { keyringOf, openParties, openRegisterPenalties } from '../subgraphs/cases/personalData';
import { auditCasesDatabase } from '../subgraphs/cases/timeline/audit';
import { loadWarningsConfig } from '../subgraphs/cases/warnings/config';
import { sweepWarnings } from '../subgraphs/cases/warnings/sweep';
import { warnings } from '../subgraphs/cases/warnings/tables';
import { LocalBlobStore } from '../subgraphs/dossiers/blobs/local';
import { auditDossiers } from '../subgraphs/dossiers/chain/audit';
import { loadDossiersConfig } from '../subgraphs/dossiers/config';
import { ManualClock } from '../subgraphs/kit/clock';
import { queryRows, type Database } from '../subgraphs/kit/db';
import { makeResidentId } from '../subgraphs/kit/identifiers';
import { cases as demoCases } from './cases';
import { dumpDatabase } from '../test/dumpDatabase';
import { DATABASE_KIND, startTestGraph, type TestGraph } from '../test/harness';

const AS_OF = new Date(Math.floor(Date.now() / 60_000) * 60_000);
/**
 * The generated province also publishes a penalty register (scripts/seed/register.ts): 3000 cases
 * give 120 register parties; the first four are one hit of each kind and the mix drew 18 more among
 * the other 116, so its rules propose 22 DRAFT cases, each with a 以罚代刑 warning. Counted once from
 * the seeded demo and written out here (the count does not depend on the start time: the patterns
 * and amounts come from the seed, the dates only move with it).
 */
const PROPOSED = 22;
const count = async (db: Database, q: ReturnType<typeof sql>) => Number((await queryRows<{ n: string | number }>(db, q))[0]!.n);

describe(`npm start's demo with its generated cases (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let options: DemoProvinceOptions;
  let casesDb: Database;
  let dossiersDb: Database;
  const clock = new ManualClock(AS_OF);

  beforeAll(async () => {
    graph = await startTestGraph({ clock });
    const db = (name: string) => graph.subgraphs[name]!.db as Database;
    casesDb = db('cases');
    dossiersDb = db('dossiers');
    options = {
      databases: { agencies: db('agencies'), cases: casesDb, dossiers: dossiersDb },
      cases: DEMO_GENERATED_CASES,
      asOf: AS_OF,
      blobs: new LocalBlobStore(graph.dossierBlobDir),
      materials: loadDossiersConfig({}).requiredMaterials,
      casesConfig: loadCasesConfig({}),
      warnings: loadWarningsConfig({}),
    };
    const report = await appendDemoProvince(options);
    expect(report?.generated.cases).toBe(3000);
    expect(report?.register).toEqual({ penalties: 171, proposals: PROPOSED, warnings: PROPOSED });
  }, 240_000);
  afterAll(() => graph?.close());

  it('adds 3000 generated cases after the hand-written ones, once: a second start adds nothing', async () => {
    expect(await count(casesDb, sql`select count(*) as n from ${caseTable}`)).toBe(demoCases.length + 3000 + PROPOSED);
    expect(await appendDemoProvince(options)).toBeNull();
    expect(await appendDemoProvince({ ...options, cases: 0 })).toBeNull();
    expect(await count(casesDb, sql`select count(*) as n from ${caseTable}`)).toBe(demoCases.length + 3000 + PROPOSED);
  });

  it('holds no party of the 3000 generated cases in clear in any database (personal data at rest, decision 91)', async () => {
    const all = await openParties(await keyringOf(casesDb), await casesDb.select().from(partyTable));
    expect(all.length).toBeGreaterThan(3000);
    // …and the register's parties (scripts/seed/register.ts), sealed as intake seals them.
    const register = await openRegisterPenalties(await keyringOf(casesDb), await casesDb.select().from(penaltyRegister));
    expect(register.length).toBeGreaterThan(100);
    const identifiers = [...all, ...register.map((p) => ({ name: p.partyName, idNumber: p.partyIdNumber, creditCode: p.partyCreditCode }))].flatMap((p) => [p.idNumber, p.creditCode].filter((v): v is string => !!v));
    // Every identifier, found by its token; names (which can sit inside any text) by search, one in ten.
    const names = [...all.filter((_, i) => i % 10 === 0).map((p) => p.name), ...register.map((p) => p.partyName)];
    for (const name of ['cases', 'dossiers', 'agencies'] as const) {
      const dump = await dumpDatabase(graph.subgraphs[name]!.db as Database);
      const tokens = new Set(dump.match(/[0-9A-Z]{18}/g) ?? []);
      expect(identifiers.filter((v) => tokens.has(v)), name).toEqual([]);
      expect(names.filter((v) => dump.includes(v)), name).toEqual([]);
    }
  }, 120_000);

  it('holds register penalties and the cases their rules proposed, each with its 以罚代刑 warning', async () => {
    const proposals = await queryRows<{ level: string; reason: string; status: string; rule: string | null; warning_level: string | null }>(
      casesDb,
      sql`select rp.level, rp.reason, c.status, w.rule, w.level as warning_level from register_proposals rp
          join ${caseTable} c on c.id = rp.case_id left join ${warnings} w on w.case_id = rp.case_id and w.ended_at is null`,
    );
    expect(proposals).toHaveLength(PROPOSED);
    for (const p of proposals) expect(p).toMatchObject({ status: 'DRAFT', rule: 'PENALTY_INSTEAD_OF_TRANSFER', warning_level: p.level });
    const kinds: Record<string, number> = {};
    for (const { reason } of proposals) {
      const kind = / reaches /.test(reason) ? 'red' : /^split penalties/.test(reason) ? 'split' : /for the same offence/.test(reason) ? 'repeated' : 'near';
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
    expect(kinds).toEqual({ red: 4, near: 3, split: 6, repeated: 9 });
    expect(await count(casesDb, sql`select count(*) as n from penalty_register`)).toBe(171);
  });

  it('keeps every chain whole: timelines, warnings and dossiers audit clean', async () => {
    const cases = await auditCasesDatabase(casesDb as never);
    expect({ checked: cases.checked, broken: cases.broken, problems: cases.problems }).toEqual({ checked: demoCases.length + 3000 + PROPOSED, broken: [], problems: [] });
    const dossiers = await auditDossiers(dossiersDb);
    expect(dossiers.problems).toEqual([]);
    expect(dossiers.checked).toBeGreaterThan(demoCases.length + 2000);
  }, 120_000);

  it('raised the warnings a sweep would: the first sweep at the same moment adds none to generated cases', async () => {
    const ids = demoCases.map((c) => c.id);
    const onGenerated = () => count(casesDb, sql`select count(*) as n from ${warnings} where not (${inArray(warnings.caseId, ids)})`);
    const onDemo = () => count(casesDb, sql`select count(*) as n from ${warnings} where ${inArray(warnings.caseId, ids)}`);
    const before = { generated: await onGenerated(), demo: await onDemo() };
    expect(before.generated).toBeGreaterThan(50);
    // Whatever the sweep raises is on the hand-written cases, as on every first start.
    const sweep = await sweepWarnings(casesDb as never, { clock, config: options.warnings });
    expect({ generated: await onGenerated(), demo: await onDemo() }).toEqual({ generated: before.generated, demo: before.demo + sweep.raised });
  }, 60_000);

  it('gives the demo analyst statistics whose cells are mostly above the minimum cell size', async () => {
    const token = await graph.token({ login: 'hu.xiuying.zj-plc' });
    const query = `query($groupBy: [StatisticsDimension!]) { caseStatistics(groupBy: $groupBy, period: MONTH) {
      window { to } minimumCellSize suppressedGroups groups { sector period suppressed cases } total { cases } } }`;
    const bySector = await graph.query(query, { groupBy: ['SECTOR'] }, { token });
    expect(bySector.errors).toBeUndefined();
    const s = bySector.data.caseStatistics;
    expect(s.minimumCellSize).toBe(5);
    // A statistics-only caller (decision 96) counts closed months only, with noise: the window ends
    // where the current local month begins, and the total is the cases registered before it (the
    // proposals, opened now, are not among them) give or take the noise — a few hundred generated
    // cases a year, so at most about 120 a month fall after the window.
    const monthStart = new Date(Date.now() + 8 * 3600_000);
    expect(s.window.to).toBe(new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth(), 1) - 8 * 3600_000).toISOString());
    expect(s.total.cases).toBeGreaterThan(demoCases.length + 3000 - 150);
    expect(s.total.cases).toBeLessThan(demoCases.length + 3000 + 25);
    // Five sectors, none suppressed, the smallest (tax, three county bureaus) still in the hundreds.
    expect(s.groups).toHaveLength(5);
    expect(s.suppressedGroups).toBe(0);
    for (const g of s.groups) expect(g.cases, g.sector).toBeGreaterThanOrEqual(200);

    const byMonth = (await graph.query(query, { groupBy: ['PERIOD'] }, { token })).data.caseStatistics;
    // Three years of months (37 or 38 with the partial first and current ones), at most the first one thin.
    expect(byMonth.groups.length).toBeGreaterThanOrEqual(36);
    expect(byMonth.suppressedGroups).toBeLessThanOrEqual(1);
    const shown = byMonth.groups.filter((g: { suppressed: boolean }) => !g.suppressed);
    expect(shown.length).toBeGreaterThanOrEqual(35);
    for (const g of shown) expect(g.cases, g.period).toBeGreaterThanOrEqual(5);

    // Month by sector: about 190 cells of 16 cases on average; still most of them shown.
    const cells = (await graph.query(query, { groupBy: ['SECTOR', 'PERIOD'] }, { token })).data.caseStatistics;
    expect(cells.suppressedGroups).toBeLessThan(cells.groups.length / 4);
  });

  it("needs paging for a supervisor's case list: more than a page of 100", async () => {
    const pages = async (login: string) => {
      const token = await graph.token({ login });
      let after: string | null = null;
      let seen = 0;
      let first = 0;
      for (let page = 0; page < 100; page++) {
        const res: any = await graph.query(`query($after: String) { cases(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after }, { token });
        expect(res.errors).toBeUndefined();
        const { nodes, pageInfo } = res.data.cases;
        if (page === 0) first = nodes.length;
        seen += nodes.length;
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      return { first, seen };
    };
    // The walk-through's county procuratorate (西湖区: about a sixth of the province's cases).
    const county = await pages('zhao.xiuying.xh-proc');
    expect(county.first).toBe(100);
    expect(county.seen).toBeGreaterThanOrEqual(300);
    // The provincial procuratorate sees the whole province.
    const province = await pages('wang.li.zj-proc');
    expect(province.seen).toBe(demoCases.length + 3000 + PROPOSED);
  }, 120_000);

  it('numbers a new case after every demo and generated number of its division and year', async () => {
    const token = await graph.token({ login: 'song.wenjie.xh-msa' });
    const year = String(AS_OF.getUTCFullYear());
    const last = await count(casesDb, sql`select max(split_part(number, '-', 4)::int) as n from ${caseTable} where division_code = '330106' and split_part(number, '-', 3) = ${year}`);
    expect(last).toBeGreaterThan(demoCases.filter((c) => c.divisionCode === '330106').length);
    const res = await graph.query(`mutation($input: CreateCaseInput!) { createCase(input: $input) { number } }`, {
      input: { title: '某商行涉嫌销售假冒注册商标的商品案', sector: 'MARKET_SUPERVISION', facts: '经查……', amountInvolved: 80000, parties: [{ kind: 'PERSON', name: '张三', idNumber: makeResidentId('330106', '19850312', '123') }] },
    }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data.createCase.number).toBe(`XF-330106-${year}-${String(last + 1).padStart(4, '0')}`);
  });
});

describe('DEMO_GENERATED_CASES', () => {
  it('defaults to 3000, takes 0 to turn the generated cases off, and names a bad value', () => {
    expect(loadDemoProvinceConfig({})).toEqual({ cases: 3000 });
    expect(loadDemoProvinceConfig({ DEMO_GENERATED_CASES: '0' })).toEqual({ cases: 0 });
    expect(loadDemoProvinceConfig({ DEMO_GENERATED_CASES: '500' })).toEqual({ cases: 500 });
    for (const bad of ['-1', '2.5', 'many', '100001']) {
      expect(() => loadDemoProvinceConfig({ DEMO_GENERATED_CASES: bad })).toThrow(
        `DEMO_GENERATED_CASES must be a whole number from 0 to 100000 (0: no generated cases), got "${bad}"`,
      );
    }
  });
});

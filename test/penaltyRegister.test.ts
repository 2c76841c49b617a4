/**
 * The penalty register (decision 94) through the gateway with the real subgraphs: an agency
 * publishes penalties one by one and in bulk (CSV, JSON), the 以罚代刑 rules run over the whole
 * register and propose linkage cases with their warnings, who sees what, duplicates and conflicts,
 * and the party never in clear at rest. Thresholds are the defaults, written out here by hand:
 * MARKET_SUPERVISION 50,000 yuan (立案追诉标准（一）第十六条), yellow from 80 % (40,000), split
 * period 365 days, 3 penalties for the same offence within 365 days.
 */
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCreditCode, makeResidentId } from '../subgraphs/kit/identifiers';
import { DEFAULT_WARNINGS_CONFIG } from '../subgraphs/cases/warnings/config';
import { loadDeadlines } from '../subgraphs/cases/config';
import { sweepWarnings } from '../subgraphs/cases/warnings/sweep';
import { proposeFromRegister } from '../subgraphs/cases/register/propose';
import { intake } from '../subgraphs/cases/register/intake';
import { keyringOf } from '../subgraphs/cases/personalData';
import { dumpDatabase } from './dumpDatabase';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runImport } from '../scripts/penalties-import';
import { AGENCY, bringToReceived, company, startWorkflowGraph, type WorkflowGraph, type Who } from './workflowKit';

const A = makeCreditCode('91330106MA2PEN0A1');
const B = makeCreditCode('91330106MA2PEN0B1');
const E = makeCreditCode('91330106MA2PEN0E1');
const H = makeCreditCode('91330106MA2PEN0H1');
const K = makeCreditCode('91330106MA2PEN0K1');
const I = makeCreditCode('91330106MA2PEN0L1');
const C = makeResidentId('330106', '19800101', '731');
const D = makeResidentId('330106', '19810202', '742');
const BAD_ID = C.slice(0, 17) + (C.endsWith('1') ? '2' : '1');

const PENALTY = 'id decisionNumber agency { id } divisionCode sector partyKind partyName partyIdNumber partyCreditCode offence legalBasis fineYuan confiscationYuan amountInvolvedYuan comparedAmountYuan decidedOn proposedCase { id }';
const PROPOSED = 'id number stage handlingAgency { id } proposal { status level reason declineReasons penalties { decisionNumber } } penalties { decisionNumber amountYuan } warnings { rule level step reason responsibleAgency { id } }';

const publishA = {
  decisionNumber: '西市监罚〔2026〕100号',
  sector: 'MARKET_SUPERVISION',
  partyKind: 'COMPANY',
  partyName: '杭州甲食品有限公司',
  partyCreditCode: A,
  offence: '销售伪劣产品',
  legalBasis: '《中华人民共和国产品质量法》第五十条',
  fineYuan: '8000.00',
  amountInvolvedYuan: '40000',
  decidedOn: '2026-10-20',
};

const HEADER = 'decisionNumber,sector,partyKind,partyName,partyIdNumber,partyCreditCode,offence,legalBasis,fineYuan,confiscationYuan,amountInvolvedYuan,decidedOn';
/** Rows numbered from 1 after the header; a BOM, quoted fields with commas and doubled quotes, Chinese text. */
const CSV = [
  `\uFEFF${HEADER}`,
  `西市监罚〔2026〕101号,MARKET_SUPERVISION,COMPANY,杭州乙贸易有限公司,,${B},"销售""三无""产品","《产品质量法》第四十九条,第五十条",30000,20000,,2026-05-10`, // 1: 30,000 + 20,000 = 50,000 → red
  `西市监罚〔2026〕102号,MARKET_SUPERVISION,PERSON,王丙,${C},,未按规定标明价格,《价格法》第四十二条,20000,,,2026-01-10`, // 2
  `西市监罚〔2026〕103号,MARKET_SUPERVISION,PERSON,王丙,${C},,未按规定标明价格,《价格法》第四十二条,20000,,,2026-03-01`, // 3
  `西市监罚〔2026〕104号,MARKET_SUPERVISION,PERSON,王丙,${C},,未按规定标明价格,《价格法》第四十二条,15000,,,2026-06-01`, // 4: 55,000 within 365 days → yellow
  `西市监罚〔2024〕105号,MARKET_SUPERVISION,PERSON,李丁,${D},,未按规定标明价格,《价格法》第四十二条,20000,,,2024-01-10`, // 5
  `西市监罚〔2024〕106号,MARKET_SUPERVISION,PERSON,李丁,${D},,超范围经营,《价格法》第四十二条,20000,,,2024-09-01`, // 6
  `西市监罚〔2025〕107号,MARKET_SUPERVISION,PERSON,李丁,${D},,未按规定标明价格,《价格法》第四十二条,15000,,,2025-06-01`, // 7: no 365 days hold more than 40,000 → nothing
  `西市监罚〔2026〕108号,MARKET_SUPERVISION,COMPANY,杭州戊商贸有限公司,,${E},无照经营,《无证无照经营查处办法》第十三条,1000,,,2026-02-01`, // 8
  `西市监罚〔2026〕109号,MARKET_SUPERVISION,COMPANY,杭州戊商贸有限公司,,${E},无照经营,《无证无照经营查处办法》第十三条,1000,,,2026-04-01`, // 9
  `西市监罚〔2026〕110号,MARKET_SUPERVISION,COMPANY,杭州戊商贸有限公司,,${E},无照经营,《无证无照经营查处办法》第十三条,1000,,,2026-07-01`, // 10: third for the same offence → yellow
  `西市监罚〔2026〕111号,MARKET_SUPERVISION,PERSON,赵己,${BAD_ID},,无照经营,《无证无照经营查处办法》第十三条,1000,,,2026-07-01`, // 11: bad check digit
  `西市监罚〔2026〕112号,MARKET_SUPERVISION,COMPANY,杭州庚有限公司,,${K},无照经营,《无证无照经营查处办法》第十三条,一千元,,,2026-07-01`, // 12: not an amount
  `西市监罚〔2026〕113号,FISHING,COMPANY,杭州庚有限公司,,${K},无照经营,《无证无照经营查处办法》第十三条,1000,,,2026-07-01`, // 13: no such sector
  `西市监罚〔2026〕100号,MARKET_SUPERVISION,COMPANY,杭州甲食品有限公司,,${A},销售伪劣产品,《中华人民共和国产品质量法》第五十条,8000,,40000.00,2026-10-20`, // 14: A again, same content
  `西市监罚〔2026〕100号,MARKET_SUPERVISION,COMPANY,杭州甲食品有限公司,,${A},销售伪劣产品,《中华人民共和国产品质量法》第五十条,9000,,40000,2026-10-20`, // 15: A's number, other fine
  `西市监罚〔2026〕114号,MARKET_SUPERVISION,COMPANY,${company.name},,${company.creditCode},销售假冒注册商标的商品,《商标法》第六十条,60000,,,2026-10-01`, // 16: party of a transferred case
  `西市监罚〔2026〕115号,MARKET_SUPERVISION,COMPANY,杭州庚有限公司,,${K},无照经营,《无证无照经营查处办法》第十三条,1000,,,2026-12-01`, // 17: in the future
].join('\r\n');

describe('penalty register', () => {
  let wf: WorkflowGraph;
  const q = async (who: Who, query: string, variables: Record<string, unknown> = {}, purpose?: string) =>
    wf.graph.query(query, variables, { token: await wf.token(who), purpose });
  const readCase = async (id: string, who: Who = 'agencyOfficer') => {
    const r = await q(who, `query($id: ID!) { case(id: $id) { ${PROPOSED} } }`, { id });
    return r;
  };
  const publish = (who: Who, input: Record<string, unknown>, key: string) =>
    q(who, `mutation($k: String!, $i: RegisterPenaltyInput!) { publishPenalty(idempotencyKey: $k, input: $i) { replayed duplicate penalty { ${PENALTY} } proposedCases { id number stage } } }`, { k: key, i: input });
  const importText = (who: Who, format: string, text: string, allOrNothing = false) =>
    q(who, `mutation($f: PenaltyImportFormat!, $t: String!, $a: Boolean) { importPenalties(format: $f, text: $t, allOrNothing: $a) { received accepted duplicates refused written rows { row decisionNumber outcome field code reason penalty { id } } proposedCases { id } } }`, { f: format, t: text, a: allOrNothing });
  const registerCount = async () => Number((await wf.graph.subgraphs.cases!.db.execute('select count(*)::int as n from penalty_register' as never) as any).rows[0].n);
  let transferredCaseId: string;
  let proposalA: string;
  let imported: any;

  beforeAll(async () => {
    wf = await startWorkflowGraph();
    // `company` is a party of a case the agency transferred: its later penalties are that conduct.
    transferredCaseId = await wf.createCase();
    await bringToReceived(wf, transferredCaseId);
  }, 180_000);
  afterAll(async () => wf?.close());

  it('one penalty of 40,000 (80 % of 50,000) is yellow: a DRAFT case is proposed to the agency, carrying it, with its warning', async () => {
    const r = await publish('agencyOfficer', publishA, 'publish-a-0001');
    expect(r.errors).toBeUndefined();
    const p = r.data.publishPenalty;
    expect([p.replayed, p.duplicate, p.penalty.fineYuan, p.penalty.confiscationYuan, p.penalty.amountInvolvedYuan, p.penalty.comparedAmountYuan]).toEqual([false, false, '8000.00', '0.00', '40000.00', '40000.00']);
    expect([p.penalty.agency.id, p.penalty.divisionCode, p.penalty.sector]).toEqual([AGENCY.handling, '330106', 'MARKET_SUPERVISION']);
    // masked by default, even for the publishing agency
    expect(p.penalty.partyName).toBe('杭********');
    expect(p.penalty.partyCreditCode).not.toBe(A);
    expect(p.proposedCases).toHaveLength(1);
    proposalA = p.proposedCases[0].id;
    expect(p.proposedCases[0].stage).toBe('DRAFT');
    const c = (await readCase(proposalA)).data.case;
    expect(c.handlingAgency.id).toBe(AGENCY.handling);
    expect(c.proposal).toMatchObject({ status: 'PROPOSED', level: 'YELLOW', declineReasons: null, penalties: [{ decisionNumber: '西市监罚〔2026〕100号' }] });
    expect(c.penalties).toEqual([{ decisionNumber: '西市监罚〔2026〕100号', amountYuan: '8000.00' }]);
    expect(c.warnings).toHaveLength(1);
    const [w] = c.warnings;
    expect([w.rule, w.level, w.step, w.responsibleAgency.id]).toEqual(['PENALTY_INSTEAD_OF_TRANSFER', 'YELLOW', 'NOTIFIED', AGENCY.handling]);
    expect(w.reason).toContain('a penalty of ¥40,000 is 80 % of the MARKET_SUPERVISION (伪劣产品) criminal threshold of ¥50,000');
    expect(w.reason).toContain('《关于公安机关管辖的刑事案件立案追诉标准的规定（一）》第十六条');
  });

  it('a retry is replayed, a duplicate is not written twice, other content under the same number or key is CONFLICT', async () => {
    const before = await registerCount();
    const again = await publish('agencyOfficer', publishA, 'publish-a-0001');
    expect([again.data.publishPenalty.replayed, again.data.publishPenalty.proposedCases]).toEqual([true, []]);
    const dup = await publish('agencyOfficer', { ...publishA, fineYuan: '8000' }, 'publish-a-0002');
    expect([dup.data.publishPenalty.duplicate, dup.data.publishPenalty.replayed]).toEqual([true, false]);
    const other = await publish('agencyOfficer', { ...publishA, fineYuan: '9000.00' }, 'publish-a-0003');
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.decisionNumber' });
    const keyReused = await publish('agencyOfficer', { ...publishA, decisionNumber: '西市监罚〔2026〕199号' }, 'publish-a-0001');
    expect(keyReused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const bad = await publish('agencyOfficer', { ...publishA, decisionNumber: '西市监罚〔2026〕198号', partyCreditCode: '91330106MA2PEN0A10' }, 'publish-a-0004');
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.partyCreditCode' });
    expect(await registerCount()).toBe(before);
  });

  it('only case officers of an administrative agency publish', async () => {
    for (const who of ['police', 'procurator', 'agencyHead'] as Who[]) {
      expect((await publish(who, { ...publishA, decisionNumber: 'X-1' }, 'publish-x-0001')).errors?.[0]?.extensions?.code, who).toBe('FORBIDDEN');
    }
  });

  it('a CSV import: every row reported, accepted rows written, red / split / repeated hits proposed, the spread-out party and the transferred party not', async () => {
    const r = await importText('agencyOfficer', 'CSV', CSV);
    expect(r.errors).toBeUndefined();
    imported = r.data.importPenalties;
    expect([imported.received, imported.accepted, imported.duplicates, imported.refused, imported.written]).toEqual([17, 11, 1, 5, true]);
    const outcome = (n: number) => imported.rows.find((x: any) => x.row === n);
    expect(imported.rows.filter((x: any) => x.outcome !== 'ACCEPTED').map((x: any) => [x.row, x.outcome, x.field, x.code])).toEqual([
      [11, 'REFUSED', 'partyIdNumber', 'BAD_USER_INPUT'],
      [12, 'REFUSED', 'fineYuan', 'BAD_USER_INPUT'],
      [13, 'REFUSED', 'sector', 'BAD_USER_INPUT'],
      [14, 'DUPLICATE', null, null],
      [15, 'REFUSED', 'decisionNumber', 'CONFLICT'],
      [17, 'REFUSED', 'decidedOn', 'BAD_USER_INPUT'],
    ]);
    expect(outcome(14).penalty).not.toBeNull();
    expect(outcome(1).decisionNumber).toBe('西市监罚〔2026〕101号');
    expect(imported.proposedCases).toHaveLength(3);
    const byDecision = new Map<string, any>();
    for (const { id } of imported.proposedCases) {
      const c = (await readCase(id)).data.case;
      byDecision.set(c.proposal.penalties[0].decisionNumber, c);
    }
    const b = byDecision.get('西市监罚〔2026〕101号');
    expect([b.proposal.level, b.warnings.map((w: any) => w.level)]).toEqual(['RED', ['RED']]);
    expect(b.warnings[0].reason).toContain('a penalty of ¥50,000 reaches the MARKET_SUPERVISION criminal threshold of ¥50,000');
    const cc = byDecision.get('西市监罚〔2026〕102号');
    expect(cc.proposal.penalties.map((p: any) => p.decisionNumber)).toEqual(['西市监罚〔2026〕102号', '西市监罚〔2026〕103号', '西市监罚〔2026〕104号']);
    expect([cc.proposal.level, cc.warnings[0].level]).toEqual(['YELLOW', 'YELLOW']);
    expect(cc.warnings[0].reason).toContain('split penalties on one party add up to ¥55,000 within 365 days');
    const e = byDecision.get('西市监罚〔2026〕108号');
    expect(e.warnings[0].reason).toContain('3 penalties on one party for the same offence (无照经营) within 365 days');
    expect([...byDecision.keys()].sort()).toEqual(['西市监罚〔2026〕101号', '西市监罚〔2026〕102号', '西市监罚〔2026〕108号']);
  });

  it('the sweep over the whole register proposes nothing twice; concurrent runs propose once', async () => {
    const db = wf.graph.subgraphs.cases!.db as never;
    const deadlines = loadDeadlines({});
    const report = await sweepWarnings(db, { clock: wf.clock, config: DEFAULT_WARNINGS_CONFIG, deadlines });
    expect(report.proposed).toBe(0);
    // Two penalties of 30,000 on one party, written without proposing, then two runs at once.
    await intake(db, await keyringOf(db), { agencyId: AGENCY.handling, division: '330106', sub: 'of-0047' }, [
      { ...publishA, decisionNumber: 'H-1', partyName: '杭州辛有限公司', partyCreditCode: H, offence: '虚假宣传', fineYuan: '30000', amountInvolvedYuan: null },
      { ...publishA, decisionNumber: 'H-2', partyName: '杭州辛有限公司', partyCreditCode: H, offence: '虚假宣传', fineYuan: '30000', amountInvolvedYuan: null, decidedOn: '2026-10-21' },
    ], wf.clock.now(), { allOrNothing: true, today: '2026-11-02' });
    const runs = await Promise.all([1, 2].map(() => proposeFromRegister(db, wf.clock.now(), { config: DEFAULT_WARNINGS_CONFIG, deadlines })));
    expect(runs.flat()).toHaveLength(1);
    expect((await sweepWarnings(db, { clock: wf.clock, config: DEFAULT_WARNINGS_CONFIG, deadlines })).proposed).toBe(0);
    // An intake whose proposing never ran (a crash after its commit) is caught up by the next sweep.
    await intake(db, await keyringOf(db), { agencyId: AGENCY.handling, division: '330106', sub: 'of-0047' }, [
      { ...publishA, decisionNumber: 'I-1', partyName: '杭州壬有限公司', partyCreditCode: I, offence: '虚假宣传', fineYuan: '50000', amountInvolvedYuan: null },
    ], wf.clock.now(), { allOrNothing: true, today: '2026-11-02' });
    expect((await sweepWarnings(db, { clock: wf.clock, config: DEFAULT_WARNINGS_CONFIG, deadlines })).proposed).toBe(1);
    expect((await sweepWarnings(db, { clock: wf.clock, config: DEFAULT_WARNINGS_CONFIG, deadlines })).proposed).toBe(0);
  });

  it('the procuratorate sees the register and the proposals; a supervising organ the flow only; another agency nothing', async () => {
    const list = async (who: Who) => q(who, `{ penaltyRegister(first: 100) { nodes { id decisionNumber decidedOn proposedCase { id } } } }`);
    const own = await list('agencyOfficer');
    expect(own.data.penaltyRegister.nodes.length).toBe(15);
    const proc = await list('procurator');
    expect(proc.errors).toBeUndefined();
    expect(proc.data.penaltyRegister.nodes.map((n: any) => n.id).sort()).toEqual(own.data.penaltyRegister.nodes.map((n: any) => n.id).sort());
    expect((await readCase(proposalA, 'procurator')).data.case.warnings.map((w: any) => w.rule)).toEqual(['PENALTY_INSTEAD_OF_TRANSFER']);
    // the province's political-legal committee (its ADMIN officer: its ANALYST reads statistics only)
    const organToken = await wf.graph.token({ agencyId: 'ag-330000-plc', role: 'ADMIN' });
    const organ = await wf.graph.query(`{ penaltyRegister(first: 100) { nodes { id decidedOn } } }`, {}, { token: organToken });
    expect(organ.errors).toBeUndefined();
    expect(organ.data.penaltyRegister.nodes.length).toBe(15);
    const organContent = await wf.graph.query(`{ penaltyRegister(first: 1) { nodes { id offence } } }`, {}, { token: organToken });
    expect(organContent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await list('otherAgency')).data.penaltyRegister.nodes).toEqual([]);
    expect((await readCase(proposalA, 'otherAgency')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // the agency's own officer with a declared purpose reads the party in clear
    const clear = await q('agencyOfficer', `{ penaltyRegister(first: 100) { nodes { decisionNumber partyName partyCreditCode } } }`, {}, 'CASE_HANDLING');
    expect(clear.data.penaltyRegister.nodes.find((n: any) => n.decisionNumber === '西市监罚〔2026〕100号')).toEqual({ decisionNumber: '西市监罚〔2026〕100号', partyName: '杭州甲食品有限公司', partyCreditCode: A });
  });

  it('the agency declines a proposal with reasons (its warning stays open) or accepts one; once', async () => {
    const [b, c] = imported.proposedCases.map((x: any) => x.id);
    const decline = (id: string, reasons: string, who: Who = 'agencyOfficer') => q(who, `mutation($id: ID!, $r: String!) { declineProposedCase(caseId: $id, reasons: $r) { id proposal { status declineReasons } warnings { step } } }`, { id, r: reasons });
    expect((await decline(b, '', 'agencyOfficer')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await decline(b, '已另案处理', 'otherAgency')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const d = await decline(b, '涉案产品经复检合格，不构成犯罪');
    expect(d.data.declineProposedCase).toMatchObject({ proposal: { status: 'DECLINED', declineReasons: '涉案产品经复检合格，不构成犯罪' }, warnings: [{ step: 'NOTIFIED' }] });
    expect((await decline(b, '再次说明')).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const a = await q('agencyOfficer', `mutation($id: ID!) { acceptProposedCase(caseId: $id) { proposal { status } stage } }`, { id: c });
    expect(a.data.acceptProposedCase).toEqual({ proposal: { status: 'ACCEPTED' }, stage: 'DRAFT' });
    expect((await q('agencyOfficer', `mutation($id: ID!) { acceptProposedCase(caseId: $id) { id } }`, { id: transferredCaseId })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('JSON import: allOrNothing writes nothing when a row is refused; past 1000 rows the call is refused', async () => {
    const before = await registerCount();
    const rows = [
      { ...publishA, decisionNumber: 'J-1', partyCreditCode: K, partyName: '杭州庚有限公司', amountInvolvedYuan: null, fineYuan: 100 },
      { ...publishA, decisionNumber: 'J-2', partyCreditCode: K, partyName: '杭州庚有限公司', amountInvolvedYuan: null, fineYuan: -5 },
    ];
    const r = await importText('agencyOfficer', 'JSON', JSON.stringify(rows), true);
    expect(r.errors).toBeUndefined();
    expect(r.data.importPenalties).toMatchObject({ received: 2, accepted: 0, refused: 1, written: false });
    expect(r.data.importPenalties.rows.map((x: any) => [x.row, x.outcome, x.field])).toEqual([[1, 'NOT_WRITTEN', null], [2, 'REFUSED', 'fineYuan']]);
    expect(await registerCount()).toBe(before);
    const odd = await importText('agencyOfficer', 'JSON', JSON.stringify([42, { ...rows[0], decisionNumber: 'J-3', remark: 'x' }]), true);
    expect(odd.data.importPenalties.rows.map((x: any) => [x.row, x.outcome, x.field, x.reason])).toEqual([
      [1, 'REFUSED', 'row', "must be an object of the register's columns"],
      [2, 'REFUSED', 'remark', 'is not a column of the register'],
    ]);
    const many = Array.from({ length: 1001 }, (_, i) => ({ ...rows[0], decisionNumber: `M-${i}` }));
    const big = await importText('agencyOfficer', 'JSON', JSON.stringify(many));
    expect(big.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(big.errors?.[0]?.message).toContain('1000');
    const broken = await importText('agencyOfficer', 'CSV', `${HEADER}\n"unclosed,MARKET_SUPERVISION`);
    expect(broken.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(await registerCount()).toBe(before);
  });

  it('npm run penalties:import sends a file through the gateway with a token and prints the report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penalties-'));
    const file = join(dir, 'register.csv');
    writeFileSync(file, [HEADER, `CLI-1,MARKET_SUPERVISION,COMPANY,杭州庚有限公司,,${K},无照经营,《无证无照经营查处办法》第十三条,500,,,2026-10-01`, `CLI-2,MARKET_SUPERVISION,COMPANY,杭州庚有限公司,,${K},无照经营,,500,,,2026-10-02`].join('\n'));
    const r = await runImport({ file, url: wf.graph.gatewayUrl, token: await wf.token('agencyOfficer') });
    expect(r).toEqual({ lines: ['row 2 (CLI-2): REFUSED BAD_USER_INPUT legalBasis: must not be empty', '2 rows: 1 accepted, 0 duplicates, 1 refused'], code: 1 });
    const denied = await runImport({ file, url: wf.graph.gatewayUrl, token: await wf.token('police') });
    expect(denied.code).toBe(1);
    expect(denied.lines[0]).toMatch(/^import failed \(HTTP \d+\): FORBIDDEN /);
    // No gateway there: a message that says so and names the address, not "fetch failed".
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    server.close();
    await once(server, 'close');
    await expect(runImport({ file, url: `http://127.0.0.1:${port}/graphql`, token: 'x' })).rejects.toThrow(
      `cannot reach the gateway at http://127.0.0.1:${port}/graphql (ECONNREFUSED): is it running? --url or GATEWAY_URL names another`,
    );
  });

  it('the register party is not in clear in a database dump', async () => {
    const dump = await dumpDatabase(wf.graph.subgraphs.cases!.db as never);
    expect(dump).toContain('西市监罚〔2026〕100号');
    for (const secret of [A, B, C, D, E, '杭州甲食品有限公司', '王丙', '李丁']) expect(dump.includes(secret), secret).toBe(false);
  });
});

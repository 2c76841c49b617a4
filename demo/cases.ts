/**
 * Demo linkage cases for the demo province (demo/province.ts): about 40 transfer cases spread over every
 * county and every administrative sector present, in every state of CASE_STATUSES, each with 1–3 parties
 * and a dossier. Deterministic: a seeded mulberry32 PRNG drives every choice, so each run yields the same data.
 * Titles and facts carry no personal data (parties are referred to as 当事人), so they stay C1/C2.
 */
import { createHash } from 'node:crypto';
import { CASE_STATUSES } from '../schema/vocabulary';
import type { CaseStatus, DocumentKind, PartyKind, Sector } from '../schema/vocabulary';
import { makeCreditCode, makeResidentId } from '../subgraphs/kit/identifiers';
import { agencies, divisions } from './province';
import type { DemoAgency } from './province';

export interface DemoParty {
  id: string;
  kind: PartyKind;
  name: string;
  idNumber: string | null;
  creditCode: string | null;
  phone: string | null;
  address: string | null;
  juvenile: boolean;
}

export interface DemoCase {
  id: string;
  number: string;
  title: string;
  sector: Sector;
  status: CaseStatus;
  handlingAgencyId: string;
  receivingAgencyId: string | null;
  divisionCode: string;
  facts: string;
  /** Amount involved, in yuan (integer). */
  amountInvolved: number;
  /** ISO 8601, UTC. */
  createdAt: string;
  parties: DemoParty[];
}

export interface DemoDocument {
  id: string;
  kind: DocumentKind;
  title: string;
  sha256: string;
  size: number;
}

export interface DemoDossier {
  id: string;
  caseId: string;
  documents: DemoDocument[];
}

/** The transfer package that must be complete before a case may leave APPROVED (Decree 310 art. 6). */
export const REQUIRED_TRANSFER_MATERIALS: readonly DocumentKind[] = [
  'TRANSFER_LETTER',
  'INVESTIGATION_REPORT',
  'SEIZED_ITEMS_LIST',
  'INSPECTION_REPORT',
];

// ---------------------------------------------------------------------------
// Seeded PRNG (mulberry32)
// ---------------------------------------------------------------------------

/** A small seeded PRNG (mulberry32): the demo and the large-province seed draw from it. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = mulberry32(0x33010626);
/** Integer in [min, max]. */
function int(min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}
function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)];
}
function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// ---------------------------------------------------------------------------
// Local colour: streets and roads per county
// ---------------------------------------------------------------------------

export const PLACES: Record<string, { streets: string[]; roads: string[] }> = {
  '330102': { streets: ['湖滨街道', '清波街道', '南星街道', '四季青街道'], roads: ['解放路', '清泰街', '江城路', '秋涛路'] },
  '330106': { streets: ['文新街道', '蒋村街道', '三墩镇', '转塘街道'], roads: ['文三路', '古墩路', '紫金港路', '之江路'] },
  '330110': { streets: ['仓前街道', '良渚街道', '瓶窑镇', '径山镇'], roads: ['文一西路', '良渚路', '瓶窑大道', '临平大道'] },
  '330203': { streets: ['南门街道', '石碶街道', '集士港镇', '古林镇'], roads: ['中山西路', '望春路', '环城西路', '药行街'] },
  '330212': { streets: ['钟公庙街道', '姜山镇', '横溪镇', '五乡镇'], roads: ['天童南路', '四明中路', '鄞州大道', '嵩江中路'] },
  '330302': { streets: ['五马街道', '滨江街道', '藤桥镇', '双屿街道'], roads: ['人民路', '车站大道', '府前街', '锦绣路'] },
};

const divisionName = new Map(divisions.map((d) => [d.code, d.name]));
function cityCodeOf(countyCode: string): string {
  return countyCode.slice(0, 4) + '00';
}
function fullAddress(countyCode: string): string {
  const p = PLACES[countyCode];
  return `浙江省${divisionName.get(cityCodeOf(countyCode))}${divisionName.get(countyCode)}${pick(p.roads)}${int(1, 888)}号`;
}

// ---------------------------------------------------------------------------
// Case templates per sector
// ---------------------------------------------------------------------------

export interface FactContext {
  place: string;
  day: string;
  startMonth: string;
  amount: number;
  n: number;
  t: number;
  x: number;
}

export interface CaseTemplate {
  offense: string;
  subjects: string[];
  amount: [number, number];
  /** Party kinds; an extra person may be added. */
  parties: PartyKind[];
  /** Industry word of the company party, aligned by index with `subjects` (wraps around). */
  industry: string[];
  facts: (c: FactContext) => string;
}

export const TEMPLATES: Record<Sector, CaseTemplate[]> = {
  MARKET_SUPERVISION: [
    {
      offense: '销售假冒注册商标的商品',
      subjects: ['某烟酒商行', '某副食品店', '某网店经营者'],
      amount: [60_000, 680_000],
      parties: ['PERSON'],
      industry: ['商贸'],
      facts: (c) =>
        `${c.day}，执法人员对位于${c.place}的经营场所开展检查，发现当事人销售的“五粮液”“贵州茅台”等白酒共${c.n}瓶，经商标注册人鉴定均为假冒注册商标的商品。经查，当事人自${c.startMonth}起从外地低价购进并对外销售，非法经营额约${c.amount}元，涉嫌构成销售假冒注册商标的商品罪。`,
    },
    {
      offense: '生产、销售不符合安全标准的食品',
      subjects: ['某食品有限公司', '某卤味食品有限公司'],
      amount: [40_000, 350_000],
      parties: ['COMPANY', 'PERSON'],
      industry: ['食品', '卤味食品'],
      facts: (c) =>
        `执法人员在${c.place}某食品加工点监督抽检时发现，当事人生产的卤制肉品亚硝酸盐残留量超过GB 2760规定限量${c.x}倍。经查，当事人为延长保质期超量使用食品添加剂，产品已向周边餐饮店、农贸市场销售，销售金额约${c.amount}元，足以造成严重食物中毒事故，涉嫌构成生产、销售不符合安全标准的食品罪。`,
    },
    {
      offense: '销售伪劣产品',
      subjects: ['某电线电缆经营部', '某五金建材店'],
      amount: [55_000, 900_000],
      parties: ['PERSON'],
      industry: ['五金'],
      facts: (c) =>
        `经监督抽查检验，当事人在${c.place}销售的标称BV 2.5mm²电线导体电阻、绝缘厚度等项目不合格，属以次充好的伪劣产品。经查，当事人自${c.startMonth}以来累计销售上述电线${c.n}卷，销售金额约${c.amount}元，超过5万元，涉嫌构成销售伪劣产品罪。`,
    },
  ],
  ECOLOGY_ENVIRONMENT: [
    {
      offense: '污染环境（非法处置危险废物）',
      subjects: ['某机械加工有限公司', '某汽车维修有限公司'],
      amount: [30_000, 260_000],
      parties: ['COMPANY', 'PERSON'],
      industry: ['机械加工', '汽车维修'],
      facts: (c) =>
        `${c.day}，执法人员接群众举报，在${c.place}一处废弃厂房内发现倾倒的废矿物油及含油废物（HW08）约${c.t}吨。经查，系当事人将生产中产生的危险废物交由无危险废物经营许可证的个人处置，支付处置费用${c.amount}元，数量超过3吨，涉嫌构成污染环境罪。`,
    },
    {
      offense: '污染环境（超标排放含重金属废水）',
      subjects: ['某电镀有限公司', '某金属表面处理有限公司'],
      amount: [80_000, 1_200_000],
      parties: ['COMPANY', 'PERSON'],
      industry: ['电镀', '金属表面处理'],
      facts: (c) =>
        `执法人员对当事人位于${c.place}的电镀车间进行现场检查，发现其通过暗管将未经处理的电镀废水直接排入雨水管网。经采样监测，外排废水总铬浓度超过《电镀污染物排放标准》${c.x}倍，估算生态环境损害及应急处置费用约${c.amount}元，涉嫌构成污染环境罪。`,
    },
    {
      offense: '污染环境（篡改自动监测数据）',
      subjects: ['某热电有限公司', '某印染有限公司'],
      amount: [100_000, 800_000],
      parties: ['COMPANY', 'PERSON'],
      industry: ['热电', '印染'],
      facts: (c) =>
        `执法人员检查发现，当事人位于${c.place}厂区的烟气在线监测设备采样管路被人为加装稀释装置，导致二氧化硫、氮氧化物监测数据严重失真。经查，系当事人为逃避监管指使运维人员实施，期间节省治污费用约${c.amount}元，涉嫌构成污染环境罪。`,
    },
  ],
  EMERGENCY_MANAGEMENT: [
    {
      offense: '重大责任事故',
      subjects: ['某机械制造有限公司', '某新型建材有限公司'],
      amount: [1_200_000, 3_500_000],
      parties: ['COMPANY', 'PERSON'],
      industry: ['机械制造', '新型建材'],
      facts: (c) =>
        `${c.day}，当事人位于${c.place}的生产车间发生一起机械伤害事故，造成1名作业人员死亡，直接经济损失约${c.amount}元。经调查，当事人未落实设备安全防护措施，未对从业人员进行安全生产教育培训，企业主要负责人对事故负有直接责任，涉嫌构成重大责任事故罪。`,
    },
    {
      offense: '危险作业（非法储存危险化学品）',
      subjects: ['某化工贸易有限公司', '某五金制品有限公司'],
      amount: [50_000, 400_000],
      parties: ['COMPANY', 'PERSON'],
      industry: ['化工贸易', '五金制品'],
      facts: (c) =>
        `执法人员检查发现，当事人未取得危险化学品经营许可，在${c.place}的出租厂房内擅自储存甲醇、丙酮等危险化学品约${c.t}吨，货值约${c.amount}元，储存点与居民区距离不足50米，具有发生重大伤亡事故的现实危险，涉嫌构成危险作业罪。`,
    },
    {
      offense: '危险作业（关闭消防安全设施）',
      subjects: ['某冷链仓储有限公司', '某物流有限公司'],
      amount: [20_000, 150_000],
      parties: ['COMPANY', 'PERSON'],
      industry: ['冷链仓储', '物流'],
      facts: (c) =>
        `执法人员在${c.place}某冷链仓库检查时发现，当事人为降低运行成本擅自关闭可燃气体报警装置和自动喷水灭火系统，库内存放大量聚氨酯保温材料，具有发生重大火灾事故的现实危险，涉嫌构成危险作业罪。`,
    },
  ],
  TAX: [
    {
      offense: '虚开增值税专用发票',
      subjects: ['某供应链管理有限公司', '某商贸有限公司'],
      amount: [800_000, 9_800_000],
      parties: ['COMPANY', 'PERSON'],
      industry: ['供应链管理', '商贸'],
      facts: (c) =>
        `经税收大数据分析比对，当事人在无真实货物交易的情况下，于${c.startMonth}至案发期间为${c.x}家企业虚开增值税专用发票${c.n}份，价税合计约${c.amount}元，税额超过10万元，涉嫌构成虚开增值税专用发票罪。`,
    },
    {
      offense: '逃税',
      subjects: ['某建筑劳务有限公司', '某网络科技有限公司'],
      amount: [150_000, 2_400_000],
      parties: ['COMPANY', 'PERSON'],
      industry: ['建筑劳务', '网络科技'],
      facts: (c) =>
        `经检查，当事人通过个人账户收取经营款项、进行虚假纳税申报等手段隐匿收入，少缴增值税、企业所得税等税款约${c.amount}元，占应纳税额10%以上，经税务机关依法下达追缴通知后未补缴，涉嫌构成逃税罪。`,
    },
  ],
  NATURAL_RESOURCES: [
    {
      offense: '非法采矿',
      subjects: ['某石料加工场', '某采石场经营者'],
      amount: [120_000, 1_600_000],
      parties: ['PERSON'],
      industry: ['土石方工程'],
      facts: (c) =>
        `执法人员巡查发现，当事人未取得采矿许可证，在${c.place}山体擅自开采建筑用石料约${c.t}万吨，经鉴定矿产品价值约${c.amount}元，超过10万元，涉嫌构成非法采矿罪。`,
    },
    {
      offense: '非法占用农用地',
      subjects: ['某建材有限公司', '某苗木有限公司'],
      amount: [50_000, 300_000],
      parties: ['COMPANY', 'PERSON'],
      industry: ['建材', '苗木'],
      facts: (c) =>
        `经卫片执法检查，当事人未经批准在${c.place}占用永久基本农田约${c.t}亩堆放建筑砂石并硬化地面，造成耕地种植条件严重毁坏，恢复费用约${c.amount}元，涉嫌构成非法占用农用地罪。`,
    },
  ],
  // Sectors without an agency in the demo province.
  CUSTOMS: [],
  AGRICULTURE: [],
  CULTURE_TOURISM: [],
};

// ---------------------------------------------------------------------------
// Parties
// ---------------------------------------------------------------------------

export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '吴', '周', '徐', '孙', '朱', '胡', '郭', '林', '郑', '叶', '蒋', '金', '应', '潘', '汪', '邵', '方'];
export const GIVEN = ['建华', '小东', '国强', '丽娟', '海燕', '志明', '晓峰', '秀珍', '伟东', '春华', '永康', '美玲', '建平', '振宇', '雅琴', '德明', '少华', '一鸣', '佳琪', '子涵'];
export const BRANDS = ['恒达', '鑫源', '华盛', '永丰', '瑞通', '佳禾', '天成', '博远', '金泰', '宏昌', '汇丰达', '嘉诚', '兴隆', '新锐', '东方盛'];
export const MOBILE_PREFIXES = ['130', '133', '135', '138', '139', '150', '151', '158', '159', '180', '186', '187', '189'];
const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const COUNTY_CODES = divisions.filter((d) => d.level === 'COUNTY').map((d) => d.code);

const usedIds = new Set<string>();
const usedNames = new Set<string>();
let partySeq = 0;

function mobile(): string {
  return pick(MOBILE_PREFIXES) + pad(int(0, 99_999_999), 8);
}

function personParty(countyCode: string, juvenile = false): DemoParty {
  let name: string;
  do name = pick(SURNAMES) + pick(GIVEN);
  while (usedNames.has(name));
  usedNames.add(name);

  // Mostly born in the case county, sometimes elsewhere in the province.
  const birthCounty = rand() < 0.7 ? countyCode : pick(COUNTY_CODES);
  let id: string;
  do {
    const year = juvenile ? 2010 : int(1960, 2005);
    id = makeResidentId(birthCounty, `${year}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}`, pad(int(1, 999), 3));
  } while (usedIds.has(id));
  usedIds.add(id);

  return {
    id: `pt-${pad(++partySeq, 4)}`,
    kind: 'PERSON',
    name,
    idNumber: id,
    creditCode: null,
    phone: juvenile ? null : mobile(),
    address: fullAddress(countyCode),
    juvenile,
  };
}

function companyParty(countyCode: string, industry: string): DemoParty {
  const cityShort = (divisionName.get(cityCodeOf(countyCode)) ?? '').replace(/市$/, '');
  let name: string;
  do name = `${cityShort}${pick(BRANDS)}${industry}有限公司`;
  while (usedNames.has(name));
  usedNames.add(name);

  let code: string;
  do {
    let org = 'MA';
    for (let i = 0; i < 7; i++) org += pick([...CODE_CHARS]);
    code = makeCreditCode(`91${countyCode}${org}`);
  } while (usedIds.has(code));
  usedIds.add(code);

  return {
    id: `pt-${pad(++partySeq, 4)}`,
    kind: 'COMPANY',
    name,
    idNumber: null,
    creditCode: code,
    phone: rand() < 0.5 ? mobile() : null,
    address: fullAddress(countyCode),
    juvenile: false,
  };
}

// ---------------------------------------------------------------------------
// Statuses and dates
// ---------------------------------------------------------------------------

/** How many cases in each state: every state at least once, most in early and middle states (sums to 40). */
const STATUS_COUNTS: Record<CaseStatus, number> = {
  DRAFT: 5,
  PENDING_APPROVAL: 5,
  APPROVED: 4,
  NOT_APPROVED: 2,
  TRANSFERRED: 4,
  RECEIVED: 4,
  FORWARDED: 1,
  MATERIALS_REQUESTED: 3,
  FILED: 3,
  NOT_FILED: 3,
  GOODS_HANDED_OVER: 2,
  RECONSIDERATION_REQUESTED: 2,
  SUPERVISION_REQUESTED: 1,
  ADMINISTRATIVE_PENALTY: 1,
};

const statusIndex = (s: CaseStatus): number => CASE_STATUSES.indexOf(s);
const TRANSFERRED_INDEX = statusIndex('TRANSFERRED');

/** True for TRANSFERRED and every state after it in CASE_STATUSES (the case has left the agency). */
export function isPastApproval(s: CaseStatus): boolean {
  return statusIndex(s) >= TRANSFERRED_INDEX;
}

const WINDOW_START = Date.UTC(2026, 8, 1); // 2026-09-01
const WINDOW_DAYS = 85; // up to 2026-11-25

/** Later states were opened earlier: the day offset window slides back with the state's position. */
function createdAtFor(status: CaseStatus): Date {
  const k = statusIndex(status);
  const maxDay = WINDOW_DAYS - k * 5;
  const day = int(Math.max(0, maxDay - 25), maxDay);
  // Beijing office hours 08:30–17:30 are 00:30–09:30 UTC.
  const minutes = 30 + int(0, 9 * 60);
  return new Date(WINDOW_START + day * 86_400_000 + minutes * 60_000);
}

function chineseDay(d: Date): string {
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

// ---------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------

export const INSPECTION_TITLES: Record<Sector, string> = {
  MARKET_SUPERVISION: '商标注册人鉴定意见及产品检验报告',
  ECOLOGY_ENVIRONMENT: '环境监测报告及危险废物鉴别意见',
  EMERGENCY_MANAGEMENT: '事故技术鉴定报告',
  NATURAL_RESOURCES: '矿产资源价值鉴定报告',
  TAX: '增值税发票协查鉴定意见',
  CUSTOMS: '检验报告',
  AGRICULTURE: '检验报告',
  CULTURE_TOURISM: '鉴定意见',
};

export const DOCUMENT_TITLES: Record<DocumentKind, string> = {
  TRANSFER_LETTER: '涉嫌犯罪案件移送书',
  INVESTIGATION_REPORT: '涉嫌犯罪案件情况的调查报告',
  SEIZED_ITEMS_LIST: '涉案物品清单',
  INSPECTION_REPORT: '检验报告',
  OTHER_MATERIAL: '其他有关材料',
  TRANSFER_REPORT: '涉嫌犯罪案件移送审批报告',
  APPROVAL_DECISION: '移送审批意见',
  RECEIPT: '接受移送案件回执',
  FORWARD_NOTICE: '移送案件转送通知书',
  FILING_NOTICE: '立案通知书',
  NON_FILING_NOTICE: '不予立案通知书',
  RECONSIDERATION_REQUEST: '提请复议书',
  RECONSIDERATION_DECISION: '复议决定书',
  SUPERVISION_REQUEST: '提请立案监督函',
  HANDOVER_LIST: '涉案物品移交清单',
  PROCURATORATE_NOTICE: '检察机关通知书',
  PROCURATORIAL_OPINION: '检察意见书',
  AGENCY_REPLY: '行政机关回复函',
  INTERVIEW_RECORD: '询问笔录',
  INSPECTION_RECORD: '现场检查笔录',
  AUDIO_VIDEO: '执法记录仪视音频',
  ELECTRONIC_DATA: '电子数据提取固定材料',
};

/** Process documents each state has produced beyond the transfer package (at most 2, so a dossier holds at most 6). */
const PROCESS_DOCUMENTS: Partial<Record<CaseStatus, DocumentKind[]>> = {
  TRANSFERRED: ['APPROVAL_DECISION'],
  RECEIVED: ['RECEIPT'],
  FORWARDED: ['FORWARD_NOTICE'],
  MATERIALS_REQUESTED: ['RECEIPT'],
  FILED: ['RECEIPT', 'FILING_NOTICE'],
  NOT_FILED: ['RECEIPT', 'NON_FILING_NOTICE'],
  GOODS_HANDED_OVER: ['FILING_NOTICE', 'HANDOVER_LIST'],
  RECONSIDERATION_REQUESTED: ['NON_FILING_NOTICE', 'RECONSIDERATION_REQUEST'],
  SUPERVISION_REQUESTED: ['RECONSIDERATION_DECISION', 'SUPERVISION_REQUEST'],
  ADMINISTRATIVE_PENALTY: ['NON_FILING_NOTICE', 'RECONSIDERATION_DECISION'],
};

function documentKindsFor(status: CaseStatus): DocumentKind[] {
  switch (status) {
    case 'DRAFT':
      return (['INTERVIEW_RECORD', 'INSPECTION_RECORD'] as DocumentKind[]).slice(0, int(0, 2));
    case 'PENDING_APPROVAL':
      return ['TRANSFER_REPORT', 'INTERVIEW_RECORD', 'INSPECTION_RECORD', ...(rand() < 0.5 ? (['AUDIO_VIDEO'] as DocumentKind[]) : [])];
    case 'APPROVED':
      // The package is being assembled: some of the four materials may still be missing.
      return ['TRANSFER_REPORT', 'APPROVAL_DECISION', ...REQUIRED_TRANSFER_MATERIALS.slice(0, int(0, 4))];
    case 'NOT_APPROVED':
      return ['TRANSFER_REPORT', 'APPROVAL_DECISION', 'INTERVIEW_RECORD'];
    default:
      return [...REQUIRED_TRANSFER_MATERIALS, ...(PROCESS_DOCUMENTS[status] ?? [])];
  }
}

function documentSize(kind: DocumentKind): number {
  switch (kind) {
    case 'AUDIO_VIDEO':
      return int(20_000_000, 180_000_000);
    case 'ELECTRONIC_DATA':
      return int(1_000_000, 40_000_000);
    case 'INSPECTION_REPORT':
    case 'INVESTIGATION_REPORT':
      return int(300_000, 2_400_000);
    default:
      return int(60_000, 900_000);
  }
}

function sha256Hex(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

interface BuildState {
  adminByCounty: Map<string, DemoAgency[]>;
  templateUse: Map<Sector, number>;
  juvenileTemplates: Set<string>;
  /** Last case number per division. */
  counters: Map<string, number>;
}

function makeCases(statuses: CaseStatus[], offset: number, state: BuildState): DemoCase[] {
  const { adminByCounty, templateUse, juvenileTemplates } = state;
  return statuses.map((status, j) => {
    const i = offset + j;
    const county = COUNTY_CODES[i % COUNTY_CODES.length];
    const candidates = adminByCounty.get(county)!;
    const agency = candidates[Math.floor(i / COUNTY_CODES.length) % candidates.length];
    const sector = agency.sector!;
    const used = templateUse.get(sector) ?? 0;
    templateUse.set(sector, used + 1);
    const tpl = TEMPLATES[sector][used % TEMPLATES[sector].length];

    const created = createdAtFor(status);
    const street = pick(PLACES[county].streets);
    const place = `${divisionName.get(county)}${street}`;
    const amount = int(tpl.amount[0], tpl.amount[1]);
    const start = new Date(created.getTime() - int(60, 300) * 86_400_000);
    const facts = tpl.facts({
      place,
      day: chineseDay(new Date(created.getTime() - int(2, 12) * 86_400_000)),
      startMonth: `${start.getUTCFullYear()}年${start.getUTCMonth() + 1}月`,
      amount,
      n: int(120, 2_400),
      t: int(4, 60),
      x: int(2, 18),
    });

    const subject = int(0, tpl.subjects.length - 1);
    const industry = tpl.industry[subject % tpl.industry.length];
    const parties = tpl.parties.map((k) => (k === 'PERSON' ? personParty(county) : companyParty(county, industry)));
    // A juvenile helper in the first case of two templates (records sealed, see domain.md C3).
    if (juvenileTemplates.delete(tpl.offense)) parties.push(personParty(county, true));
    else if (parties.length < 3 && rand() < 0.3) parties.push(personParty(county));

    return {
      id: `cs-${pad(i + 1, 4)}`,
      number: '', // assigned by numberCases, in date order per division
      title: `${divisionName.get(county)}${street}${tpl.subjects[subject]}涉嫌${tpl.offense}案`,
      sector,
      status,
      handlingAgencyId: agency.id,
      receivingAgencyId: isPastApproval(status) ? `ag-${county}-psb` : null,
      divisionCode: county,
      facts,
      amountInvolved: amount,
      createdAt: created.toISOString(),
      parties: parties.slice(0, 3),
    };
  });
}

/** Case numbers: XF-<division>-2026-<4 digits>, rising with the creation date inside each division. */
function numberCases(list: DemoCase[], counters: Map<string, number>): void {
  const bySequence = [...list].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  for (const c of bySequence) {
    const next = (counters.get(c.divisionCode) ?? int(3, 40)) + int(1, 9);
    counters.set(c.divisionCode, next);
    c.number = `XF-${c.divisionCode}-2026-${pad(next, 4)}`;
  }
}

function makeDossiers(list: DemoCase[]): DemoDossier[] {
  return list.map((c) => {
    const suffix = c.id.slice('cs-'.length);
    const documents = documentKindsFor(c.status).map((kind, j): DemoDocument => {
      const title = kind === 'INSPECTION_REPORT' ? INSPECTION_TITLES[c.sector] : DOCUMENT_TITLES[kind];
      return {
        id: `doc-${suffix}-${pad(j + 1, 2)}`,
        kind,
        title,
        sha256: sha256Hex(`${c.number}\n${kind}\n${title}\n${c.facts}`),
        size: documentSize(kind),
      };
    });
    return { id: `ds-${suffix}`, caseId: c.id, documents };
  });
}

/**
 * Cases added for the workflow's finer stages (filing supervision and reverse linkage), drawn after
 * the first 40 are complete so those stay exactly as they were (ids, numbers, parties, documents).
 */
const EXTRA_STATUSES: CaseStatus[] = [
  'SUPERVISION_REQUESTED',
  'SUPERVISION_REQUESTED',
  'SUPERVISION_REQUESTED',
  'ADMINISTRATIVE_PENALTY',
  'ADMINISTRATIVE_PENALTY',
];

function build(): { cases: DemoCase[]; dossiers: DemoDossier[] } {
  const statuses = shuffle(
    (Object.entries(STATUS_COUNTS) as [CaseStatus, number][]).flatMap(([s, n]) => Array<CaseStatus>(n).fill(s)),
  );
  const state: BuildState = {
    adminByCounty: new Map<string, DemoAgency[]>(
      COUNTY_CODES.map((code) => [code, agencies.filter((a) => a.kind === 'ADMINISTRATIVE' && a.divisionCode === code)]),
    ),
    templateUse: new Map<Sector, number>(),
    juvenileTemplates: new Set(['销售假冒注册商标的商品', '污染环境（非法处置危险废物）']),
    counters: new Map<string, number>(),
  };
  const base = makeCases(statuses, 0, state);
  numberCases(base, state.counters);
  const baseDossiers = makeDossiers(base);
  const extra = makeCases(EXTRA_STATUSES, base.length, state);
  numberCases(extra, state.counters);
  return { cases: [...base, ...extra], dossiers: [...baseDossiers, ...makeDossiers(extra)] };
}

const built = build();

export const cases: DemoCase[] = built.cases;
export const dossiers: DemoDossier[] = built.dossiers;

// ---------------------------------------------------------------------------
// Workflow histories (cases subgraph): the stage each case has reached
// ---------------------------------------------------------------------------

/**
 * Where a demo case stands in the transfer workflow (subgraphs/cases/workflow): its stage, and
 * whether the clock running in that stage is late. The cases seed walks the transition table from
 * DRAFT to the stage (through `via`, if given) with the right officers, and dates the steps back
 * from the moment it runs: a late case's clock ran out before "now", an on-time one has time left.
 */
export interface DemoCasePlan {
  /** A stage of subgraphs/cases/workflow/stages.ts whose status is the case's status. */
  stage: string;
  /** The running clock is overdue ('very': well past it, e.g. a transfer 72 hours after approval). */
  late?: boolean | 'very';
  /** Stages the history passes through on its way. */
  via?: string[];
  /** The police unit the case was first (wrongly) sent to; it forwarded the case to the county's. */
  firstReceivingAgencyId?: string;
  /** The agency recorded a penalty on the case (以罚代刑 material for the warnings). */
  penaltyRecorded?: boolean;
  /** The procuratorate advised transfer (CPR 557). */
  transferAdvised?: boolean;
}

/** Plans by status, handed to that status's cases in case order. */
const PLANS_BY_STATUS: Record<CaseStatus, DemoCasePlan[]> = {
  DRAFT: [{ stage: 'DRAFT', penaltyRecorded: true, transferAdvised: true }, { stage: 'DRAFT' }, { stage: 'DRAFT', penaltyRecorded: true }, { stage: 'DRAFT' }, { stage: 'DRAFT' }],
  PENDING_APPROVAL: [{ stage: 'PENDING_APPROVAL', late: true }, { stage: 'PENDING_APPROVAL' }, { stage: 'PENDING_APPROVAL', late: true }, { stage: 'PENDING_APPROVAL' }, { stage: 'PENDING_APPROVAL' }],
  APPROVED: [{ stage: 'APPROVED', late: 'very' }, { stage: 'APPROVED' }, { stage: 'APPROVED', late: true }, { stage: 'APPROVED' }],
  NOT_APPROVED: [{ stage: 'NOT_APPROVED', penaltyRecorded: true, transferAdvised: true }, { stage: 'NOT_APPROVED' }],
  TRANSFERRED: [{ stage: 'TRANSFERRED', late: true }, { stage: 'TRANSFERRED' }, { stage: 'TRANSFERRED' }, { stage: 'TRANSFERRED' }],
  RECEIVED: [{ stage: 'RECEIVED', late: true }, { stage: 'RECEIVED' }, { stage: 'NON_FILING_REASONS_REQUESTED' }, { stage: 'RECEIVED', via: ['MATERIALS_REQUESTED'] }],
  FORWARDED: [{ stage: 'FORWARDED', late: true, firstReceivingAgencyId: 'CITY_POLICE' }],
  MATERIALS_REQUESTED: [{ stage: 'MATERIALS_REQUESTED', late: true }, { stage: 'MATERIALS_REQUESTED' }, { stage: 'MATERIALS_REQUESTED' }],
  FILED: [{ stage: 'FILED', late: true }, { stage: 'NOT_PROSECUTED' }, { stage: 'REVERSE_REVIEW', late: true }],
  NOT_FILED: [{ stage: 'NOT_FILED' }, { stage: 'RECONSIDERATION_UPHELD' }, { stage: 'NON_FILING_CONFIRMED', late: true }],
  GOODS_HANDED_OVER: [{ stage: 'GOODS_HANDED_OVER' }, { stage: 'REVERSE_REVIEW_SUSPENDED' }],
  RECONSIDERATION_REQUESTED: [{ stage: 'RECONSIDERATION_REQUESTED', late: true }, { stage: 'RECONSIDERATION_REQUESTED' }],
  SUPERVISION_REQUESTED: [{ stage: 'FILING_NOTIFIED', late: true }, { stage: 'SUPERVISION_REQUESTED' }, { stage: 'NON_FILING_REASONS_ANSWERED', late: true }, { stage: 'CORRECTION_NOTICE_ISSUED' }],
  ADMINISTRATIVE_PENALTY: [{ stage: 'ADMINISTRATIVE_PENALTY' }, { stage: 'OPINION_ISSUED' }, { stage: 'OPINION_REPLIED' }],
};

function planCases(): Record<string, DemoCasePlan> {
  const next = new Map<CaseStatus, number>();
  const out: Record<string, DemoCasePlan> = {};
  for (const c of built.cases) {
    const k = next.get(c.status) ?? 0;
    next.set(c.status, k + 1);
    const plan = PLANS_BY_STATUS[c.status][k] ?? { stage: c.status };
    out[c.id] =
      plan.firstReceivingAgencyId === 'CITY_POLICE' ? { ...plan, firstReceivingAgencyId: `ag-${c.divisionCode.slice(0, 4)}00-psb` } : plan;
  }
  return out;
}

/** The workflow plan of every demo case, by case id. */
export const casePlans: Record<string, DemoCasePlan> = planCases();

/**
 * The demo province: Zhejiang, with real GB/T 2260 codes and names for a few cities and districts,
 * the agencies of the linkage flow in each of them, and their officers. Deterministic: no randomness,
 * every id and login is derived from the tables below.
 */
import type { AgencyKind, Role, Sector } from '../schema/vocabulary';

export interface DemoDivision {
  code: string;
  name: string;
  level: 'PROVINCE' | 'CITY' | 'COUNTY';
  parentCode: string | null;
}

export interface DemoAgency {
  id: string;
  kind: AgencyKind;
  sector: Sector | null;
  name: string;
  divisionCode: string;
  parentId: string | null;
}

export interface DemoOfficer {
  id: string;
  login: string;
  name: string;
  agencyId: string;
  roles: Role[];
}

// ---------------------------------------------------------------------------
// Divisions (GB/T 2260)
// ---------------------------------------------------------------------------

interface DivisionSeed {
  code: string;
  name: string;
  /** Short ascii tag used in logins. */
  tag: string;
  /** Name without the 区 suffix, as used in "生态环境局西湖分局". */
  short: string;
}

const PROVINCE: DivisionSeed = { code: '330000', name: '浙江省', tag: 'zj', short: '浙江' };

const CITIES: DivisionSeed[] = [
  { code: '330100', name: '杭州市', tag: 'hz', short: '杭州' },
  { code: '330200', name: '宁波市', tag: 'nb', short: '宁波' },
  { code: '330300', name: '温州市', tag: 'wz', short: '温州' },
];

const COUNTIES: DivisionSeed[] = [
  { code: '330102', name: '上城区', tag: 'sc', short: '上城' },
  { code: '330106', name: '西湖区', tag: 'xh', short: '西湖' },
  { code: '330110', name: '余杭区', tag: 'yh', short: '余杭' },
  { code: '330203', name: '海曙区', tag: 'hs', short: '海曙' },
  { code: '330212', name: '鄞州区', tag: 'yz', short: '鄞州' },
  { code: '330302', name: '鹿城区', tag: 'lc', short: '鹿城' },
];

/** Counties with a tax bureau in the demo. */
const TAX_COUNTIES: ReadonlySet<string> = new Set(['330106', '330212', '330302']);
/** Counties with a natural-resources branch in the demo (quarrying areas). */
const NATURAL_RESOURCES_COUNTIES: ReadonlySet<string> = new Set(['330110', '330212']);

function cityOf(countyCode: string): DivisionSeed {
  const city = CITIES.find((c) => c.code === countyCode.slice(0, 4) + '00');
  if (!city) throw new Error(`no demo city for county ${countyCode}`);
  return city;
}

export const divisions: DemoDivision[] = [
  { code: PROVINCE.code, name: PROVINCE.name, level: 'PROVINCE', parentCode: null },
  ...CITIES.map((c): DemoDivision => ({ code: c.code, name: c.name, level: 'CITY', parentCode: PROVINCE.code })),
  ...COUNTIES.map(
    (c): DemoDivision => ({ code: c.code, name: c.name, level: 'COUNTY', parentCode: cityOf(c.code).code }),
  ),
];

// ---------------------------------------------------------------------------
// Agencies
// ---------------------------------------------------------------------------

/** Id of a demo agency: `ag-<division>-<suffix>`. */
export function agencyId(divisionCode: string, suffix: string): string {
  return `ag-${divisionCode}-${suffix}`;
}

function buildAgencies(): DemoAgency[] {
  const out: DemoAgency[] = [];
  const p = PROVINCE.code;

  // Province level.
  out.push(
    { id: agencyId(p, 'proc'), kind: 'PROCURATORATE', sector: null, name: '浙江省人民检察院', divisionCode: p, parentId: null },
    { id: agencyId(p, 'plc'), kind: 'POLITICAL_LEGAL', sector: null, name: '中共浙江省委政法委员会', divisionCode: p, parentId: null },
    { id: agencyId(p, 'just'), kind: 'JUSTICE_ADMIN', sector: null, name: '浙江省司法厅', divisionCode: p, parentId: null },
  );

  // City level.
  for (const c of CITIES) {
    out.push(
      { id: agencyId(c.code, 'psb'), kind: 'PUBLIC_SECURITY', sector: null, name: `${c.name}公安局`, divisionCode: c.code, parentId: null },
      { id: agencyId(c.code, 'proc'), kind: 'PROCURATORATE', sector: null, name: `${c.name}人民检察院`, divisionCode: c.code, parentId: agencyId(p, 'proc') },
      { id: agencyId(c.code, 'msa'), kind: 'ADMINISTRATIVE', sector: 'MARKET_SUPERVISION', name: `${c.name}市场监督管理局`, divisionCode: c.code, parentId: null },
      { id: agencyId(c.code, 'just'), kind: 'JUSTICE_ADMIN', sector: null, name: `${c.name}司法局`, divisionCode: c.code, parentId: agencyId(p, 'just') },
    );
  }

  // County level.
  for (const k of COUNTIES) {
    const c = cityOf(k.code);
    const d = k.code;
    out.push(
      { id: agencyId(d, 'msa'), kind: 'ADMINISTRATIVE', sector: 'MARKET_SUPERVISION', name: `${c.name}${k.name}市场监督管理局`, divisionCode: d, parentId: agencyId(c.code, 'msa') },
      { id: agencyId(d, 'eco'), kind: 'ADMINISTRATIVE', sector: 'ECOLOGY_ENVIRONMENT', name: `${c.name}生态环境局${k.short}分局`, divisionCode: d, parentId: null },
      { id: agencyId(d, 'em'), kind: 'ADMINISTRATIVE', sector: 'EMERGENCY_MANAGEMENT', name: `${c.name}${k.name}应急管理局`, divisionCode: d, parentId: null },
    );
    if (TAX_COUNTIES.has(d)) {
      out.push({ id: agencyId(d, 'tax'), kind: 'ADMINISTRATIVE', sector: 'TAX', name: `国家税务总局${c.name}${k.name}税务局`, divisionCode: d, parentId: null });
    }
    if (NATURAL_RESOURCES_COUNTIES.has(d)) {
      out.push({ id: agencyId(d, 'nr'), kind: 'ADMINISTRATIVE', sector: 'NATURAL_RESOURCES', name: `${c.name}规划和自然资源局${k.short}分局`, divisionCode: d, parentId: null });
    }
    out.push(
      { id: agencyId(d, 'psb'), kind: 'PUBLIC_SECURITY', sector: null, name: `${c.name}公安局${k.name}分局`, divisionCode: d, parentId: agencyId(c.code, 'psb') },
      { id: agencyId(d, 'proc'), kind: 'PROCURATORATE', sector: null, name: `${c.name}${k.name}人民检察院`, divisionCode: d, parentId: agencyId(c.code, 'proc') },
    );
  }
  return out;
}

export const agencies: DemoAgency[] = buildAgencies();

// ---------------------------------------------------------------------------
// Officers
// ---------------------------------------------------------------------------

/** [surname, pinyin] */
const SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'],
  ['黄', 'huang'], ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'],
  ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'],
  ['罗', 'luo'], ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'],
  ['许', 'xu'], ['沈', 'shen'], ['叶', 'ye'], ['蒋', 'jiang'], ['金', 'jin'], ['俞', 'yu'],
];

/** [given name, pinyin] */
const GIVEN_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['丽', 'li'], ['伟', 'wei'], ['芳', 'fang'], ['敏', 'min'], ['静', 'jing'], ['强', 'qiang'],
  ['建国', 'jianguo'], ['晓燕', 'xiaoyan'], ['志强', 'zhiqiang'], ['海峰', 'haifeng'], ['丽华', 'lihua'],
  ['文杰', 'wenjie'], ['雪梅', 'xuemei'], ['国平', 'guoping'], ['佳怡', 'jiayi'], ['俊杰', 'junjie'],
  ['宏伟', 'hongwei'], ['春燕', 'chunyan'], ['立新', 'lixin'], ['婷婷', 'tingting'], ['浩然', 'haoran'],
  ['振华', 'zhenhua'], ['秀英', 'xiuying'], ['明辉', 'minghui'], ['慧敏', 'huimin'], ['建军', 'jianjun'],
  ['思远', 'siyuan'], ['玉兰', 'yulan'], ['晨阳', 'chenyang'], ['红霞', 'hongxia'], ['永强', 'yongqiang'],
];

function divisionTag(code: string): string {
  const seed = [PROVINCE, ...CITIES, ...COUNTIES].find((s) => s.code === code);
  if (!seed) throw new Error(`no demo division ${code}`);
  return seed.tag;
}

/** Which roles each agency's officers hold, one entry per officer. */
function staffingOf(a: DemoAgency): Role[][] {
  switch (a.kind) {
    case 'ADMINISTRATIVE':
    case 'PUBLIC_SECURITY':
      return [['CASE_OFFICER'], ['CASE_OFFICER'], ['APPROVER']];
    case 'PROCURATORATE':
      return [['SUPERVISOR'], ['CASE_OFFICER']];
    case 'JUSTICE_ADMIN':
      return [['ANALYST']];
    case 'POLITICAL_LEGAL':
      return [['ANALYST'], ['ADMIN']];
    default:
      return [];
  }
}

function buildOfficers(): DemoOfficer[] {
  const out: DemoOfficer[] = [];
  const logins = new Set<string>();
  const names = new Set<string>();
  let n = 0;
  for (const a of agencies) {
    const suffix = a.id.slice(a.id.lastIndexOf('-') + 1);
    for (const roles of staffingOf(a)) {
      // Walk the name tables with co-prime strides; skip names already used so each officer is distinct.
      let surname: readonly [string, string];
      let given: readonly [string, string];
      let k = n;
      do {
        surname = SURNAMES[(k * 7) % SURNAMES.length];
        given = GIVEN_NAMES[(k * 11 + Math.floor(k / SURNAMES.length)) % GIVEN_NAMES.length];
        k++;
      } while (names.has(surname[0] + given[0]));
      names.add(surname[0] + given[0]);

      const base = `${surname[1]}.${given[1]}.${divisionTag(a.divisionCode)}-${suffix}`;
      let login = base;
      for (let i = 2; logins.has(login); i++) login = `${base}${i}`;
      logins.add(login);

      n++;
      out.push({
        id: `of-${String(n).padStart(4, '0')}`,
        login,
        name: surname[0] + given[0],
        agencyId: a.id,
        roles: [...roles],
      });
    }
  }
  return out;
}

export const officers: DemoOfficer[] = buildOfficers();

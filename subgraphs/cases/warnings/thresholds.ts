import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SECTORS, type Sector } from '../../../schema/vocabulary';

/**
 * The criminal thresholds of the 立案追诉标准 the 以罚代刑 rules compare penalties with: per sector,
 * and optionally per offence, the amount in yuan from which conduct is prosecuted, with the
 * provision it comes from. Every warning reason names the provision, so a supervisor can check it.
 *
 * A penalty's offence (违法行为, free text) matches an entry when it contains the entry's `offence`
 * (the longest such entry of its sector wins); otherwise the sector's entry applies.
 */
export interface ThresholdEntry {
  sector: Sector;
  /** Text the penalty's offence contains; null: the sector's default. */
  offence: string | null;
  yuan: number;
  /** The provision, e.g. 《关于公安机关管辖的刑事案件立案追诉标准的规定（一）》第十六条. */
  source: string;
}

const STANDARD_1 = '最高人民检察院 公安部《关于公安机关管辖的刑事案件立案追诉标准的规定（一）》';
const STANDARD_2 = '最高人民检察院 公安部《关于公安机关管辖的刑事案件立案追诉标准的规定（二）》（2022）';

/**
 * The sector defaults. Sectors whose crimes have no single yuan standard (pollution, work safety,
 * mining turn on conduct and harm) keep a configured figure marked as such: set your own table.
 */
export const DEFAULT_SECTOR_SOURCES: Record<Sector, string> = {
  MARKET_SUPERVISION: `${STANDARD_1}第十六条（生产、销售伪劣产品，销售金额五万元以上；刑法第一百四十条）`,
  ECOLOGY_ENVIRONMENT: '[design] configured figure: 污染环境罪 has no single amount standard (两高《关于办理环境污染刑事案件适用法律若干问题的解释》第一条)',
  EMERGENCY_MANAGEMENT: '[design] configured figure: 重大责任事故 and related crimes turn on harm, not amount',
  NATURAL_RESOURCES: '[design] configured figure: 非法采矿 turns on the value of minerals (两高 2016 解释第三条)',
  TAX: `${STANDARD_2}第五十二条（逃税，数额十万元以上并且占应纳税总额百分之十以上；刑法第二百零一条）`,
  CUSTOMS: '两高《关于办理走私刑事案件适用法律若干问题的解释》（法释〔2014〕10号）第十六条（走私普通货物，偷逃应缴税额十万元以上；刑法第一百五十三条）',
  AGRICULTURE: `${STANDARD_1}第十六条（伪劣农资按生产、销售伪劣产品，销售金额五万元以上；刑法第一百四十九条、第一百四十条）`,
  CULTURE_TOURISM: '两高《关于办理侵犯知识产权刑事案件具体应用法律若干问题的解释》（法释〔2004〕19号）第五条（侵犯著作权，非法经营数额五万元以上；刑法第二百一十七条）',
};

/** Offence-specific defaults: the commonest register offences whose standard differs from or sharpens the sector's. */
export const DEFAULT_OFFENCE_THRESHOLDS: ThresholdEntry[] = [
  { sector: 'TAX', offence: '逃税', yuan: 100_000, source: DEFAULT_SECTOR_SOURCES.TAX },
  { sector: 'MARKET_SUPERVISION', offence: '伪劣产品', yuan: 50_000, source: DEFAULT_SECTOR_SOURCES.MARKET_SUPERVISION },
];

/** The table: one entry per sector (from the sector amounts, CASES_WARN_PENALTY_THRESHOLDS) and the offence entries. */
export function buildThresholdTable(sectorYuan: Record<Sector, number>, defaults: Record<Sector, number>, offences: ThresholdEntry[] = DEFAULT_OFFENCE_THRESHOLDS): ThresholdEntry[] {
  const sectors = SECTORS.map((sector) => ({
    sector,
    offence: null,
    yuan: sectorYuan[sector],
    source: sectorYuan[sector] === defaults[sector] ? DEFAULT_SECTOR_SOURCES[sector] : `CASES_WARN_PENALTY_THRESHOLDS (configured; default ${DEFAULT_SECTOR_SOURCES[sector]})`,
  }));
  return [...sectors, ...offences];
}

/** The entry a penalty is compared with: the longest offence entry its offence contains, else the sector's. */
export function thresholdFor(table: readonly ThresholdEntry[], sector: Sector, offence: string | null | undefined): ThresholdEntry {
  const own = table.filter((e) => e.sector === sector);
  const specific = offence ? own.filter((e) => e.offence && offence.includes(e.offence)).sort((a, b) => b.offence!.length - a.offence!.length)[0] : undefined;
  const entry = specific ?? own.find((e) => e.offence === null);
  if (!entry) throw new Error(`no criminal threshold for sector ${sector}`);
  return entry;
}

/** A stable name of an entry (split penalties are added up per party and entry). */
export const entryKey = (e: ThresholdEntry) => `${e.sector}|${e.offence ?? ''}`;

const entrySchema = z.object({
  sector: z.enum(SECTORS),
  offence: z.string().trim().min(1).max(200).nullish(),
  yuan: z.number().finite().positive(),
  source: z.string().trim().min(4, 'must name the provision (e.g. 《立案追诉标准（二）》第五十二条)').max(500),
});

/**
 * `CASES_WARN_PENALTY_OFFENCE_THRESHOLDS`: JSON `[{"sector":"TAX","offence":"逃税","yuan":100000,"source":"…"}]`
 * or `@<path>` to such a file; replaces the offence entries. Throws naming the variable and the entry.
 */
export function parseOffenceThresholds(variable: string, value: string): ThresholdEntry[] {
  let text = value;
  if (value.startsWith('@')) {
    try {
      text = readFileSync(value.slice(1), 'utf8');
    } catch {
      throw new Error(`${variable} names a file that cannot be read: ${JSON.stringify(value.slice(1))}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${variable} must be a JSON array like [{"sector":"TAX","offence":"逃税","yuan":100000,"source":"…"}], got ${JSON.stringify(value)}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`${variable} must be a JSON array of {sector, offence, yuan, source}, got ${JSON.stringify(value)}`);
  return parsed.map((raw, i) => {
    const r = entrySchema.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      throw new Error(`${variable}[${i}].${issue.path.join('.') || 'entry'} ${issue.message}`);
    }
    if (!r.data.offence) throw new Error(`${variable}[${i}].offence is required (sector amounts are set with CASES_WARN_PENALTY_THRESHOLDS)`);
    return { sector: r.data.sector, offence: r.data.offence, yuan: r.data.yuan, source: r.data.source };
  });
}

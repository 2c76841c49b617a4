import { SECTORS, type Sector } from '../../../schema/vocabulary';
import { loadCalendarConfig, loadPeriods } from '../config';
import type { CalendarConfig } from '../deadlines/calendar';
import type { ClockName } from '../deadlines/clocks';
import { DEMO_SUPERIORS, parseSuperiors, type SuperiorDirectory } from './superiors';
import { approximateMs, formatDuration, parseDuration, type Duration } from '../deadlines/duration';
import { buildThresholdTable, DEFAULT_OFFENCE_THRESHOLDS, parseOffenceThresholds, type ThresholdEntry } from './thresholds';

/**
 * Thresholds of the supervision warnings (shared/domain.md, "Supervision warnings"), in one typed
 * module with the domain's values as defaults. Every value can be overridden by an environment
 * variable; a bad value stops the service at start with a message naming the variable.
 *
 * Every time threshold is a point measured against the clock's legal due time (the calendar's
 * `dueAt`: 24:00 of the last day, moved off holidays and rest days), never hours since the clock
 * started, so no red is raised before a unit is late and no yellow before the last day begins.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `CASES_WARN_<RULE>_YELLOW` / `_RED` | per rule, below | when the rule turns yellow / red: `last-day` (the period's last day has begun), `due` (past the due time), `due+48h` / `due+4d` / `due+2wd` / `due+1mo` (past a further period run on from the due time, counted like the clock's own), `due+period` (past the clock's own period run again), `none` |
 * | `CASES_WARN_REPEAT_COUNT` | `3` | non-filings (or late receipts) by one police unit, or for one party, that make a pattern |
 * | `CASES_WARN_REPEAT_PERIOD_DAYS` | `365` | the period those are counted in |
 * | `CASES_WARN_RECEIPT_REPEAT_COUNT` | `2` | late receipts by one police unit in the period that make a receipt warning red |
 * | `CASES_WARN_SPLIT_PERIOD_DAYS` | `365` | the period split penalties on one party are added up in |
 * | `CASES_WARN_PENALTY_SHARE` | `0.8` | share of the sector's criminal threshold one penalty must reach for a yellow |
 * | `CASES_WARN_PENALTY_THRESHOLDS` | below | JSON `{ "TAX": 100000, … }`: the sector's criminal threshold in yuan |
 * | `CASES_WARN_PENALTY_OFFENCE_THRESHOLDS` | thresholds.ts | JSON `[{ "sector", "offence", "yuan", "source" }]` or `@<path>`: thresholds per offence, with their provision |
 * | `CASES_WARN_PENALTY_REPEAT_COUNT` | `3` | penalties on one party for the same offence that make a 以罚代刑 pattern (yellow) |
 * | `CASES_WARN_PENALTY_REPEAT_PERIOD_DAYS` | `365` | the period those are counted in |
 * | `CASES_WARN_REPLY_DAYS` | `5` | days the responsible unit has to feed back after a notice |
 * | `CASES_WARN_ACK_PERIOD` | `1wd` | how long a recipient has to acknowledge a notice (通报) before it escalates to the level above (`24h`, `1wd`, `2d`: counted with the cases calendar) |
 * | `CASES_WARN_SUPERIORS` | the demo province's | each agency's superior agency, JSON `{ "<agency id>": "<superior id>" }` or `@<path>` (superiors.ts) |
 * | `CASES_WARN_SWEEP_SECONDS` | `60` | how often a running cases subgraph sweeps (`0`: never; every replica may sweep) |
 *
 * The clocks' periods and the calendar the points are counted with are the cases subgraph's own
 * (`CASES_DEADLINE_*`, `CASES_HOLIDAYS`, `CASES_EXTRA_WORKDAYS`, `CASES_UTC_OFFSET`: config.ts).
 */

/** A point in a clock's life, relative to its legal due time. */
export type WarnPoint =
  /** The period's last day has begun (local 00:00 of the day whose 24:00 is the due time). */
  | { at: 'LAST_DAY' }
  /** The due time has passed. */
  | { at: 'DUE' }
  /** A further period, run on from the due time and counted like a clock's own (calendar.dueAfter), has passed. */
  | { at: 'AFTER_DUE'; period: Duration }
  /** The clock's own period has run a second time after the due time (not filed, never penalised: X, then 2X). */
  | { at: 'AFTER_DUE_AGAIN' };

export interface ClockThresholds {
  /** When the rule turns yellow; null: never by time. */
  yellow: WarnPoint | null;
  /** When it turns red; null: never by time alone. */
  red: WarnPoint | null;
}

export const CLOCK_RULE_KEYS = ['APPROVAL', 'TRANSFER', 'RECEIPT', 'FILING_DECISION', 'GOODS_HANDOVER', 'RECONSIDERATION_DECISION', 'REVERSE_HANDOFF', 'OPINION_REPLY', 'PENALTY'] as const;
export type ClockRuleKey = (typeof CLOCK_RULE_KEYS)[number];

export interface WarningsConfig {
  clocks: Record<ClockRuleKey, ClockThresholds>;
  /** The clocks' periods (the PENALTY clock's is "X"). */
  periods: Record<ClockName, Duration>;
  /** The calendar the points are counted with (plain data: the configuration crosses to worker threads). */
  calendar: CalendarConfig;
  repeatCount: number;
  repeatPeriodDays: number;
  receiptRepeatCount: number;
  splitPeriodDays: number;
  penaltyShare: number;
  penaltyThresholds: Record<Sector, number>;
  /** The 立案追诉标准 table (thresholds.ts): per sector and offence, with the provision; the sector rows follow `penaltyThresholds`. */
  thresholdTable: ThresholdEntry[];
  /** Penalties on one party for the same offence within `penaltyRepeatPeriodDays` that are a 以罚代刑 pattern. */
  penaltyRepeatCount: number;
  penaltyRepeatPeriodDays: number;
  replyDays: number;
  /** How long a recipient has to acknowledge a notice. */
  ackPeriod: Duration;
  /** Agency id → its superior agency's id (superiors.ts). */
  superiors: SuperiorDirectory;
  sweepSeconds: number;
}

const LAST_DAY: WarnPoint = { at: 'LAST_DAY' };
const DUE: WarnPoint = { at: 'DUE' };
const after = (text: string): WarnPoint => ({ at: 'AFTER_DUE', period: parseDuration(text)! });

/**
 * The domain's table, against each clock's due time. "Past 72 h" after an approval whose clock is
 * 24 h is 48 h past the due time; "past 7 days" for a 3-day filing decision or reconsideration is 4
 * days past it (counted from the due time, so a period moved past a holiday keeps its 4 days).
 */
export const DEFAULT_CLOCK_THRESHOLDS: Record<ClockRuleKey, ClockThresholds> = {
  /** 3rd day without decision → yellow; past 3 days → red (Decree 310 art. 5) */
  APPROVAL: { yellow: LAST_DAY, red: DUE },
  /** 24 h passed → yellow; past 72 h → red (art. 5–6) */
  TRANSFER: { yellow: DUE, red: after('48h') },
  /** no receipt or forward within 24 h → yellow; red only when repeated by the same unit (art. 7) */
  RECEIPT: { yellow: DUE, red: null },
  /** 3 days passed → yellow; past 7 days → red (art. 8; CPR 562) */
  FILING_DECISION: { yellow: DUE, red: after('4d') },
  /** past 3 days after the filing notice → yellow; red when goods are reported missing (art. 12) */
  GOODS_HANDOVER: { yellow: DUE, red: null },
  /** past 3 days → yellow; past 7 days → red (art. 9) */
  RECONSIDERATION_DECISION: { yellow: DUE, red: after('4d') },
  /** internal hand-off past 3 working days → yellow */
  REVERSE_HANDOFF: { yellow: DUE, red: null },
  /** procuratorial opinion reply overdue → red */
  OPINION_REPLY: { yellow: null, red: DUE },
  /** not filed, never penalised: X days → yellow, 2X → red (art. 10; X is the PENALTY clock's period) */
  PENALTY: { yellow: DUE, red: { at: 'AFTER_DUE_AGAIN' } },
};

/** `last-day`, `due`, `due+4d`, `due+period`, `none` (null). */
export function parseWarnPoint(text: string): WarnPoint | null | undefined {
  const t = text.trim();
  if (t === 'none') return null;
  if (t === 'last-day') return LAST_DAY;
  if (t === 'due') return DUE;
  if (t === 'due+period') return { at: 'AFTER_DUE_AGAIN' };
  const m = /^due\+(.+)$/.exec(t);
  const period = m ? parseDuration(m[1]!) : null;
  return period ? { at: 'AFTER_DUE', period } : undefined;
}

export function formatWarnPoint(p: WarnPoint | null): string {
  if (!p) return 'none';
  switch (p.at) {
    case 'LAST_DAY':
      return 'last-day';
    case 'DUE':
      return 'due';
    case 'AFTER_DUE':
      return `due+${formatDuration(p.period)}`;
    case 'AFTER_DUE_AGAIN':
      return 'due+period';
  }
}

/** Order of points for validation: last day < due < due + a period (a clock's own period is not known here: not compared). */
function pointRank(p: WarnPoint): number | null {
  switch (p.at) {
    case 'LAST_DAY':
      return -1;
    case 'DUE':
      return 0;
    case 'AFTER_DUE':
      return approximateMs(p.period);
    case 'AFTER_DUE_AGAIN':
      return null;
  }
}

/**
 * The sector's criminal prosecution threshold in yuan, against which 以罚代刑 is suspected
 * [design, configurable]: e.g. 逃税 100,000 (Criminal Law art. 201 and the 2022 prosecution
 * standards), 生产、销售伪劣产品 50,000 (art. 140).
 */
export const DEFAULT_PENALTY_THRESHOLDS: Record<Sector, number> = {
  MARKET_SUPERVISION: 50_000,
  ECOLOGY_ENVIRONMENT: 100_000,
  EMERGENCY_MANAGEMENT: 100_000,
  NATURAL_RESOURCES: 50_000,
  TAX: 100_000,
  CUSTOMS: 100_000,
  AGRICULTURE: 50_000,
  CULTURE_TOURISM: 50_000,
};

export const DEFAULT_WARNINGS_CONFIG: WarningsConfig = {
  clocks: DEFAULT_CLOCK_THRESHOLDS,
  periods: loadPeriods({}),
  calendar: loadCalendarConfig({}),
  repeatCount: 3,
  repeatPeriodDays: 365,
  receiptRepeatCount: 2,
  splitPeriodDays: 365,
  penaltyShare: 0.8,
  penaltyThresholds: DEFAULT_PENALTY_THRESHOLDS,
  thresholdTable: buildThresholdTable(DEFAULT_PENALTY_THRESHOLDS, DEFAULT_PENALTY_THRESHOLDS),
  penaltyRepeatCount: 3,
  penaltyRepeatPeriodDays: 365,
  replyDays: 5,
  ackPeriod: { amount: 1, unit: 'WORKING_DAYS' },
  superiors: DEMO_SUPERIORS,
  sweepSeconds: 60,
};

function number(variable: string, value: string, { min, max, integer }: { min: number; max: number; integer?: boolean }): number {
  const n = Number(value.trim());
  if (!value.trim() || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new Error(`${variable} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got ${JSON.stringify(value)}`);
  }
  return n;
}

const PREFIX = 'CASES_WARN_';
const KNOWN = new Set([
  ...CLOCK_RULE_KEYS.flatMap((k) => [`${PREFIX}${k}_YELLOW`, `${PREFIX}${k}_RED`]),
  ...['REPEAT_COUNT', 'REPEAT_PERIOD_DAYS', 'RECEIPT_REPEAT_COUNT', 'SPLIT_PERIOD_DAYS', 'PENALTY_SHARE', 'PENALTY_THRESHOLDS', 'PENALTY_OFFENCE_THRESHOLDS', 'PENALTY_REPEAT_COUNT', 'PENALTY_REPEAT_PERIOD_DAYS', 'REPLY_DAYS', 'ACK_PERIOD', 'SUPERIORS', 'SWEEP_SECONDS'].map((s) => PREFIX + s),
]);
const POINT_FORMS = 'last-day, due, due+<period> (due+48h, due+4d, due+2wd, due+1mo), due+period or none';

function readAckPeriod(value: string | undefined): Duration {
  if (value === undefined) return DEFAULT_WARNINGS_CONFIG.ackPeriod;
  const d = parseDuration(value);
  if (!d) throw new Error(`${PREFIX}ACK_PERIOD must be a period such as 24h, 1wd or 2d, got ${JSON.stringify(value)}`);
  return d;
}

function readPoint(variable: string, value: string | undefined, fallback: WarnPoint | null): WarnPoint | null {
  if (value === undefined) return fallback;
  const p = parseWarnPoint(value);
  if (p === undefined) throw new Error(`${variable} must be one of ${POINT_FORMS}, got ${JSON.stringify(value)}`);
  return p;
}

/**
 * Reads `CASES_WARN_*` (and, for the clocks' periods and calendar, `CASES_DEADLINE_*`,
 * `CASES_HOLIDAYS`, `CASES_EXTRA_WORKDAYS`, `CASES_UTC_OFFSET`); throws naming the variable on a bad
 * or unknown one.
 */
export function loadWarningsConfig(env: NodeJS.ProcessEnv = process.env): WarningsConfig {
  for (const variable of Object.keys(env)) {
    if (!variable.startsWith(PREFIX) || KNOWN.has(variable)) continue;
    const old = /^(.+)_(YELLOW|RED)_HOURS$/.exec(variable);
    if (old && KNOWN.has(`${old[1]}_${old[2]}`)) {
      throw new Error(`${variable} is no longer read (warnings are timed against the clock's legal due time, not hours since it started): set ${old[1]}_${old[2]} to ${POINT_FORMS}`);
    }
    throw new Error(`${variable} is not a warning setting: expected one of ${[...KNOWN].join(', ')}`);
  }
  const clocks = Object.fromEntries(
    CLOCK_RULE_KEYS.map((k) => {
      const d = DEFAULT_CLOCK_THRESHOLDS[k];
      const t: ClockThresholds = {
        yellow: readPoint(`${PREFIX}${k}_YELLOW`, env[`${PREFIX}${k}_YELLOW`], d.yellow),
        red: readPoint(`${PREFIX}${k}_RED`, env[`${PREFIX}${k}_RED`], d.red),
      };
      const [y, r] = [t.yellow && pointRank(t.yellow), t.red && pointRank(t.red)];
      if (typeof y === 'number' && typeof r === 'number' && r < y) {
        throw new Error(`${PREFIX}${k}_RED (${formatWarnPoint(t.red)}) must not be before ${PREFIX}${k}_YELLOW (${formatWarnPoint(t.yellow)})`);
      }
      return [k, t];
    }),
  ) as Record<ClockRuleKey, ClockThresholds>;
  const read = (name: string, fallback: number, range: { min: number; max: number; integer?: boolean }) =>
    env[PREFIX + name] === undefined ? fallback : number(PREFIX + name, env[PREFIX + name]!, range);
  let penaltyThresholds = DEFAULT_PENALTY_THRESHOLDS;
  const json = env[`${PREFIX}PENALTY_THRESHOLDS`];
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new Error(`${PREFIX}PENALTY_THRESHOLDS must be JSON like {"TAX":100000}, got ${JSON.stringify(json)}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${PREFIX}PENALTY_THRESHOLDS must be a JSON object of sector: yuan, got ${JSON.stringify(json)}`);
    penaltyThresholds = { ...DEFAULT_PENALTY_THRESHOLDS };
    for (const [sector, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (!(SECTORS as readonly string[]).includes(sector)) throw new Error(`${PREFIX}PENALTY_THRESHOLDS names no sector ${JSON.stringify(sector)}: expected ${SECTORS.join(', ')}`);
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new Error(`${PREFIX}PENALTY_THRESHOLDS.${sector} must be a positive number of yuan, got ${JSON.stringify(v)}`);
      penaltyThresholds[sector as Sector] = v;
    }
  }
  const offenceJson = env[`${PREFIX}PENALTY_OFFENCE_THRESHOLDS`];
  const offences = offenceJson === undefined ? DEFAULT_OFFENCE_THRESHOLDS : parseOffenceThresholds(`${PREFIX}PENALTY_OFFENCE_THRESHOLDS`, offenceJson);
  return {
    clocks,
    periods: loadPeriods(env),
    calendar: loadCalendarConfig(env),
    repeatCount: read('REPEAT_COUNT', 3, { min: 1, max: 1000, integer: true }),
    repeatPeriodDays: read('REPEAT_PERIOD_DAYS', 365, { min: 1, max: 3660, integer: true }),
    receiptRepeatCount: read('RECEIPT_REPEAT_COUNT', 2, { min: 1, max: 1000, integer: true }),
    splitPeriodDays: read('SPLIT_PERIOD_DAYS', 365, { min: 1, max: 3660, integer: true }),
    penaltyShare: read('PENALTY_SHARE', 0.8, { min: 0.01, max: 1 }),
    penaltyThresholds,
    thresholdTable: buildThresholdTable(penaltyThresholds, DEFAULT_PENALTY_THRESHOLDS, offences),
    penaltyRepeatCount: read('PENALTY_REPEAT_COUNT', 3, { min: 2, max: 1000, integer: true }),
    penaltyRepeatPeriodDays: read('PENALTY_REPEAT_PERIOD_DAYS', 365, { min: 1, max: 3660, integer: true }),
    replyDays: read('REPLY_DAYS', 5, { min: 1, max: 365, integer: true }),
    ackPeriod: readAckPeriod(env[`${PREFIX}ACK_PERIOD`]),
    superiors: env[`${PREFIX}SUPERIORS`] === undefined ? DEMO_SUPERIORS : parseSuperiors(`${PREFIX}SUPERIORS`, env[`${PREFIX}SUPERIORS`]!),
    sweepSeconds: read('SWEEP_SECONDS', 60, { min: 0, max: 86_400, integer: true }),
  };
}

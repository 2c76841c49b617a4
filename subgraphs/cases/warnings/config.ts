import { SECTORS, type Sector } from '../../../schema/vocabulary';

/**
 * Thresholds of the supervision warnings (shared/domain.md, "Supervision warnings"), in one typed
 * module with the domain's values as defaults. Every value can be overridden by an environment
 * variable; a bad value stops the service at start with a message naming the variable.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `CASES_WARN_<RULE>_YELLOW_HOURS` / `_RED_HOURS` | per rule, below | hours after the clock started when the rule turns yellow / red |
 * | `CASES_WARN_REPEAT_COUNT` | `3` | non-filings (or late receipts) by one police unit, or for one party, that make a pattern |
 * | `CASES_WARN_REPEAT_PERIOD_DAYS` | `365` | the period those are counted in |
 * | `CASES_WARN_RECEIPT_REPEAT_COUNT` | `2` | late receipts by one police unit in the period that make a receipt warning red |
 * | `CASES_WARN_SPLIT_PERIOD_DAYS` | `365` | the period split penalties on one party are added up in |
 * | `CASES_WARN_PENALTY_SHARE` | `0.8` | share of the sector's criminal threshold one penalty must reach for a yellow |
 * | `CASES_WARN_PENALTY_THRESHOLDS` | below | JSON `{ "TAX": 100000, … }`: the sector's criminal threshold in yuan |
 * | `CASES_WARN_REPLY_DAYS` | `5` | days the responsible unit has to feed back after a notice |
 * | `CASES_WARN_SWEEP_SECONDS` | `60` | how often a running cases subgraph sweeps (`0`: never; every replica may sweep) |
 */
export interface ClockThresholds {
  /** Hours after the clock started when the rule turns yellow. */
  yellowHours: number;
  /** Hours after the clock started when it turns red; null: never by time alone. */
  redHours: number | null;
}

export const CLOCK_RULE_KEYS = ['APPROVAL', 'TRANSFER', 'RECEIPT', 'FILING_DECISION', 'GOODS_HANDOVER', 'RECONSIDERATION_DECISION', 'REVERSE_HANDOFF', 'OPINION_REPLY', 'PENALTY'] as const;
export type ClockRuleKey = (typeof CLOCK_RULE_KEYS)[number];

export interface WarningsConfig {
  clocks: Record<ClockRuleKey, ClockThresholds>;
  repeatCount: number;
  repeatPeriodDays: number;
  receiptRepeatCount: number;
  splitPeriodDays: number;
  penaltyShare: number;
  penaltyThresholds: Record<Sector, number>;
  replyDays: number;
  sweepSeconds: number;
}

/**
 * The domain's table, in hours from the start of the clock. Working-day and month clocks
 * (reverse hand-off, opinion reply) turn yellow / red when the clock itself is due (yellowHours 0
 * means "when the clock is overdue", see rules/clockRule.ts).
 */
export const DEFAULT_CLOCK_THRESHOLDS: Record<ClockRuleKey, ClockThresholds> = {
  /** 3rd day without decision → yellow; past 3 days → red (Decree 310 art. 5) */
  APPROVAL: { yellowHours: 48, redHours: 72 },
  /** 24 h passed → yellow; past 72 h → red (art. 5–6) */
  TRANSFER: { yellowHours: 24, redHours: 72 },
  /** no receipt or forward within 24 h → yellow; red only when repeated by the same unit (art. 7) */
  RECEIPT: { yellowHours: 24, redHours: null },
  /** 3 days passed → yellow; past 7 days → red (art. 8; CPR 562) */
  FILING_DECISION: { yellowHours: 72, redHours: 168 },
  /** past 3 days after the filing notice → yellow; red when goods are reported missing (art. 12) */
  GOODS_HANDOVER: { yellowHours: 72, redHours: null },
  /** past 3 days → yellow; past 7 days → red (art. 9) */
  RECONSIDERATION_DECISION: { yellowHours: 72, redHours: 168 },
  /** internal hand-off past 3 working days → yellow (the clock's own due time) */
  REVERSE_HANDOFF: { yellowHours: 0, redHours: null },
  /** procuratorial opinion reply overdue → red (the clock's own due time) */
  OPINION_REPLY: { yellowHours: 0, redHours: 0 },
  /** not filed, never penalised: X days → yellow, 2X → red (art. 10; X = 30 [design]) */
  PENALTY: { yellowHours: 30 * 24, redHours: 60 * 24 },
};

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
  repeatCount: 3,
  repeatPeriodDays: 365,
  receiptRepeatCount: 2,
  splitPeriodDays: 365,
  penaltyShare: 0.8,
  penaltyThresholds: DEFAULT_PENALTY_THRESHOLDS,
  replyDays: 5,
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
  ...CLOCK_RULE_KEYS.flatMap((k) => [`${PREFIX}${k}_YELLOW_HOURS`, `${PREFIX}${k}_RED_HOURS`]),
  ...['REPEAT_COUNT', 'REPEAT_PERIOD_DAYS', 'RECEIPT_REPEAT_COUNT', 'SPLIT_PERIOD_DAYS', 'PENALTY_SHARE', 'PENALTY_THRESHOLDS', 'REPLY_DAYS', 'SWEEP_SECONDS'].map((s) => PREFIX + s),
]);

/** Reads `CASES_WARN_*`; throws naming the variable on a bad or unknown one. */
export function loadWarningsConfig(env: NodeJS.ProcessEnv = process.env): WarningsConfig {
  for (const variable of Object.keys(env)) {
    if (variable.startsWith(PREFIX) && !KNOWN.has(variable)) throw new Error(`${variable} is not a warning setting: expected one of ${[...KNOWN].join(', ')}`);
  }
  const hours = { min: 0, max: 24 * 3660, integer: true };
  const clocks = Object.fromEntries(
    CLOCK_RULE_KEYS.map((k) => {
      const d = DEFAULT_CLOCK_THRESHOLDS[k];
      const y = env[`${PREFIX}${k}_YELLOW_HOURS`];
      const r = env[`${PREFIX}${k}_RED_HOURS`];
      const t: ClockThresholds = {
        yellowHours: y === undefined ? d.yellowHours : number(`${PREFIX}${k}_YELLOW_HOURS`, y, hours),
        redHours: r === undefined ? d.redHours : r.trim() === 'none' ? null : number(`${PREFIX}${k}_RED_HOURS`, r, hours),
      };
      if (t.redHours !== null && t.redHours < t.yellowHours) throw new Error(`${PREFIX}${k}_RED_HOURS (${t.redHours}) must not be before ${PREFIX}${k}_YELLOW_HOURS (${t.yellowHours})`);
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
  return {
    clocks,
    repeatCount: read('REPEAT_COUNT', 3, { min: 1, max: 1000, integer: true }),
    repeatPeriodDays: read('REPEAT_PERIOD_DAYS', 365, { min: 1, max: 3660, integer: true }),
    receiptRepeatCount: read('RECEIPT_REPEAT_COUNT', 2, { min: 1, max: 1000, integer: true }),
    splitPeriodDays: read('SPLIT_PERIOD_DAYS', 365, { min: 1, max: 3660, integer: true }),
    penaltyShare: read('PENALTY_SHARE', 0.8, { min: 0.01, max: 1 }),
    penaltyThresholds,
    replyDays: read('REPLY_DAYS', 5, { min: 1, max: 365, integer: true }),
    sweepSeconds: read('SWEEP_SECONDS', 60, { min: 0, max: 86_400, integer: true }),
  };
}

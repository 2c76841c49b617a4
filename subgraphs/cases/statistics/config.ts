import { z } from 'zod';
import { CLOCK_NAMES, type ClockName } from '../deadlines/clocks';
import { loadPrivacyConfig, type PrivacyConfig } from './privacyConfig';

/**
 * Configuration of statistics and the indicator index (指标指数体系), from the environment,
 * validated at start; every message names the variable.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `CASES_STATISTICS_MIN_CELL` | `5` | k: groups of fewer cases are suppressed for statistics-only callers |
 * | `CASES_STATISTICS_EPSILON`, `_BUDGET`, `_NOISE_SECRET` | | the privacy budget of statistics-only callers (statistics/privacyConfig.ts) |
 * | `CASES_INDICATORS` | below | JSON object merged over the default indicators: `{ "ON_TIME_TRANSFER": { "weight": 0.4 } }` changes a weight, `{ "X": { "weight": 0 } }` drops one, a new name with `description`, `formula` and `weight` adds one |
 */

/**
 * How an indicator is computed. Every indicator is a share in [0, 1] with a numerator and a
 * denominator, counted in SQL (statistics/indicators.ts).
 * - `CLOCK_ON_TIME`: of the legal clocks of that kind that came due (met, or still open past
 *   their due time), the share met by their due time. The subject is the clock's responsible unit
 *   (the handling agency or the receiving police unit of the case).
 * - `WARNINGS_CLOSED_ON_TIME`: of the warnings whose loop ended or whose feed-back is overdue, the
 *   share that ended without a missed feed-back deadline (no escalation). The subject is the
 *   warning's responsible unit.
 */
export const indicatorFormula = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('CLOCK_ON_TIME'), clock: z.enum(CLOCK_NAMES) }),
  z.object({ kind: z.literal('WARNINGS_CLOSED_ON_TIME') }),
]);
export type IndicatorFormula = z.infer<typeof indicatorFormula>;

const indicatorDefinition = z.object({
  description: z.string().min(1),
  formula: indicatorFormula,
  weight: z.number().min(0).max(1000),
});
export type IndicatorDefinition = z.infer<typeof indicatorDefinition> & { name: string };

const clockOnTime = (clock: ClockName) => ({ kind: 'CLOCK_ON_TIME', clock }) as const;

export const DEFAULT_INDICATORS: Record<string, z.infer<typeof indicatorDefinition>> = {
  ON_TIME_APPROVAL: { description: 'transfer reports decided by the agency head within 3 days (Decree 310 art. 5)', formula: clockOnTime('APPROVAL'), weight: 15 },
  ON_TIME_TRANSFER: { description: 'approved transfers sent to the police within 24 hours (art. 5–6)', formula: clockOnTime('TRANSFER'), weight: 25 },
  ON_TIME_RECEIPT: { description: 'transfers received or forwarded by the police within 24 hours (art. 7)', formula: clockOnTime('RECEIPT'), weight: 15 },
  ON_TIME_FILING_DECISION: { description: 'filing decisions made by the police within 3 days of acceptance (art. 8)', formula: clockOnTime('FILING_DECISION'), weight: 25 },
  WARNINGS_CLOSED_ON_TIME: { description: 'supervision warnings closed without a missed feed-back deadline', formula: { kind: 'WARNINGS_CLOSED_ON_TIME' }, weight: 20 },
};

export interface StatisticsConfig {
  /** k of k-anonymity: the smallest group statistics-only callers see. */
  minCell: number;
  indicators: IndicatorDefinition[];
  /** Noise and budget for statistics-only callers (decision 96). */
  privacy: PrivacyConfig;
}

const NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

function readIndicators(value: string | undefined): IndicatorDefinition[] {
  const merged = { ...DEFAULT_INDICATORS };
  if (value?.trim()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error(`CASES_INDICATORS must be a JSON object, got ${JSON.stringify(value.slice(0, 80))}`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('CASES_INDICATORS must be a JSON object of indicator names');
    for (const [name, spec] of Object.entries(parsed)) {
      if (!NAME.test(name)) throw new Error(`CASES_INDICATORS: ${JSON.stringify(name)} is not an indicator name (UPPER_SNAKE_CASE)`);
      const base = merged[name];
      const result = (base ? indicatorDefinition.partial() : indicatorDefinition).safeParse(spec);
      if (!result.success) {
        const issue = result.error.issues[0]!;
        throw new Error(`CASES_INDICATORS.${name}.${issue.path.join('.') || '(value)'}: ${issue.message}`);
      }
      merged[name] = { ...base, ...result.data } as z.infer<typeof indicatorDefinition>;
    }
  }
  const out = Object.entries(merged)
    .filter(([, d]) => d.weight > 0)
    .map(([name, d]) => ({ name, ...d }));
  if (!out.length) throw new Error('CASES_INDICATORS leaves no indicator with a weight above 0');
  return out;
}

function readMinCell(value: string | undefined): number {
  const v = value ?? '5';
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < 2 || n > 1000) throw new Error(`CASES_STATISTICS_MIN_CELL must be a whole number from 2 to 1000, got ${JSON.stringify(v)}`);
  return n;
}

export function loadStatisticsConfig(env: NodeJS.ProcessEnv = process.env): StatisticsConfig {
  return { minCell: readMinCell(env.CASES_STATISTICS_MIN_CELL), indicators: readIndicators(env.CASES_INDICATORS), privacy: loadPrivacyConfig(env) };
}

/** A human-readable formula, for the schema's `IndicatorValue.formula`. */
export function describeFormula(f: IndicatorFormula): string {
  switch (f.kind) {
    case 'CLOCK_ON_TIME':
      return `${f.clock} clocks met by their due time / ${f.clock} clocks come due (met, or open past due)`;
    case 'WARNINGS_CLOSED_ON_TIME':
      return 'warnings ended without escalation / warnings ended or open past their feed-back deadline';
  }
}

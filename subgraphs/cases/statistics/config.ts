import { z } from 'zod';
import { CLOCKS, CLOCK_NAMES, type ClockName } from '../deadlines/clocks';
import { loadPrivacyConfig, type PrivacyConfig } from './privacyConfig';

/**
 * Configuration of statistics and the indicator index (指标指数体系), from the environment,
 * validated at start; every message names the variable. docs/indicators.md documents every
 * indicator's formula and the score.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `CASES_STATISTICS_MIN_CELL` | `5` | k: groups of fewer cases are suppressed for statistics-only callers |
 * | `CASES_STATISTICS_EPSILON`, `_BUDGET`, `_NOISE_SECRET` | | the privacy budget of statistics-only callers (statistics/privacyConfig.ts) |
 * | `CASES_INDICATORS` | below | JSON object merged over the default indicators: `{ "ON_TIME_TRANSFER": { "weight": 0.4 } }` changes its weight in the `DEFAULT` template, `{ "X": { "weight": 0 } }` drops one, a new name with `description`, `formula` and `weight` adds one (`orientation` optional) |
 * | `CASES_INDICATOR_TEMPLATES` | none | JSON object of further weighting templates: `{ "CITY_2027": { "description": "…", "source": "…", "weights": { "TRANSFER_RATE": 30, … } } }`; a weight names an indicator of the catalogue |
 * | `CASES_INDICATOR_TEMPLATE` | `DEFAULT` | the template `indicatorIndex` uses when the query names none |
 */

/**
 * How an indicator is computed. Every indicator is a share in [0, 1] with a numerator and a
 * denominator, counted in SQL (statistics/indicatorQueries.ts); docs/indicators.md gives each one's
 * subject and period attribution.
 * - `CLOCK_ON_TIME`: of the legal clocks of that kind that came due (met, or still open past
 *   their due time), the share met by their due time. The subject is the clock's responsible unit.
 * - `WARNINGS_CLOSED_ON_TIME`: of the warnings whose loop ended or whose feed-back is overdue, the
 *   share that ended without a missed feed-back deadline (no escalation): the closed-loop time, as
 *   the share closed within the loop's deadline (the median hours raise → end is reported beside it).
 * - `WARNINGS_CLOSED_LOOP`: of the same warnings, the share closed by a supervisor or resolved.
 * - `TRANSFER_RATE`: cases transferred / cases that reached the transfer decision or should have.
 * - `PENALTY_INSTEAD_OF_TRANSFER_RATE`: cases with penalties and a 以罚代刑 warning / cases with penalties.
 * - `FILING_RATE_AFTER_TRANSFER`: transferred cases filed / transferred cases decided (filed or not).
 * - `RECONSIDERATION_CHANGED`: reconsiderations decided by filing / reconsiderations decided.
 * - `SUPERVISION_FILED`: cases filed after the procuratorate's notice to file / cases notified whose
 *   filing came due (filed, or the 15-day clock ran out).
 */
export const FORMULA_KINDS = [
  'CLOCK_ON_TIME',
  'WARNINGS_CLOSED_ON_TIME',
  'WARNINGS_CLOSED_LOOP',
  'TRANSFER_RATE',
  'PENALTY_INSTEAD_OF_TRANSFER_RATE',
  'FILING_RATE_AFTER_TRANSFER',
  'RECONSIDERATION_CHANGED',
  'SUPERVISION_FILED',
] as const;
export type FormulaKind = (typeof FORMULA_KINDS)[number];

const plain = <K extends Exclude<FormulaKind, 'CLOCK_ON_TIME'>>(kind: K) => z.object({ kind: z.literal(kind) });
export const indicatorFormula = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('CLOCK_ON_TIME'), clock: z.enum(CLOCK_NAMES) }),
  plain('WARNINGS_CLOSED_ON_TIME'),
  plain('WARNINGS_CLOSED_LOOP'),
  plain('TRANSFER_RATE'),
  plain('PENALTY_INSTEAD_OF_TRANSFER_RATE'),
  plain('FILING_RATE_AFTER_TRANSFER'),
  plain('RECONSIDERATION_CHANGED'),
  plain('SUPERVISION_FILED'),
]);
export type IndicatorFormula = { kind: 'CLOCK_ON_TIME'; clock: ClockName } | { kind: Exclude<FormulaKind, 'CLOCK_ON_TIME'> };

/** Whether a higher share is better (on time, transferred) or worse (以罚代刑 warnings): the score orients it. */
export const ORIENTATIONS = ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

const indicatorDefinition = z.object({
  description: z.string().min(1),
  formula: indicatorFormula,
  orientation: z.enum(ORIENTATIONS).default('HIGHER_IS_BETTER'),
  weight: z.number().min(0).max(1000),
});
type IndicatorSpec = z.infer<typeof indicatorDefinition>;
/** An indicator as a template weights it. */
export type IndicatorDefinition = { name: string; description: string; formula: IndicatorFormula; orientation: Orientation; weight: number };

const CLOCK_DESCRIPTIONS: Record<ClockName, string> = {
  APPROVAL: 'transfer reports decided by the agency head within 3 days (Decree 310 art. 5)',
  TRANSFER: 'approved transfers sent to the police within 24 hours (art. 5–6)',
  RECEIPT: 'transfers received or forwarded by the police within 24 hours (art. 7)',
  MATERIALS_SUPPLEMENT: 'requested materials supplemented by the agency within 3 days [design]',
  FILING_DECISION: 'filing decisions made by the police within 3 days of acceptance (art. 8)',
  GOODS_HANDOVER: 'seized goods handed over within 3 days of the filing notice (art. 12)',
  RECONSIDERATION_REQUEST: 'reconsiderations requested within 3 days of a non-filing, where asked (art. 9)',
  RECONSIDERATION_DECISION: 'reconsiderations decided by the police within 3 days (art. 9)',
  SUPERVISION_REQUEST: 'filing supervision requested within 3 days of an upheld non-filing, where asked (art. 9)',
  PENALTY: 'administrative penalties imposed within 30 days of a final non-filing (art. 10) [design period]',
  NON_FILING_REASONS: 'non-filing reasons explained by the police within 7 days (CPR 560 / 562)',
  REASONS_REVIEW: 'non-filing reasons weighed by the procuratorate within 10 days (CPR 561, 563)',
  FILING_AFTER_NOTICE: 'cases filed within 15 days of the procuratorate’s notice to file (CPR 563)',
  REVERSE_HANDOFF: 'reverse linkage handed off within 3 working days of non-prosecution',
  REVERSE_REVIEW: 'reverse linkage reviewed within 10 working days',
  OPINION_REPLY: 'reverse linkage: procuratorial opinions replied to within 2 months (the opinion reply rate) [unverified period]',
};

/**
 * Default weights [design]: no published weighting exists (decision 95). They sum to 100: 54 on
 * outcomes (transfer, 以罚代刑, filing, reconsideration, supervision, warnings' loop) and 46 on the 16
 * legal clocks, more on the clocks Decree 310 names as the core of the flow.
 */
const CLOCK_WEIGHTS: Record<ClockName, number> = {
  APPROVAL: 4,
  TRANSFER: 5,
  RECEIPT: 3,
  MATERIALS_SUPPLEMENT: 2,
  FILING_DECISION: 5,
  GOODS_HANDOVER: 3,
  RECONSIDERATION_REQUEST: 2,
  RECONSIDERATION_DECISION: 3,
  SUPERVISION_REQUEST: 2,
  PENALTY: 3,
  NON_FILING_REASONS: 3,
  REASONS_REVIEW: 2,
  FILING_AFTER_NOTICE: 3,
  REVERSE_HANDOFF: 1,
  REVERSE_REVIEW: 2,
  OPINION_REPLY: 3,
};

const higher = 'HIGHER_IS_BETTER' as const;
export const DEFAULT_INDICATORS: Record<string, IndicatorSpec> = {
  TRANSFER_RATE: {
    description: 'cases transferred to the police, of the cases whose transfer was decided or due, or that should have been (以罚代刑 warning, transfer advice)',
    formula: { kind: 'TRANSFER_RATE' },
    orientation: higher,
    weight: 12,
  },
  PENALTY_INSTEAD_OF_TRANSFER_RATE: {
    description: 'cases with penalties recorded that raised a 以罚代刑 warning (penalty instead of transfer, Decree 310 art. 11): lower is better',
    formula: { kind: 'PENALTY_INSTEAD_OF_TRANSFER_RATE' },
    orientation: 'LOWER_IS_BETTER',
    weight: 10,
  },
  FILING_RATE_AFTER_TRANSFER: { description: 'transferred cases the police filed, of those decided (filed or not filed)', formula: { kind: 'FILING_RATE_AFTER_TRANSFER' }, orientation: higher, weight: 10 },
  RECONSIDERATION_CHANGED: {
    description: 'reconsiderations that changed a non-filing into a filing, of those decided (art. 9): each is a non-filing that should not have been made, lower is better',
    formula: { kind: 'RECONSIDERATION_CHANGED' },
    orientation: 'LOWER_IS_BETTER',
    weight: 4,
  },
  SUPERVISION_FILED: { description: 'cases the police filed after the procuratorate’s notice to file (filing supervision, CPR 563), of those notified whose filing came due', formula: { kind: 'SUPERVISION_FILED' }, orientation: higher, weight: 6 },
  WARNINGS_CLOSED_LOOP: { description: 'supervision warnings closed by a supervisor or resolved, of those raised that came due (the closed-loop rate)', formula: { kind: 'WARNINGS_CLOSED_LOOP' }, orientation: higher, weight: 6 },
  WARNINGS_CLOSED_ON_TIME: { description: 'supervision warnings closed without a missed feed-back deadline (the closed-loop time, as a share within the deadline)', formula: { kind: 'WARNINGS_CLOSED_ON_TIME' }, orientation: higher, weight: 6 },
  ...Object.fromEntries(CLOCK_NAMES.map((clock) => [`ON_TIME_${clock}`, { description: CLOCK_DESCRIPTIONS[clock], formula: { kind: 'CLOCK_ON_TIME', clock }, orientation: higher, weight: CLOCK_WEIGHTS[clock] }])),
};

/** A weighting: which indicators count and how much. */
export interface IndicatorTemplate {
  name: string;
  description: string;
  /** Where the weights come from; `[design]` when no published weighting exists. */
  source: string;
  weights: Record<string, number>;
}

/** The five on-time indicators of decisions 67 and 74, as they were weighted before decision 95. */
const ON_TIME_2025: Omit<IndicatorTemplate, 'name'> = {
  description: 'the index before decision 95: four on-time clocks and warnings closed on time',
  source: '[design] decisions 67 and 74',
  weights: { ON_TIME_APPROVAL: 15, ON_TIME_TRANSFER: 25, ON_TIME_RECEIPT: 15, ON_TIME_FILING_DECISION: 25, WARNINGS_CLOSED_ON_TIME: 20 },
};

export interface StatisticsConfig {
  /** k of k-anonymity: the smallest group statistics-only callers see. */
  minCell: number;
  /** The indicator catalogue, each with its weight in the DEFAULT template. */
  indicators: IndicatorDefinition[];
  templates: Record<string, IndicatorTemplate>;
  /** The template used when a query names none. */
  defaultTemplate: string;
  /** Noise and budget for statistics-only callers (decision 96). */
  privacy: PrivacyConfig;
}

const NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

function parseJsonObject(variable: string, value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error(`${variable} must be a JSON object, got ${JSON.stringify(value.slice(0, 80))}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${variable} must be a JSON object of names`);
  for (const name of Object.keys(parsed)) {
    if (!NAME.test(name)) throw new Error(`${variable}: ${JSON.stringify(name)} is not ${variable === 'CASES_INDICATORS' ? 'an indicator' : 'a template'} name (UPPER_SNAKE_CASE)`);
  }
  return parsed as Record<string, unknown>;
}

function readIndicators(value: string | undefined): IndicatorDefinition[] {
  const merged = { ...DEFAULT_INDICATORS };
  if (value?.trim()) {
    for (const [name, spec] of Object.entries(parseJsonObject('CASES_INDICATORS', value))) {
      const base = merged[name];
      const result = (base ? indicatorDefinition.partial() : indicatorDefinition).safeParse(spec);
      if (!result.success) {
        const issue = result.error.issues[0]!;
        throw new Error(`CASES_INDICATORS.${name}.${issue.path.join('.') || '(value)'}: ${issue.message}`);
      }
      const data = Object.fromEntries(Object.entries(result.data).filter(([, v]) => v !== undefined));
      merged[name] = { ...base, ...data } as IndicatorSpec;
    }
  }
  const out = Object.entries(merged)
    .filter(([, d]) => d.weight > 0)
    .map(([name, d]) => ({ name, description: d.description, formula: d.formula as IndicatorFormula, orientation: d.orientation, weight: d.weight }));
  if (!out.length) throw new Error('CASES_INDICATORS leaves no indicator with a weight above 0');
  return out;
}

const templateSpec = z.object({
  description: z.string().min(1),
  source: z.string().min(1).default('[design]'),
  weights: z.record(z.string(), z.number().min(0).max(1000)),
});

function readTemplates(value: string | undefined, catalogue: IndicatorDefinition[]): Record<string, IndicatorTemplate> {
  const known = new Set(catalogue.map((d) => d.name));
  const templates: Record<string, IndicatorTemplate> = {
    DEFAULT: {
      name: 'DEFAULT',
      description: 'every indicator of the catalogue, weighted by design (no published weighting exists: decision 95)',
      source: '[design] decision 95',
      weights: Object.fromEntries(catalogue.map((d) => [d.name, d.weight])),
    },
  };
  const legacy = Object.entries(ON_TIME_2025.weights).filter(([n]) => known.has(n));
  if (legacy.length) templates.ON_TIME_2025 = { name: 'ON_TIME_2025', ...ON_TIME_2025, weights: Object.fromEntries(legacy) };
  if (value?.trim()) {
    for (const [name, spec] of Object.entries(parseJsonObject('CASES_INDICATOR_TEMPLATES', value))) {
      const result = templateSpec.safeParse(spec);
      if (!result.success) {
        const issue = result.error.issues[0]!;
        throw new Error(`CASES_INDICATOR_TEMPLATES.${name}.${issue.path.join('.') || '(value)'}: ${issue.message}`);
      }
      for (const indicator of Object.keys(result.data.weights)) {
        if (!known.has(indicator)) throw new Error(`CASES_INDICATOR_TEMPLATES.${name}.weights.${indicator}: no such indicator (the catalogue: DEFAULT_INDICATORS and CASES_INDICATORS)`);
      }
      if (!Object.values(result.data.weights).some((w) => w > 0)) throw new Error(`CASES_INDICATOR_TEMPLATES.${name}.weights: gives no indicator a weight above 0`);
      templates[name] = { name, ...result.data };
    }
  }
  return templates;
}

function readMinCell(value: string | undefined): number {
  const v = value ?? '5';
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n < 2 || n > 1000) throw new Error(`CASES_STATISTICS_MIN_CELL must be a whole number from 2 to 1000, got ${JSON.stringify(v)}`);
  return n;
}

export function loadStatisticsConfig(env: NodeJS.ProcessEnv = process.env): StatisticsConfig {
  const indicators = readIndicators(env.CASES_INDICATORS);
  const templates = readTemplates(env.CASES_INDICATOR_TEMPLATES, indicators);
  const defaultTemplate = env.CASES_INDICATOR_TEMPLATE?.trim() || 'DEFAULT';
  if (!templates[defaultTemplate]) throw new Error(`CASES_INDICATOR_TEMPLATE names no template: ${JSON.stringify(defaultTemplate)} (known: ${Object.keys(templates).join(', ')})`);
  return { minCell: readMinCell(env.CASES_STATISTICS_MIN_CELL), indicators, templates, defaultTemplate, privacy: loadPrivacyConfig(env) };
}

/** The indicators a template weights (weight above 0), in the template's order, with its weights. */
export function templateIndicators(config: Pick<StatisticsConfig, 'indicators'>, template: IndicatorTemplate): IndicatorDefinition[] {
  const catalogue = new Map(config.indicators.map((d) => [d.name, d]));
  return Object.entries(template.weights).flatMap(([name, weight]) => {
    const d = catalogue.get(name);
    return d && weight > 0 ? [{ ...d, weight }] : [];
  });
}

/** A human-readable formula, for the schema's `IndicatorDefinition.formula` (docs/indicators.md has the long form). */
export function describeFormula(f: IndicatorFormula): string {
  switch (f.kind) {
    case 'CLOCK_ON_TIME':
      return `${f.clock} clocks met by their due time / ${f.clock} clocks come due (met, or open past due) — ${CLOCKS[f.clock].source}`;
    case 'WARNINGS_CLOSED_ON_TIME':
      return 'warnings ended without escalation / warnings ended or open past their feed-back deadline';
    case 'WARNINGS_CLOSED_LOOP':
      return 'warnings closed by a supervisor or resolved / warnings ended or open past their feed-back deadline';
    case 'TRANSFER_RATE':
      return 'cases transferred / cases transferred, or whose approval clock came due, or with a PENALTY_INSTEAD_OF_TRANSFER warning, or advised to transfer by the procuratorate';
    case 'PENALTY_INSTEAD_OF_TRANSFER_RATE':
      return 'cases with penalties recorded and a PENALTY_INSTEAD_OF_TRANSFER warning / cases with penalties recorded';
    case 'FILING_RATE_AFTER_TRANSFER':
      return 'transferred cases filed / transferred cases filed or not filed';
    case 'RECONSIDERATION_CHANGED':
      return 'reconsiderations decided by filing the case / reconsiderations decided (filed or upheld)';
    case 'SUPERVISION_FILED':
      return 'cases notified to file (CPR 563) and filed since / cases notified to file and filed, or whose FILING_AFTER_NOTICE clock came due';
  }
}

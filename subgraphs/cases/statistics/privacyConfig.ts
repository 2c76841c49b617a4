/**
 * The privacy budget of statistics-only callers (decision 96), from the environment, validated at
 * start; every message names the variable.
 *
 * | variable | default | meaning |
 * |---|---|---|
 * | `CASES_STATISTICS_EPSILON` | `0.5` | ε spent per measure released by one distinct query (noise scale 1/ε per count: at 0.5, a standard deviation of 2.8 cases) |
 * | `CASES_STATISTICS_BUDGET` | `20` | ε each statistics-only caller may spend per local day (40 measures at the default ε; the console's statistics screen spends 13 the first time in a month) |
 * | `CASES_STATISTICS_NOISE_SECRET` | a demo value outside production; required in production | the key the noise is drawn with (at least 32 characters): whoever knows it can subtract the noise |
 */
export interface PrivacyConfig {
  /** ε per measure kind of one distinct query. */
  epsilon: number;
  /** ε per caller per local day. */
  dailyBudget: number;
  /** HMAC key of the noise draws. */
  secret: Buffer;
  /**
   * Whether counts get noise. Always true from the environment; tests about something else than
   * privacy (fixture arithmetic, suppression patterns) pass false through the subgraph options.
   */
  noise: boolean;
}

const DEMO_SECRET = 'caselink demo statistics noise secret: not for production';

function readPositive(name: string, value: string | undefined, fallback: string, max: number): number {
  const v = (value ?? fallback).trim();
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v) || !(n > 0) || n > max) throw new Error(`${name} must be a number above 0 and at most ${max}, got ${JSON.stringify(value)}`);
  return n;
}

export function loadPrivacyConfig(env: NodeJS.ProcessEnv = process.env): PrivacyConfig {
  const epsilon = readPositive('CASES_STATISTICS_EPSILON', env.CASES_STATISTICS_EPSILON, '0.5', 10);
  const dailyBudget = readPositive('CASES_STATISTICS_BUDGET', env.CASES_STATISTICS_BUDGET, '20', 10_000);
  if (dailyBudget < epsilon) throw new Error(`CASES_STATISTICS_BUDGET (${dailyBudget}) must be at least CASES_STATISTICS_EPSILON (${epsilon}), or no query could be answered`);
  const given = env.CASES_STATISTICS_NOISE_SECRET;
  if (given !== undefined && given.length < 32) throw new Error(`CASES_STATISTICS_NOISE_SECRET must be at least 32 characters, got ${given.length}`);
  return { epsilon, dailyBudget, secret: Buffer.from(given || DEMO_SECRET, 'utf8'), noise: true };
}

/**
 * Why the cases subgraph may not serve in this environment, or null: production needs its own
 * noise secret. Checked by `npm run start:subgraph -- cases` before it opens anything (not when the
 * configuration is read: the definition is built on import, by tools that serve no statistics).
 */
export function noiseSecretProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  return !env.CASES_STATISTICS_NOISE_SECRET && env.NODE_ENV === 'production'
    ? 'CASES_STATISTICS_NOISE_SECRET is required in production (at least 32 characters): with the demo secret anyone can subtract the noise'
    : null;
}

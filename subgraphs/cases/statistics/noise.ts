import { createHmac } from 'node:crypto';

/**
 * The two-sided geometric mechanism (the discrete Laplace distribution; Ghosh, Roughgarden and
 * Sundararajan, "Universally utility-maximizing privacy mechanisms", 2009): a count with
 * sensitivity Δ released as count + N, where
 *
 *   P(N = n) = (1 − α) / (1 + α) · α^|n|,   α = e^(−ε/Δ),
 *
 * is ε-differentially private: adding or removing one case changes the count by at most Δ and the
 * probability of any answer by at most a factor e^ε. N is the difference of two independent
 * geometric variables (failures before the first success, success probability 1 − α).
 *
 * Noise is not random per request but drawn from a keyed hash (HMAC-SHA-256 under a server secret)
 * of who asks, the normalised query, the cell and the measure: the same question always gets the
 * same answer, so repeating it and averaging gains nothing, and without the secret the draws are
 * unpredictable.
 */

/** P(N = 0) = (1 − α) / (1 + α). */
export const probabilityOfZero = (alpha: number) => (1 - alpha) / (1 + alpha);
/** E|N| = 2α / (1 − α²). */
export const meanAbsolute = (alpha: number) => (2 * alpha) / (1 - alpha * alpha);

/** α of the mechanism for privacy loss ε and sensitivity Δ. */
export const alphaOf = (epsilon: number, sensitivity = 1) => Math.exp(-epsilon / sensitivity);

/** Two uniform numbers in (0, 1] from 32 bytes (52 bits each). */
function uniforms(bytes: Buffer): [number, number] {
  const u = (offset: number) => (Number(bytes.readBigUInt64BE(offset) >> 12n) + 1) / 2 ** 52;
  return [u(0), u(8)];
}

/** A geometric variable (failures before the first success, P(success) = 1 − α) from a uniform in (0, 1]. */
const geometric = (u: number, alpha: number) => Math.floor(Math.log(u) / Math.log(alpha));

/** The noise of one draw, from its seed (any string; the caller, query, cell and measure). */
export function geometricNoise(secret: Buffer, seed: string, alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) throw new Error(`geometric noise needs 0 < α < 1, got ${alpha}`);
  const [u1, u2] = uniforms(createHmac('sha256', secret).update(seed).digest());
  return geometric(u1, alpha) - geometric(u2, alpha);
}

/** Draws noise for the cells of one answer: `draw(cell, measure)` is the same for the same inputs. */
export interface NoiseSource {
  draw(cell: string, measure: string): number;
}

export function noiseSource(secret: Buffer, callerId: string, query: string, alpha: number): NoiseSource {
  return { draw: (cell, measure) => geometricNoise(secret, JSON.stringify([callerId, query, cell, measure]), alpha) };
}

/** No noise: the test-only setting (statistics config `noise: false`). */
export const NO_NOISE: NoiseSource = { draw: () => 0 };

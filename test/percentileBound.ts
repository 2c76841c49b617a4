/**
 * Step percentiles from the duration summary are within (1.02 − 1) / (1.02 + 1) = 0.990099… % of
 * the exact percentile_cont (decision 97). The bound is written here by hand, rounded down, so a
 * test asserting it is at least as strict as the schema's promise.
 */
export const SUMMARY_RELATIVE_ERROR = 0.0099;

/** An asymmetric matcher: a number within the summary's bound of `exact` hours. */
export function withinSummaryBound(exact: number) {
  return {
    asymmetricMatch: (x: unknown) => typeof x === 'number' && Math.abs(x - exact) <= SUMMARY_RELATIVE_ERROR * Math.abs(exact),
    toString: () => `WithinSummaryBound(${exact})`,
    toAsymmetricMatcher: () => `within ${SUMMARY_RELATIVE_ERROR * 100} % of ${exact}`,
  };
}

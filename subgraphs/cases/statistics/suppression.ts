/**
 * Small-cell suppression (k-anonymity on the number of cases a caller is protected from, see
 * statistics/protection.ts for whose cases those are).
 *
 * A cell carries one or more counts to protect (all its cases; the cases the caller is not a party
 * to). Primary: a cell is suppressed when one of its counts is above 0 and below k (0 is nothing to
 * protect: the caller's own cases only). Complementary: a suppressed cell must not be recoverable
 * by subtraction from a total the caller can also obtain. The totals a grouped table implies are
 * its margins: for each grouping dimension, the sum over that dimension of the cells that agree on
 * the others (what the same query grouped by fewer dimensions returns), and the grand total. In
 * every such margin, for each count, the suppressed cells that hold some of it must be at least
 * two and hold at least k together; while they are not, the smallest visible cell of that margin
 * holding some of it is suppressed too (a cell of the caller's own cases adds no protection: it
 * knows them). Margins are revisited until nothing changes (a suppression in one margin can break
 * another). Empty groups are not rows at all (a zero is not protected).
 *
 * Left open on purpose: differencing across queries with different filters (a date range moved by
 * one day). See docs/decisions.md.
 */
export interface Cell {
  /** The group's values, one per grouping dimension, in a fixed order. */
  key: readonly (string | null)[];
  /** The counts to protect, the same kinds in the same order for every cell. */
  counts: readonly number[];
}

/** Whether a count discloses fewer than k protected cases. */
export const isSmall = (count: number, k: number) => count > 0 && count < k;

/** The indexes of the cells to suppress. */
export function suppressedCells(cells: readonly Cell[], k: number): Set<number> {
  const out = new Set<number>();
  cells.forEach((c, i) => {
    if (c.counts.some((n) => isSmall(n, k))) out.add(i);
  });
  if (!out.size) return out;
  const dims = cells[0]?.key.length ?? 0;
  const kinds = cells[0]?.counts.length ?? 0;
  // Margins: for each dimension d, cells grouped by their key without d; plus the grand total.
  const margins: number[][] = [cells.map((_, i) => i)];
  for (let d = 0; d < dims && dims > 1; d++) {
    const byRest = new Map<string, number[]>();
    cells.forEach((c, i) => {
      const rest = JSON.stringify(c.key.filter((_, j) => j !== d));
      byRest.set(rest, [...(byRest.get(rest) ?? []), i]);
    });
    margins.push(...byRest.values());
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const margin of margins) {
      for (let kind = 0; kind < kinds; kind++) {
        const count = (i: number) => cells[i]!.counts[kind]!;
        for (;;) {
          const hidden = margin.filter((i) => out.has(i) && count(i) > 0);
          if (!hidden.length) break;
          const hiddenCount = hidden.reduce((s, i) => s + count(i), 0);
          if (hidden.length >= 2 && hiddenCount >= k) break;
          const visible = margin.filter((i) => !out.has(i) && count(i) > 0);
          if (!visible.length) break;
          const smallest = visible.reduce((a, b) => (count(b) < count(a) ? b : a));
          out.add(smallest);
          changed = true;
        }
      }
    }
  }
  return out;
}

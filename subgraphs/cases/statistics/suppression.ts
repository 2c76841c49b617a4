/**
 * Small-cell suppression for statistics-only callers (k-anonymity on the number of cases).
 *
 * Primary: a group of fewer than k cases is suppressed. Complementary: a suppressed group must not
 * be recoverable by subtraction from a total the caller can also obtain. The totals a grouped
 * table implies are its margins: for each grouping dimension, the sum over that dimension of the
 * groups that agree on the others (what the same query grouped by fewer dimensions returns), and
 * the grand total. In every such margin the suppressed groups must be at least two and hold at
 * least k cases together; while they are not, the smallest visible group of that margin is
 * suppressed too. Margins are revisited until nothing changes (a suppression in one margin can
 * break another). Empty groups are not rows at all (a zero is not protected).
 *
 * Left open on purpose: differencing across queries with different filters (a date range moved by
 * one day). See docs/decisions.md.
 */
export interface Cell {
  /** The group's values, one per grouping dimension, in a fixed order. */
  key: readonly (string | null)[];
  cases: number;
}

/** The indexes of the cells to suppress. */
export function suppressedCells(cells: readonly Cell[], k: number): Set<number> {
  const out = new Set<number>();
  cells.forEach((c, i) => {
    if (c.cases < k) out.add(i);
  });
  if (!out.size) return out;
  const dims = cells[0]?.key.length ?? 0;
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
      for (;;) {
        const hidden = margin.filter((i) => out.has(i));
        if (!hidden.length) break;
        const hiddenCases = hidden.reduce((s, i) => s + cells[i]!.cases, 0);
        if (hidden.length >= 2 && hiddenCases >= k) break;
        const visible = margin.filter((i) => !out.has(i));
        if (!visible.length) break;
        const smallest = visible.reduce((a, b) => (cells[b]!.cases < cells[a]!.cases ? b : a));
        out.add(smallest);
        changed = true;
      }
    }
  }
  return out;
}

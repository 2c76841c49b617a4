/**
 * The division above a GB/T 2260 code: a county's city (330106 → 330100), a city's province
 * (330100 → 330000); null above a province. Used to notify the supervising organs one level up.
 */
export function parentDivision(code: string): string | null {
  if (!/^\d{6}$/.test(code)) return null;
  if (code.endsWith('0000')) return null;
  if (code.endsWith('00')) return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}

/** The division `levels` steps up (1 = the parent), or null past the province. */
export function ancestorDivision(code: string, levels: number): string | null {
  let c: string | null = code;
  for (let i = 0; i < levels && c; i++) c = parentDivision(c);
  return c;
}

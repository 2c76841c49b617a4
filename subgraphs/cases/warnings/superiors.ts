import { readFileSync } from 'node:fs';
import { agencies } from '../../../demo/province';

/**
 * Which agency is above which (agency id → its superior agency's id), for notices (通报) to the
 * responsible unit's superior. The agencies subgraph owns the directory and the cases subgraph may
 * not read it (architecture.md, "A subgraph owns its tables"), so the cases subgraph is given a copy
 * as configuration: `CASES_WARN_SUPERIORS`, a JSON object `{ "<agency id>": "<superior id>" }` or
 * `@<path>` to a file holding one. The default is the demo province's directory (demo/province.ts,
 * each agency's `parentId`), the same data the demo seed loads into the agencies subgraph. An agency
 * with no entry has no superior agency: its notices still reach the supervising organs.
 */
export type SuperiorDirectory = Readonly<Record<string, string>>;

export const DEMO_SUPERIORS: SuperiorDirectory = Object.fromEntries(agencies.filter((a) => a.parentId).map((a) => [a.id, a.parentId!]));

export function parseSuperiors(variable: string, value: string): SuperiorDirectory {
  let text = value.trim();
  if (text.startsWith('@')) {
    try {
      text = readFileSync(text.slice(1), 'utf8');
    } catch (err) {
      throw new Error(`${variable} names a file that cannot be read (${(err as Error).message})`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${variable} must be JSON like {"ag-330106-msa":"ag-330100-msa"} or @<path> to such a file`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${variable} must be a JSON object of agency id: superior agency id`);
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof v !== 'string' || !v || v.length > 100 || k.length > 100) throw new Error(`${variable}.${k} must be an agency id (a string of at most 100 characters)`);
    if (v === k) throw new Error(`${variable}.${k} names the agency as its own superior`);
  }
  return parsed as SuperiorDirectory;
}

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The subgraph registry (schema/subgraphs.json): which subgraphs make up the graph, where the
 * gateway reaches each, which agency owns it and where its SDL is kept. Configuration operators
 * change (README, "Publish your subgraph"), validated at load with messages that name the entry,
 * the key and the bad value.
 */
export const SUBGRAPH_NAME = /^[a-z][a-z0-9_]*$/;

const entrySchema = z.object({
  name: z.string({ message: 'must be a string' }).regex(SUBGRAPH_NAME, 'must be lowercase letters, digits and _, starting with a letter'),
  url: z.string({ message: 'must be a string' }).refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL'),
  owner: z.string({ message: 'must be a string' }).trim().min(1, 'must name the owning agency (e.g. "caselink" or an agency id)'),
  sdl: z.string({ message: 'must be a string' }).min(1, 'must be the path of the SDL file'),
});
export type RegistryEntry = z.infer<typeof entrySchema>;
/** An entry with its SDL read from disk. */
export type LoadedEntry = RegistryEntry & { typeDefs: string };

const registrySchema = z.object({
  $comment: z.string().optional(),
  subgraphs: z.array(entrySchema, { message: 'must be a list of subgraphs' }).min(1, 'must list at least one subgraph'),
});

export const DEFAULT_REGISTRY = resolve(import.meta.dirname, 'subgraphs.json');

/** The folder SDL paths are relative to: the repository root, the registry's parent folder. */
export function registryRoot(registryPath: string): string {
  return resolve(dirname(registryPath), '..');
}

/** Where an entry's SDL file is: relative paths from the registry's root, absolute ones as they are. */
export function sdlFileOf(registryPath: string, entry: Pick<RegistryEntry, 'sdl'>): string {
  return resolve(registryRoot(registryPath), entry.sdl);
}

/** The `sdl` value to record for a file: relative to the registry's root when inside it, else absolute. */
export function sdlPathFor(registryPath: string, file: string): string {
  const rel = relative(registryRoot(registryPath), resolve(file));
  return rel.startsWith('..') || isAbsolute(rel) ? resolve(file) : rel.split('\\').join('/');
}

function describeIssue(data: unknown, issue: z.core.$ZodIssue): string {
  const [top, index, key] = issue.path;
  if (top === 'subgraphs' && typeof index === 'number') {
    const raw = (data as { subgraphs?: Record<string, unknown>[] }).subgraphs?.[index];
    const label = typeof raw?.name === 'string' ? `subgraphs[${index}] ("${raw.name}")` : `subgraphs[${index}]`;
    if (key === undefined) return `${label} ${issue.message}`;
    const value = raw?.[String(key)];
    return `${label}.${String(key)} ${issue.message}${value === undefined ? ' (missing)' : `, got ${JSON.stringify(value)}`}`;
  }
  return `${issue.path.join('.') || 'registry'} ${issue.message}`;
}

/** Validates registry JSON; throws an Error whose message names the file, the entry and the problem. */
export function parseRegistry(data: unknown, path = 'registry'): { comment?: string; entries: RegistryEntry[] } {
  const parsed = registrySchema.safeParse(data);
  if (!parsed.success) throw new Error(`${path}: ${describeIssue(data, parsed.error.issues[0]!)}`);
  const seen = new Map<string, number>();
  parsed.data.subgraphs.forEach((s, i) => {
    if (seen.has(s.name)) throw new Error(`${path}: subgraph name "${s.name}" is listed twice (subgraphs[${seen.get(s.name)}] and subgraphs[${i}])`);
    seen.set(s.name, i);
  });
  return { comment: parsed.data.$comment, entries: parsed.data.subgraphs };
}

/** Validates one entry on its own (a candidate before it is registered). */
export function parseEntry(entry: unknown): RegistryEntry {
  return parseRegistry({ subgraphs: [entry] }, 'candidate').entries[0]!;
}

/** Reads and validates the registry file, without reading the SDL files. */
export function readRegistry(path = DEFAULT_REGISTRY): { comment?: string; entries: RegistryEntry[] } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not a readable JSON registry (${(err as Error).message})`);
  }
  return parseRegistry(data, path);
}

/** Reads the registry and each subgraph's SDL; a missing SDL file is named with its entry. */
export function loadRegistry(path = DEFAULT_REGISTRY): LoadedEntry[] {
  return readRegistry(path).entries.map((s) => {
    const file = sdlFileOf(path, s);
    if (!existsSync(file)) throw new Error(`${path}: subgraph "${s.name}": sdl file ${s.sdl} not found (looked at ${file})`);
    return { ...s, typeDefs: readFileSync(file, 'utf8') };
  });
}

/** Writes the registry (one line per entry, as operators read it), replacing the file in one rename. */
export function writeRegistry(path: string, entries: RegistryEntry[], comment?: string): void {
  parseRegistry({ subgraphs: entries }, path);
  const field = (k: keyof RegistryEntry, v: string) => `"${k}": ${JSON.stringify(v)}`;
  const lines = entries.map((e) => `    { ${(['name', 'url', 'owner', 'sdl'] as const).map((k) => field(k, e[k])).join(', ')} }`);
  const head = comment === undefined ? '' : `  "$comment": ${JSON.stringify(comment)},\n`;
  writeAtomically(path, `{\n${head}  "subgraphs": [\n${lines.join(',\n')}\n  ]\n}\n`);
}

/** Writes through a temporary file and a rename, so a reader (the gateway's watcher) never sees half a file. */
export function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

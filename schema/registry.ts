import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';

/** The subgraph registry (schema/subgraphs.json): configuration operators change, validated at load. */
const registrySchema = z.object({
  subgraphs: z
    .array(
      z.object({
        name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lowercase letters, digits and _'),
        url: z.url({ protocol: /^https?$/ }),
        owner: z.string().min(1),
        sdl: z.string().min(1),
      }),
    )
    .min(1)
    .refine((list) => new Set(list.map((s) => s.name)).size === list.length, 'subgraph names must be unique'),
});
export type RegistryEntry = z.infer<typeof registrySchema>['subgraphs'][number];

export const DEFAULT_REGISTRY = resolve(import.meta.dirname, 'subgraphs.json');

/** Reads the registry; SDL paths are relative to the repository root (the registry's parent folder). */
export function loadRegistry(path = DEFAULT_REGISTRY): (RegistryEntry & { typeDefs: string })[] {
  const parsed = registrySchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${issue.path.join('.') || 'registry'} ${issue.message}`);
  }
  const root = resolve(dirname(path), '..');
  return parsed.data.subgraphs.map((s) => ({ ...s, typeDefs: readFileSync(resolve(root, s.sdl), 'utf8') }));
}

import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Role } from '../schema/vocabulary';
import type { Caller } from '../subgraphs/kit/caller';
import { appError } from '../subgraphs/kit/errors';
import { operationOf, sha256 } from './edge';

/**
 * Trusted operations: the operations front-end builds emit into an Apollo persisted query manifest
 * (`generate-persisted-query-manifest` and the like). Clients send either an operation's id in
 * `extensions.persistedQuery.sha256Hash` (Apollo's APQ shape, body left out) or the full body,
 * byte for byte as in the manifest.
 *
 * - `off`: every operation runs; ids in the manifest still resolve.
 * - `log-unknown`: every operation runs; one not in the manifest is logged and counted.
 * - `enforce`: one not in the manifest is refused (PERSISTED_QUERY_NOT_IN_LIST), unless the caller
 *   holds one of `adHocRoles` (analysts, by default, who write their own queries).
 */
export const SAFELIST_MODES = ['off', 'log-unknown', 'enforce'] as const;
export type SafelistMode = (typeof SAFELIST_MODES)[number];

export const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});
export type PersistedQueryManifest = z.infer<typeof manifestSchema>;

/** Reads and checks a manifest file; the error names the file and what is wrong. */
export function loadManifest(path: string): PersistedQueryManifest {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`SAFELIST_MANIFEST ${path}: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`SAFELIST_MANIFEST ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

export interface SafelistOptions {
  /** @default 'off' */
  mode: SafelistMode;
  /** @default null (no operation is listed) */
  manifest: PersistedQueryManifest | null;
  /** Roles that may send operations not in the manifest in `enforce` mode. @default ['ANALYST'] */
  adHocRoles: readonly Role[];
}

export const DEFAULT_SAFELIST: SafelistOptions = { mode: 'off', manifest: null, adHocRoles: ['ANALYST'] };

export function createSafelist(manifest: PersistedQueryManifest | null) {
  const byId = new Map<string, string>();
  const listedHashes = new Set<string>();
  for (const op of manifest?.operations ?? []) {
    byId.set(op.id, op.body);
    listedHashes.add(sha256(op.body));
  }
  return {
    size: byId.size,
    /** The body of a listed operation, by its manifest id. */
    body: (id: string) => byId.get(id),
    /** True for a document whose text is byte for byte a listed body. */
    lists: (source: string) => listedHashes.has(sha256(source)),
    /**
     * Apollo Server's persisted-query cache, backed by the manifest and read-only: a body-less request
     * resolves by id; a client's attempt to register a new one (APQ) stores nothing. Apollo prefixes
     * the keys it asks for with `apq:`.
     */
    cache: {
      async get(key: string) {
        return byId.get(key.replace(/^apq:/, ''));
      },
      async set() {},
      async delete() {},
    },
  };
}
export type Safelist = ReturnType<typeof createSafelist>;

/** Applies the mode to every operation, after parsing and before planning. */
export function useSafelist(options: {
  mode: SafelistMode;
  safelist: Safelist;
  adHocRoles: readonly Role[];
  log: Logger;
  onUnlisted?: (mode: SafelistMode) => void;
}): ApolloServerPlugin<{ caller: Caller }> {
  const { mode, safelist, adHocRoles, log } = options;
  return {
    async requestDidStart() {
      if (mode === 'off' && !safelist.size) return {}; // nothing to check, nothing to record
      return {
        async didResolveOperation(requestContext) {
          const { source, contextValue } = requestContext;
          const op = operationOf(requestContext);
          const name = requestContext.operationName;
          if (safelist.lists(source)) {
            op.trust = 'listed';
            return;
          }
          const adHoc = contextValue.caller.roles.some((r) => adHocRoles.includes(r));
          op.trust = adHoc ? 'ad-hoc' : 'unlisted';
          if (mode === 'off' || adHoc) return;
          options.onUnlisted?.(mode);
          if (mode === 'log-unknown') {
            log.warn({ requestId: contextValue.caller.requestId, operation: name, hash: op.hash }, 'operation not in the manifest');
            return;
          }
          throw appError(
            'PERSISTED_QUERY_NOT_IN_LIST',
            `operation ${name ?? '(anonymous)'} is not in the operation manifest; ` +
              (adHocRoles.length ? `only callers with role ${adHocRoles.join(' or ')} may send other operations` : 'no caller may send other operations'),
            { hash: op.hash, http: { status: 400 } },
          );
        },
      };
    },
  };
}

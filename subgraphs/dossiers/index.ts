import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import type { RunningSubgraph, SubgraphDefinition } from '../kit/createSubgraph';
import type { KeySource } from '../kit/caller';
import { systemClock, type Clock } from '../kit/clock';
import { mountFileRoutes } from './files/routes';
import { createLoaders, type DossiersLoaders } from './loaders';
import { classRules } from './policy';
import { createResolvers } from './resolvers';
import { seed } from './seed';
import { dossierServicesFromEnv, type DossierServices } from './services';
import { tables, type DossiersTables } from './db/schema';
import { DOSSIERS_CHAIN_SOURCES } from './chain/audit';
import type { Database } from '../kit/db';
import { DatabaseBlobStore } from './blobs/database';
import { LocalBlobStore } from './blobs/local';
import type { BlobStore } from './blobs/types';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export interface MountRoutesOptions {
  /** The gateway's assertion key: file requests carry a caller assertion like GraphQL ones. */
  gatewayKeys: KeySource;
  /** @default systemClock */
  clock?: Clock;
  /** @default pino at LOG_LEVEL or 'info' */
  logger?: Logger;
}

/** The dossiers subgraph: a GraphQL subgraph plus HTTP routes for document bytes and its seal key. */
export interface DossiersDefinition extends SubgraphDefinition<DossiersTables, DossiersLoaders> {
  services: DossierServices;
  /**
   * Mounts `/files/…` (upload, download) and `/.well-known/jwks.json` on the running subgraph's
   * express app, beside the `/graphql` that createSubgraph() mounted. Call it before serving traffic.
   */
  mountRoutes(running: RunningSubgraph<DossiersTables>, options: MountRoutesOptions): void;
}

/** Dossiers, documents (content-addressed), versions, seals, handovers and their access record. */
export function createDossiersSubgraph(services: DossierServices): DossiersDefinition {
  return {
    name: 'dossiers',
    typeDefs: readFileSync(here('./schema.graphql'), 'utf8'),
    resolvers: createResolvers(services),
    tables,
    migrationsFolder: here('./db/migrations'),
    classRules,
    createLoaders: (ctx) => createLoaders(ctx, services.scope),
    prepare: (db, _clock, log) => prepareBlobStore(services.blobs, db, log),
    seed: (db, clock) => {
      // Also when a seed runs without the subgraph (tools, tests): the database store stores in this database.
      if (services.blobs instanceof DatabaseBlobStore) services.blobs.attach(db);
      return seed(db, clock, services);
    },
    chainSources: DOSSIERS_CHAIN_SOURCES,
    services,
    mountRoutes(running, options) {
      mountFileRoutes(running.app, {
        db: running.db,
        services,
        gatewayKeys: options.gatewayKeys,
        clock: options.clock ?? systemClock,
        log: (options.logger ?? pino({ level: process.env.LOG_LEVEL ?? 'info' })).child({ subgraph: 'dossiers' }),
        metrics: running.metrics,
      });
    },
  };
}

/**
 * The database blob store stores in this subgraph's database: attached to it once it is open, before
 * the demo seed stores anything; uploads abandoned by a crashed process are removed, and documents
 * of the local directory it replaces are copied in (README "Document storage").
 */
export async function prepareBlobStore(blobs: BlobStore, db: Database, log: Pick<Logger, 'info' | 'warn'>): Promise<void> {
  if (!(blobs instanceof DatabaseBlobStore)) return;
  blobs.attach(db);
  const swept = await blobs.sweepAbandoned();
  if (swept) log.info({ uploads: swept }, 'removed the chunks of uploads abandoned mid-way');
  if (blobs.fallback instanceof LocalBlobStore) await blobs.importLocal(blobs.fallback, log);
}

/** The subgraph configured from the environment on first use (DOSSIERS_* variables, see README). */
export const dossiersSubgraph: DossiersDefinition = createDossiersSubgraph(dossierServicesFromEnv());

/** Whether a subgraph definition brings HTTP routes of its own to mount after createSubgraph(). */
export function hasRoutes<T extends object>(def: T): def is T & Pick<DossiersDefinition, 'mountRoutes'> {
  return typeof (def as Partial<DossiersDefinition>).mountRoutes === 'function';
}

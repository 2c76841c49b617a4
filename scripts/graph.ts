import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { createGateway, type Gateway, type GatewayOptions } from '../gateway/server';
import type { TokenVerifierOptions } from '../gateway/auth';
import type { SigningKey } from '../gateway/keys';
import { createSubgraph, type RunningSubgraph } from '../subgraphs/kit/createSubgraph';
import type { Clock } from '../subgraphs/kit/clock';
import type { StorageMode } from '../subgraphs/kit/db';
import { ourSubgraphs } from '../subgraphs/all';

export interface LocalGraphOptions {
  supergraphPath: string;
  host: string;
  /** Gateway port; subgraphs take port+1.. in registry order. 0 picks free ports (tests). */
  port: number;
  storageFor(name: string): StorageMode;
  auth: TokenVerifierOptions;
  assertionKey: SigningKey;
  seedDemo: boolean;
  clock?: Clock;
  logger?: Logger;
  /** Further gateway options (limits, safelist, IDE, ...): see GatewayOptions. */
  gateway?: Partial<Omit<GatewayOptions, 'supergraphSdl' | 'subgraphUrls' | 'auth' | 'assertionKey'>>;
}

export interface LocalGraph {
  gatewayUrl: string;
  gateway: Gateway;
  subgraphs: Record<string, RunningSubgraph<Record<string, unknown>> & { url: string }>;
  close(): Promise<void>;
}

/** Runs the gateway and our three subgraphs in one process (npm start, whole-graph tests). */
export async function startLocalGraph(options: LocalGraphOptions): Promise<LocalGraph> {
  const subgraphs: LocalGraph['subgraphs'] = {};
  try {
    let offset = 1;
    for (const def of ourSubgraphs) {
      const running = await createSubgraph(def as never, {
        storage: options.storageFor(def.name),
        gatewayKeys: { jwks: { keys: [options.assertionKey.publicJwk] } },
        clock: options.clock,
        logger: options.logger,
        seedDemo: options.seedDemo,
      });
      const url = await running.listen(options.port === 0 ? 0 : options.port + offset++, options.host);
      subgraphs[def.name] = Object.assign(running as RunningSubgraph<Record<string, unknown>>, { url });
    }
    const gateway = await createGateway({
      supergraphPath: options.supergraphPath,
      ...options.gateway,
      supergraphSdl: readFileSync(options.supergraphPath, 'utf8'),
      subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.url])),
      auth: options.auth,
      assertionKey: options.assertionKey,
      logger: options.logger,
      processMetrics: true,
    });
    const gatewayUrl = await gateway.listen(options.port, options.host);
    return {
      gatewayUrl,
      gateway,
      subgraphs,
      async close() {
        await gateway.close();
        for (const s of Object.values(subgraphs).reverse()) await s.close();
      },
    };
  } catch (err) {
    for (const s of Object.values(subgraphs)) await s.close().catch(() => {});
    throw err;
  }
}

/** The cluster's shape as deploy/nginx/caselink.conf declares it (scripts/cluster.ts, decision 104). */
export const SUBGRAPHS = ['agencies', 'cases', 'dossiers'] as const;
export type Service = 'gateway' | (typeof SUBGRAPHS)[number];

export interface Topology {
  /** Where nginx listens for each service (gateway: what clients use). */
  front: Record<Service, number>;
  /** The replicas' ports, per service. */
  replicas: Record<Service, number[]>;
}

/** Reads the listen ports and upstream servers of deploy/nginx/caselink.conf (upstreams named caselink_<service>). */
export function readTopology(conf: string, path = 'deploy/nginx/caselink.conf'): Topology {
  const replicas = {} as Topology['replicas'];
  for (const m of conf.matchAll(/upstream\s+caselink_(\w+)\s*\{([^}]*)\}/g)) {
    replicas[m[1] as Service] = [...m[2]!.matchAll(/server\s+127\.0\.0\.1:(\d+)/g)].map((x) => Number(x[1]));
  }
  const front = {} as Topology['front'];
  for (const m of conf.matchAll(/listen\s+127\.0\.0\.1:(\d+);[\s\S]*?proxy_pass\s+http:\/\/caselink_(\w+);/g)) front[m[2] as Service] ??= Number(m[1]);
  for (const s of ['gateway', ...SUBGRAPHS] as const) {
    if (!front[s] || !replicas[s]?.length) throw new Error(`${path}: no listen port or no upstream servers for ${s} (upstream caselink_${s})`);
  }
  return { front, replicas };
}

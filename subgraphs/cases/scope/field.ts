import type { RunningSubgraph } from '../../kit/createSubgraph';
import type { CaseRow } from '../loaders';
import type { Ctx } from '../resolvers/context';
import type { ScopeSigner } from './statement';

/**
 * `Case.scopeStatement`: the signed scope of a case the caller sees (C1). The juvenile flag comes
 * from the parties' own flag (set when the case was opened), as `Case.parties` seals them; it is read
 * without decrypting the parties (loaders.ts juvenileByCase).
 */
export function scopeStatementResolver(signer: ScopeSigner) {
  return async (c: CaseRow, _: unknown, { loaders, clock }: Ctx) => {
    return signer.statementFor(c, await loaders.juvenileByCase.load(c.id), clock.now());
  };
}

/** Serves the scope key's public half at `/.well-known/jwks.json`, for receivers (no assertion needed). */
export function mountScopeJwks(running: Pick<RunningSubgraph<never>, 'app'>, signer: ScopeSigner): void {
  running.app.get('/.well-known/jwks.json', async (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(await signer.jwks());
  });
}

import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { ASSERTION_HEADER, createAssertionVerifier, type Caller, type KeySource } from '../../kit/caller';
import type { Clock } from '../../kit/clock';
import type { Database } from '../../kit/db';
import type { SubgraphMetrics } from '../../kit/metrics';
import { appError, badInput } from '../../kit/errors';
import { findUnusableText } from '../../kit/inputGuard';
import type { DossiersTables } from '../db/schema';
import type { DossierServices } from '../services';
import { download } from './download';
import { sendError } from './http';
import { upload } from './upload';

export interface FileRouteDeps {
  db: Database<DossiersTables>;
  services: DossierServices;
  clock: Clock;
  log: Logger;
  metrics: ReturnType<typeof fileMetrics>;
}

function fileMetrics(registry: SubgraphMetrics['registry']) {
  return {
    uploadedBytes: new Counter({ name: 'caselink_dossier_uploaded_bytes_total', help: 'Document bytes stored by uploads', registers: [registry] }),
    downloadedBytes: new Counter({ name: 'caselink_dossier_downloaded_bytes_total', help: 'Document bytes served by complete downloads', registers: [registry] }),
    integrityFailures: new Counter({
      name: 'caselink_dossier_integrity_failures_total',
      help: 'Downloads refused or cut short because stored content did not match its recorded SHA-256',
      registers: [registry],
    }),
  };
}

/**
 * The dossiers subgraph's HTTP routes beside /graphql: document bytes under /files (reached through
 * the gateway's /files/dossiers/… pass-through, with a caller assertion like any GraphQL fetch),
 * and the public key of its seals at /.well-known/jwks.json (for verifiers, no assertion needed).
 */
export function mountFileRoutes(
  app: express.Express,
  options: { db: Database<DossiersTables>; services: DossierServices; gatewayKeys: KeySource; clock: Clock; log: Logger; metrics: SubgraphMetrics },
): void {
  const verify = createAssertionVerifier('dossiers', options.gatewayKeys);
  const deps: FileRouteDeps = { ...options, log: options.log.child({ routes: 'files' }), metrics: fileMetrics(options.metrics.registry) };
  const handle =
    (fn: (caller: Caller, req: Request, res: Response, deps: FileRouteDeps) => Promise<void>) => async (req: Request, res: Response) => {
      try {
        // Made for this method and target (from /files/ on, query included): not another route, not /graphql.
        const caller = await verify(req.header(ASSERTION_HEADER), { kind: 'files', method: req.method, target: req.originalUrl });
        // Ids and parameters no query can use (NUL, lone surrogates) are refused by name, not by the database.
        const unusable = findUnusableText({ ...req.params }, 'path') ?? findUnusableText(req.query, 'query');
        if (unusable) throw badInput(unusable.path, unusable.problem);
        await fn(caller, req, res, { ...deps, log: deps.log.child({ requestId: caller.requestId }) });
      } catch (err) {
        sendError(req, res, err, deps.log);
      }
    };

  app.get('/.well-known/jwks.json', async (_req, res) => {
    res.set('cache-control', 'public, max-age=300').json(await options.services.signer.jwks());
  });
  app.post('/files/dossiers/:dossierId/documents', handle(upload));
  app.get('/files/documents/:documentId/content', handle(download));
  app.use('/files', (req, res) => sendError(req, res, appError('NOT_FOUND', `no file endpoint ${req.method} ${req.originalUrl.split('?')[0]}`), deps.log));
}

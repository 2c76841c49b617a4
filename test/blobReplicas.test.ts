import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDossiersSubgraph } from '../subgraphs/dossiers';
import { loadDossiersConfig } from '../subgraphs/dossiers/config';
import { createDossierServices, type DossierServices } from '../subgraphs/dossiers/services';
import { checkBlob } from '../subgraphs/dossiers/blobs/integrity';
import type { BlobStore } from '../subgraphs/dossiers/blobs/types';
import { makeResidentId } from '../subgraphs/kit/identifiers';
import { DatabaseBlobStore } from '../subgraphs/dossiers/blobs/database';
import { createSubgraph, type RunningSubgraph } from '../subgraphs/kit/createSubgraph';
import { queryRows, type Database, type StorageMode } from '../subgraphs/kit/db';
import { asKeyRing } from '../subgraphs/kit/jws';
import type { DossiersTables } from '../subgraphs/dossiers/db/schema';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';
import { caseInput, createCase, fetchContent, generatedBody, hashBody, MIB, openDossier, sha256Of, uploadDocument } from './dossierClient';

/**
 * Two dossiers replicas on one database (issue 21): a document uploaded through one is served,
 * verified, by the other, whose own blob directory is empty. Both run the default blob store.
 */
describe(`two dossiers replicas share documents through the database blob store (${DATABASE_KIND})`, () => {
  let graph: TestGraph;
  let second: RunningSubgraph<DossiersTables>;
  let secondGateway: string;
  const secondBlobDir = mkdtempSync(join(tmpdir(), 'caselink-replica-blobs-'));
  let token: string;
  let dossierId: string;
  let services: DossierServices;
  let secondBlobs: BlobStore;

  beforeAll(async () => {
    expect(loadDossiersConfig({}).blobStore).toBe('database'); // what a replica runs with no configuration
    graph = await startTestGraph({ dossiers: { blobStore: 'database', verifyBeforeSendBytes: 1 * MIB } });
    // The second instance: its own services (its own, empty, blob directory), the same database.
    const firstDb = graph.subgraphs.dossiers!.db as unknown as { $client: never };
    const storage: StorageMode = DATABASE_KIND === 'pglite' ? { kind: 'pglite', dataDir: null, shared: firstDb.$client } : graph.storage.dossiers!;
    const casesJwks = new URL('/.well-known/jwks.json', graph.subgraphs.cases!.url).toString();
    services = createDossierServices({ ...loadDossiersConfig({}), blobDir: secondBlobDir }, { sealKey: graph.dossiersSealKey, casesKeys: { jwksUrl: casesJwks } });
    expect(services.blobs).toBeInstanceOf(DatabaseBlobStore);
    secondBlobs = services.blobs;
    const def = createDossiersSubgraph(services);
    const gatewayKeys = { jwks: asKeyRing(graph.assertionKey).jwks };
    second = await createSubgraph(def, { storage, gatewayKeys, logger: pino({ level: 'silent' }) });
    def.mountRoutes(second, { gatewayKeys, logger: pino({ level: 'silent' }) });
    const url = await second.listen(0);
    secondGateway = (await graph.startGateway({ subgraphUrls: { dossiers: url } })).url;

    token = await graph.token({ login: 'xu.chunyan.hz-msa' });
    const caseId = await createCase(graph, token, caseInput([{ kind: 'PERSON', name: '李四', idNumber: makeResidentId('330102', '19850312', '123') }]));
    const opened = await openDossier(graph, token, caseId);
    expect(opened.errors).toBeUndefined();
    dossierId = opened.data.openDossier.id;
  }, 300_000);
  afterAll(async () => {
    await second?.close();
    await graph?.close();
    rmSync(secondBlobDir, { recursive: true, force: true });
  });

  const on = (gatewayUrl: string) => ({ ...graph, gatewayUrl });

  it('a document uploaded through one replica downloads, verified, through the other; neither keeps files', async () => {
    const letter = Buffer.from('%PDF-1.7\n移送书 shared by replicas\n%%EOF\n');
    const up = await uploadDocument(graph, token, dossierId, { kind: 'TRANSFER_LETTER', title: '移送书' }, letter, { contentType: 'application/pdf' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.document).toMatchObject({ sha256: sha256Of(letter), size: letter.length });

    const down = await fetchContent(on(secondGateway) as TestGraph, token, up.body.document.contentPath);
    expect(down.status).toBe(200);
    expect(down.headers.get('repr-digest')).toBe(`sha-256=:${Buffer.from(sha256Of(letter), 'hex').toString('base64')}:`);
    expect(Buffer.from(await down.arrayBuffer())).toEqual(letter);

    // Larger than verify-before-send and many chunks, the other way round: up through the second, down through the first.
    const report = generatedBody(3 * MIB + 77, 4);
    const big = await uploadDocument(on(secondGateway) as TestGraph, token, dossierId, { kind: 'INVESTIGATION_REPORT', title: '调查报告' }, report.stream, { contentType: 'application/pdf' });
    expect(big.status, JSON.stringify(big.body)).toBe(201);
    const got = await hashBody(await fetchContent(graph, token, big.body.document.contentPath));
    expect(got).toEqual({ sha256: report.sha256(), size: 3 * MIB + 77 });

    // The bytes are in the database, not in either replica's directory.
    expect(readdirSync(secondBlobDir)).toEqual([]);
    expect(readdirSync(graph.dossierBlobDir)).toEqual([]);
    const db = second.db as unknown as Database;
    const [row] = await queryRows<{ chunk_count: number }>(db, sql`SELECT chunk_count FROM blobs WHERE sha256 = ${report.sha256()}`);
    expect(row?.chunk_count).toBe(13); // 3 MiB + 77 bytes in 256 KiB chunks
  }, 60_000);

  it('the demo documents seeded by the first replica are all there for the second, intact', async () => {
    const docs = await queryRows<{ sha256: string; size: number; sm3: string | null }>(
      second.db as unknown as Database,
      sql`SELECT DISTINCT sha256, size::int AS size, sm3 FROM documents WHERE dossier_id <> ${dossierId} ORDER BY sha256 LIMIT 12`,
    );
    expect(docs).toHaveLength(12);
    // Every one has its blob in the database; a dozen of them are read back in full and hashed.
    const [missing] = await queryRows<{ n: number }>(
      second.db as unknown as Database,
      sql`SELECT count(*)::int AS n FROM documents d WHERE dossier_id <> ${dossierId} AND NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = d.sha256)`,
    );
    expect(missing?.n).toBe(0);
    for (const d of docs) expect(await checkBlob(secondBlobs, d.sha256, d.size, d.sm3)).toMatchObject({ status: 'INTACT' });
  });

  it('bytes changed in the database are refused by the other replica (verify on read)', async () => {
    const body = Buffer.from('涉案物品清单: 3 boxes, changed later by someone with database access');
    const up = await uploadDocument(graph, token, dossierId, { kind: 'SEIZED_ITEMS_LIST', title: '涉案物品清单' }, body, { contentType: 'text/plain; charset=utf-8' });
    expect(up.status).toBe(201);
    await (graph.subgraphs.dossiers!.db as unknown as Database).transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE blob_chunks SET data = overlay(data placing '\\x21'::bytea from 5 for 1) WHERE upload_id = (SELECT upload_id FROM blobs WHERE sha256 = ${up.body.document.sha256})`);
    });
    const down = await fetchContent(on(secondGateway) as TestGraph, token, up.body.document.contentPath);
    expect(down.status).toBe(409);
    expect(((await down.json()) as any).errors[0].extensions).toMatchObject({ code: 'CONFLICT', integrity: 'CHANGED', documentId: up.body.document.id });
  });
});

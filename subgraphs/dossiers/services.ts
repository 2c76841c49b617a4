import type { KeyRing, KeySource, SigningKey } from '../kit/jws';
import { DatabaseBlobStore } from './blobs/database';
import { LocalBlobStore } from './blobs/local';
import { S3BlobStore } from './blobs/s3';
import type { BlobStore } from './blobs/types';
import { loadDossiersConfig, type DossiersConfig } from './config';
import type { RequiredMaterials } from './materials';
import { createScopeVerifier, type ScopeVerifier } from './scope';
import { createSigner, loadSealKey, type Signer } from './signing';

/** What the dossiers subgraph needs beyond its database: where bytes live, its signing key, its rules. */
export interface DossierServices {
  blobs: BlobStore;
  signer: Signer;
  /** Verifies the cases subgraph's scope statements (CASES_JWKS_URL). */
  scope: ScopeVerifier;
  materials: RequiredMaterials;
  limits: Pick<DossiersConfig, 'maxUploadBytes' | 'verifyBeforeSendBytes'>;
}

/**
 * Services from a configuration; `sealKey` and `blobs` replace the configured ones (tests), `casesKeys`
 * the cases subgraph's key source (a process that runs the cases subgraph too hands its JWK set in).
 */
export function createDossierServices(
  config: DossiersConfig,
  overrides: { sealKey?: SigningKey | KeyRing; blobs?: BlobStore; casesKeys?: KeySource } = {},
): DossierServices {
  const { sealKey } = overrides;
  return {
    blobs: overrides.blobs ?? createBlobStore(config),
    signer: createSigner(sealKey ? async () => sealKey : () => loadSealKey({ pem: config.sealKeyPem, previous: config.sealPreviousKeys, keysDir: config.keysDir, alg: config.signatureAlg })),
    scope: createScopeVerifier(overrides.casesKeys ?? config.casesKeys),
    materials: config.requiredMaterials,
    limits: { maxUploadBytes: config.maxUploadBytes, verifyBeforeSendBytes: config.verifyBeforeSendBytes },
  };
}

/**
 * The configured blob store (DOSSIERS_BLOB_STORE). The database store is attached to the dossiers
 * database when the subgraph opens it (index.ts, `prepare`); documents of the local directory it
 * replaces are copied in then, and read from the directory until they are.
 */
export function createBlobStore(config: Pick<DossiersConfig, 'blobStore' | 'blobDir' | 's3'>): BlobStore {
  switch (config.blobStore) {
    case 'local':
      return new LocalBlobStore(config.blobDir);
    case 'database':
      return new DatabaseBlobStore({ fallback: new LocalBlobStore(config.blobDir) });
    case 's3':
      if (!config.s3) throw new Error('DOSSIERS_BLOB_STORE=s3 needs DOSSIERS_S3_BUCKET (and an endpoint, region and keys as the server wants)');
      return S3BlobStore.fromSettings(config.s3);
  }
}

/**
 * Services configured from the environment on first use, for the module-level subgraph definition
 * (subgraphs/all.ts): importing the module reads no environment and creates no key.
 */
export function dossierServicesFromEnv(env: NodeJS.ProcessEnv = process.env): DossierServices {
  let built: DossierServices | undefined;
  const get = () => (built ??= createDossierServices(loadDossiersConfig(env)));
  return {
    get blobs() {
      return get().blobs;
    },
    get signer() {
      return get().signer;
    },
    get scope() {
      return get().scope;
    },
    get materials() {
      return get().materials;
    },
    get limits() {
      return get().limits;
    },
  };
}

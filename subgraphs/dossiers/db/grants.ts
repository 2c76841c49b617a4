import type { ServiceGrants } from '../../kit/grants';

/**
 * The UPDATEs the dossiers service makes (kit/grants.ts; the kit adds `access_log_heads`). Versions,
 * seals, handed-over documents and the dossier chain are SELECT and INSERT only; the guards of
 * migration 0003 still decide which changes of a document or a handover are allowed.
 */
export const dossiersServiceGrants: ServiceGrants = {
  update: {
    dossiers: 'all', // version, chain head, scope
    documents: ['removed_in_version', 'replaced_by_id', 'withdrawn_at', 'withdrawn_by', 'withdrawal_reason'], // a withdrawal or replacement, once
    handovers: ['acknowledged_at', 'acknowledged_by', 'receipt'], // the acknowledgement, once
    blob_uploads: ['touched_at'], // an upload in progress (blobs/database.ts)
  },
  // A refused or abandoned upload's rows; migration 0013's triggers refuse deleting a stored blob's chunks.
  delete: ['blob_uploads', 'blob_chunks'],
};

/**
 * Where callers reach this subgraph's file routes: through the gateway, which forwards
 * `/files/<subgraph>/<path>` to the subgraph's own `/files/<path>` (gateway/files.ts).
 */
export const GATEWAY_FILES_PREFIX = '/files/dossiers';

/** The gateway path of a document's bytes (GET, with the caller's bearer token). */
export const contentPath = (documentId: string) => `${GATEWAY_FILES_PREFIX}/documents/${encodeURIComponent(documentId)}/content`;

import type { Logger } from 'pino';
import { requestOutcome, type EdgeRecord } from './edge';

/**
 * The access log at the edge: one JSON line per operation (one per request when it was refused
 * before any operation ran), with who asked, what (operation name and document hash, never
 * variables or data), where it went and how it ended. `requestId` is the one the subgraphs receive
 * in `x-request-id` and in the caller assertion, and write into their own access records.
 */
export interface AccessLine {
  requestId: string;
  sub: string | null;
  agency: string | null;
  roles: string[];
  purpose: string | null;
  operation: string | null;
  operationType: string | null;
  /** sha256 of the document text */
  hash: string | null;
  trust: string | null;
  subgraphs: string[];
  durationMs: number;
  status: number;
  outcome: string;
  errors: string[];
}

export function accessLines(record: EdgeRecord, status: number, now = performance.now()): AccessLine[] {
  const c = record.caller;
  const who = { requestId: record.requestId, sub: c?.sub ?? null, agency: c?.agencyId ?? null, roles: c?.roles ?? [], purpose: c?.purpose ?? null };
  if (!record.operations.length) {
    return [
      {
        ...who,
        operation: null,
        operationType: null,
        hash: null,
        trust: null,
        subgraphs: [],
        durationMs: round(now - record.started),
        status,
        outcome: requestOutcome(record, status),
        errors: record.errors,
      },
    ];
  }
  return record.operations.map((op) => ({
    ...who,
    operation: op.name,
    operationType: op.type,
    hash: op.hash,
    trust: op.trust,
    subgraphs: [...op.subgraphs].sort(),
    durationMs: round(op.durationMs),
    status,
    outcome: op.outcome,
    errors: op.errors,
  }));
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Writes each request's lines at info level, as `{ ..., msg: "access" }`. */
export function accessLogWriter(logger: Logger) {
  return (record: EdgeRecord, status: number) => {
    for (const line of accessLines(record, status)) logger.info(line, 'access');
  };
}

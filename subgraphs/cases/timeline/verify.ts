import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../kit/db';
import { caseEvents, cases, type CasesTables } from '../db/schema';
import { isDigestAlgorithm } from '../../kit/digests';
import { eventHash, GENESIS_HASH } from './hash';

/**
 * Replays a case's timeline and checks its hash chain: every event's hash matches its content,
 * every event names the previous event's hash, sequence numbers run 1, 2, 3 … and the case row's
 * head (length, last hash, stage, status) matches the last event. The first event that fails is
 * named; everything after it is unproven.
 */
export interface ChainBreak {
  seq: number;
  eventId: string | null;
  reason: string;
}

export interface TimelineVerification {
  caseId: string;
  number: string;
  events: number;
  ok: boolean;
  brokenAt: ChainBreak | null;
}

type EventRecord = typeof caseEvents.$inferSelect;
type CaseRecord = Pick<typeof cases.$inferSelect, 'id' | 'number' | 'stage' | 'status' | 'timelineLength' | 'timelineHead'>;

export function verifyChain(c: CaseRecord, events: EventRecord[]): TimelineVerification {
  const result = (brokenAt: ChainBreak | null): TimelineVerification => ({ caseId: c.id, number: c.number, events: events.length, ok: !brokenAt, brokenAt });
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const at = (reason: string) => result({ seq: e.seq, eventId: e.id, reason });
    if (e.caseId !== c.id) return at('belongs to another case');
    if (e.seq !== i + 1) return at(`is numbered ${e.seq} where ${i + 1} was expected (an event is missing or out of order)`);
    if (e.prevHash !== prev) return at('does not follow the event before it (prev_hash differs from that event’s hash)');
    if (!isDigestAlgorithm(e.hashAlg)) return at(`names an unknown digest algorithm ${JSON.stringify(e.hashAlg)}`);
    if (eventHash(e) !== e.hash) return at('has been changed since it was recorded (its content no longer matches its hash)');
    if (i > 0 && events[i - 1]!.toStage !== e.fromStage) return at(`starts from ${e.fromStage} but the event before it ended in ${events[i - 1]!.toStage}`);
    prev = e.hash;
  }
  const last = events[events.length - 1];
  const head = (reason: string) => result({ seq: events.length + 1, eventId: null, reason });
  if (c.timelineLength !== events.length) return head(`the case records ${c.timelineLength} events but ${events.length} are stored`);
  if ((c.timelineHead ?? null) !== (last?.hash ?? null)) return head('the case’s recorded head hash differs from the last stored event’s hash');
  if (last && (last.toStage !== c.stage || last.toStatus !== c.status)) {
    return head(`the case is ${c.stage}/${c.status} but its timeline ends in ${last.toStage}/${last.toStatus}`);
  }
  return result(null);
}

/** Verifies the timelines of the given cases (or of every case), in batches. */
export async function verifyTimelines(db: Database<CasesTables>, caseIds?: string[], batchSize = 200): Promise<TimelineVerification[]> {
  const ids = caseIds ?? (await db.select({ id: cases.id }).from(cases).orderBy(asc(cases.id))).map((r) => r.id);
  const out: TimelineVerification[] = [];
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    const rows = await db.select().from(cases).where(inArray(cases.id, batch)).orderBy(asc(cases.id));
    const events = await db.select().from(caseEvents).where(inArray(caseEvents.caseId, batch)).orderBy(asc(caseEvents.caseId), asc(caseEvents.seq));
    const byCase = new Map<string, EventRecord[]>();
    for (const e of events) (byCase.get(e.caseId) ?? byCase.set(e.caseId, []).get(e.caseId)!).push(e);
    for (const c of rows) out.push(verifyChain(c, byCase.get(c.id) ?? []));
  }
  return out;
}

export async function verifyTimeline(db: Database<CasesTables>, caseId: string): Promise<TimelineVerification | null> {
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!c) return null;
  const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.seq));
  return verifyChain(c, events);
}

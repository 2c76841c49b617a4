import { asc, inArray, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../kit/db';
import type { Leaf } from '../../kit/checkpoint';
import { isDigestAlgorithm } from '../../kit/digests';
import { GENESIS_HASH, warningEventHash } from '../warnings/timeline';
import { warningEvents, warningNoticeOutcomes, warningNotices, warnings, type WarningEventRow, type WarningNoticeOutcomeRow, type WarningNoticeRow, type WarningRow } from '../warnings/tables';

/**
 * The supervision warnings' record, verified: each warning's own chain (warnings/timeline.ts), the
 * warning row against its last event (level, step, head) and its RAISED event (rule, code), and the
 * notices against the events that sent them (every notifying event lists its recipients), and what
 * became of each notice (acknowledged, escalated) against the event that records it, both ways.
 */
export interface AuditedLeaf extends Leaf {
  /** The stored hash of entry `seq` of this chain (null if absent). */
  hashAt(seq: number): string | null;
}

type Recipients = { recipient: string; agencyId: string | null; divisionCode: string | null }[];
const noticeKey = (n: { recipient: string; agencyId: string | null; divisionCode: string | null }) => `${n.recipient}|${n.agencyId ?? ''}|${n.divisionCode ?? ''}`;

export function checkWarning(w: WarningRow, events: readonly WarningEventRow[], notices: readonly WarningNoticeRow[], outcomes: readonly WarningNoticeOutcomeRow[] = []): string[] {
  const out: string[] = [];
  const name = `warning ${w.code} on ${w.caseNumber} (${w.id})`;
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    const at = `BROKEN ${name}: event ${e.seq} (${e.action})`;
    if (e.seq !== i + 1) return [...out, `${at} is numbered ${e.seq} where ${i + 1} was expected (an event is missing or out of order)`];
    if (e.prevHash !== prev) return [...out, `${at} does not follow the event before it`];
    if (!isDigestAlgorithm(e.hashAlg)) return [...out, `${at} names an unknown digest algorithm ${JSON.stringify(e.hashAlg)}`];
    if (warningEventHash(e) !== e.hash) return [...out, `${at} has been changed since it was recorded (its content no longer matches its hash)`];
    prev = e.hash;
  }
  if (events.length !== w.timelineLength || prev !== w.timelineHead) {
    return [...out, `BROKEN ${name}: the warning records ${w.timelineLength} events but ${events.length} are stored (or its head hash differs)`];
  }
  const say = (what: string) => out.push(`MISMATCH ${name}: ${what}`);
  const last = events[events.length - 1];
  if (last && (last.level !== w.level || last.step !== w.step)) say(`the warning is ${w.level}/${w.step} but its timeline ends in ${last.level}/${last.step}`);
  const raised = events.find((e) => e.action === 'RAISED');
  const rd = (raised?.data ?? {}) as { code?: string; rule?: string };
  if (raised && rd.code !== undefined && rd.code !== w.code) say(`warnings.code is ${w.code} but event ${raised.seq} raised ${rd.code}`);
  if (raised && rd.rule !== undefined && rd.rule !== w.rule) say(`warnings.rule is ${w.rule} but event ${raised.seq} raised ${rd.rule}`);

  const bySeq = new Map<number, WarningNoticeRow[]>();
  for (const n of notices) (bySeq.get(n.eventSeq) ?? bySeq.set(n.eventSeq, []).get(n.eventSeq)!).push(n);
  for (const e of events) {
    const sent = bySeq.get(e.seq) ?? [];
    bySeq.delete(e.seq);
    const listed = (e.data as { recipients?: Recipients }).recipients;
    if (!listed) {
      // Escalations recorded before their events listed recipients: their notices cannot be checked.
      if (sent.length && e.action !== 'ESCALATED') say(`${sent.length} notice(s) name event ${e.seq} (${e.action}), which notified no one`);
      continue;
    }
    const want = listed.map(noticeKey).sort().join(', ');
    const got = sent.map(noticeKey).sort().join(', ');
    if (want !== got) say(`the notices of event ${e.seq} (${e.action}) are [${got}] but the event sent [${want}]`);
    for (const n of sent) if (n.at.getTime() !== e.at.getTime()) say(`notice ${n.id} is dated ${n.at.toISOString()} but event ${e.seq} is at ${e.at.toISOString()}`);
  }
  for (const [seq, ns] of bySeq) say(`${ns.length} notice(s) name event ${seq}, which is not in its timeline`);

  // Outcomes: an ACKNOWLEDGED event names one notice, a NOTICE_OVERDUE event the notices it escalated;
  // each such naming has its outcome row (same event, time and actor), and each row its naming.
  const recorded = new Map<string, WarningEventRow>();
  for (const e of events) {
    const d = e.data as { noticeId?: string; overdue?: string[] };
    if (e.action === 'ACKNOWLEDGED' && d.noticeId) recorded.set(`${d.noticeId}|ACKNOWLEDGED`, e);
    if (e.action === 'NOTICE_OVERDUE') for (const id of d.overdue ?? []) recorded.set(`${id}|ESCALATED`, e);
  }
  for (const o of outcomes) {
    const key = `${o.noticeId}|${o.outcome}`;
    const e = recorded.get(key);
    recorded.delete(key);
    if (!e) say(`notice ${o.noticeId} is recorded as ${o.outcome} (event ${o.eventSeq}) but no event of its timeline records that`);
    else if (e.seq !== o.eventSeq || e.at.getTime() !== o.at.getTime() || e.actorId !== o.actorId) {
      say(`notice ${o.noticeId} is recorded as ${o.outcome} by ${o.actorId} at ${o.at.toISOString()} (event ${o.eventSeq}) but event ${e.seq} records ${e.actorId} at ${e.at.toISOString()}`);
    }
  }
  for (const [key, e] of recorded) {
    const [noticeId, outcome] = key.split('|');
    say(`event ${e.seq} (${e.action}) records notice ${noticeId} as ${outcome} but its outcome row is missing`);
  }
  return out;
}

/** Every warning, in key order, a page at a time: problems found and each warning's leaf. */
export async function* auditWarnings(db: Database, pageSize = 500): AsyncGenerator<{ problems: string[]; leaf: AuditedLeaf }> {
  for (let after: string | null = null; ; ) {
    const idRows: { id: string }[] = await queryRows<{ id: string }>(
      db,
      sql`select id from warnings where ${after === null ? sql`true` : sql`id collate "C" > ${after}`} order by id collate "C" limit ${pageSize}`,
    );
    if (!idRows.length) return;
    const ids = idRows.map((r) => r.id);
    const rows = await db.select().from(warnings).where(inArray(warnings.id, ids));
    const events = await db.select().from(warningEvents).where(inArray(warningEvents.warningId, ids)).orderBy(asc(warningEvents.warningId), asc(warningEvents.seq));
    const notices = await db.select().from(warningNotices).where(inArray(warningNotices.warningId, ids));
    const outcomes = await db.select().from(warningNoticeOutcomes).where(inArray(warningNoticeOutcomes.warningId, ids));
    const group = <T extends { warningId: string }>(xs: T[]) => {
      const m = new Map<string, T[]>();
      for (const x of xs) (m.get(x.warningId) ?? m.set(x.warningId, []).get(x.warningId)!).push(x);
      return m;
    };
    const ev = group(events);
    const no = group(notices);
    const oc = group(outcomes);
    const byId = new Map(rows.map((w) => [w.id, w]));
    for (const id of ids) {
      const w = byId.get(id)!;
      const mine = ev.get(id) ?? [];
      yield {
        problems: checkWarning(w, mine, no.get(id) ?? [], oc.get(id) ?? []),
        leaf: { k: 'warning', id, n: w.timelineLength, h: w.timelineHead, hashAt: (seq) => mine[seq - 1]?.hash ?? null },
      };
    }
    if (ids.length < pageSize) return;
    after = ids[ids.length - 1]!;
  }
}

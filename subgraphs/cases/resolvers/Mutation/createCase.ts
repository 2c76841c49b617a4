import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { refusal } from '../../messages';
import { parseInput } from '../../../kit/validation';
import { annotateCase } from '../../access';
import { caseEvents, caseNumberCounters, cases, parties } from '../../db/schema';
import { createCaseInput, isJuvenile } from '../../validation';
import { planStep } from '../../workflow/engine';
import { idempotencyKey as idempotencyKeySchema } from '../../../kit/validation';
import { isUniqueViolation } from '../../../kit/db';
import { findReplay, requestHashOf } from '../../workflow/run';
import { keyringOf, sealParty } from '../../personalData';
import type { Ctx, ResolverDeps } from '../context';

/** Opens a case in DRAFT; its first timeline event (seq 1) is written in the same transaction. */
export const createCase =
  ({ deadlines }: ResolverDeps) =>
  async (_: unknown, args: { input: unknown; idempotencyKey?: string | null }, { caller, db, clock }: Ctx) => {
    const input = parseInput(createCaseInput, args.input);
    if (caller.agencyKind !== 'ADMINISTRATIVE' || !caller.roles.includes('CASE_OFFICER') || !caller.agencyId || !caller.division) {
      throw refusal('FORBIDDEN', '只有行政执法机关的承办人才能新建案件', 'only case officers of an administrative agency open cases');
    }
    const key = args.idempotencyKey == null ? null : parseInput(idempotencyKeySchema, args.idempotencyKey, 'idempotencyKey');
    const requestHash = requestHashOf('createCase', null, args.input);
    if (key) {
      const replay = await findReplay(db, caller, key, requestHash);
      if (replay) return replay.case;
    }
    const now = clock.now();
    const year = now.getUTCFullYear();
    const { agencyId, division } = caller;
    const ring = await keyringOf(db);
    try {
      return await db.transaction(async (tx) => {
        const [counter] = await tx
          .insert(caseNumberCounters)
          .values({ divisionCode: division, year, last: 1 })
          .onConflictDoUpdate({
            target: [caseNumberCounters.divisionCode, caseNumberCounters.year],
            set: { last: sql`${caseNumberCounters.last} + 1` },
          })
          .returning();
        const id = randomUUID();
        const number = `XF-${division}-${year}-${String(counter!.last).padStart(4, '0')}`;
        const plan = planStep({
          c: { id, number, stage: 'DRAFT', status: 'DRAFT', handlingAgencyId: agencyId, receivingAgencyId: null, divisionCode: division, timelineLength: 0, timelineHead: null, goodsSeized: true },
          row: 'GENESIS',
          input: {},
          actor: caller,
          at: now,
          openClocks: [],
          deadlines,
          idempotency: key ? { key, requestHash } : null,
        });
        const [row] = await tx
          .insert(cases)
          .values({
            id,
            number,
            title: input.title,
            sector: input.sector,
            status: 'DRAFT',
            stage: 'DRAFT',
            handlingAgencyId: agencyId,
            divisionCode: division,
            facts: input.facts,
            amountInvolved: input.amountInvolved,
            createdBy: caller.sub,
            createdAt: now,
            updatedAt: now,
            timelineLength: plan.next.timelineLength,
            timelineHead: plan.next.timelineHead,
          })
          .returning();
        await tx.insert(parties).values(
          input.parties.map((p, position) => sealParty(ring, {
            id: randomUUID(),
            caseId: id,
            position,
            kind: p.kind,
            name: p.name,
            idNumber: p.idNumber ?? null,
            creditCode: p.creditCode ?? null,
            phone: p.phone ?? null,
            address: p.address ?? null,
            juvenile: p.idNumber ? isJuvenile(p.idNumber, now) : false,
          })),
        );
        await tx.insert(caseEvents).values(plan.event);
        return annotateCase(caller, row!);
      });
    } catch (err) {
      if (key && isUniqueViolation(err, 'case_events_idempotency_uq')) {
        const replay = await findReplay(db, caller, key, requestHash);
        if (replay) return replay.case;
      }
      throw err;
    }
  };

/**
 * The transition table is the workflow (subgraphs/cases/workflow/transitions.ts): these tests hold
 * it to shared/domain.md and to the schema — every verb a mutation taking the inputs its rows
 * require, every stage reachable, the reasons the law makes mandatory required, every clock used —
 * and hold the demo to it: every demo case reaches its planned stage by legal steps, late where
 * planned. The seal check is tested here without a graph.
 */
import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { getNamedType, isEnumType, isInputObjectType, isNonNullType, type GraphQLObjectType } from 'graphql';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { localKeySet } from '../subgraphs/kit/jws';
import { describe, expect, it } from 'vitest';
import { casePlans, cases as demoCases } from '../demo/cases';
import { CASE_STATUSES } from '../schema/vocabulary';
import { deadlinesOf, loadCasesConfig } from '../subgraphs/cases/config';
import { CLOCK_NAMES } from '../subgraphs/cases/deadlines/clocks';
import { seedCase } from '../subgraphs/cases/seed';
import { verifyChain } from '../subgraphs/cases/timeline/verify';
import { checkPackageInDossier, REQUIRED_MATERIALS, verifySeal } from '../subgraphs/cases/transferPackage/seal';
import { matchDocuments, type DocumentStatement } from '../subgraphs/cases/workflow/documentStatement';
import { clocksOf, ACTIONS, TABLE_ACTIONS, TRANSITIONS, type Transition } from '../subgraphs/cases/workflow/transitions';
import { STAGE_NAMES, STAGES, statusAfter, type Stage } from '../subgraphs/cases/workflow/stages';
import { subgraphDocument } from '../subgraphs/kit/createSubgraph';

const rows = TRANSITIONS as readonly Transition[];
const sdl = readFileSync(new URL('../subgraphs/cases/schema.graphql', import.meta.url), 'utf8');
const schema = buildSubgraphSchema({ typeDefs: subgraphDocument(sdl) });
const enumValues = (name: string) => {
  const t = schema.getType(name);
  if (!t || !isEnumType(t)) throw new Error(`no enum ${name}`);
  return t.getValues().map((v) => v.name);
};

describe('the transition table and the schema', () => {
  it('mirrors its vocabularies in the SDL: stages, verbs, clocks', () => {
    expect(enumValues('CaseStage')).toEqual(STAGE_NAMES);
    expect(enumValues('WorkflowAction')).toEqual([...ACTIONS]);
    expect(enumValues('DeadlineClock')).toEqual(CLOCK_NAMES);
  });

  it('makes every verb a mutation (caseId, idempotencyKey, input) → StepResult, and no others', () => {
    const mutation = schema.getMutationType() as GraphQLObjectType;
    const steps = Object.values(mutation.getFields()).filter((f) => getNamedType(f.type).name === 'StepResult');
    expect(steps.map((f) => f.name).sort()).toEqual([...TABLE_ACTIONS].sort());
    for (const f of steps) {
      expect(f.args.map((a) => [a.name, String(a.type)]).slice(0, 2), f.name).toEqual([
        ['caseId', 'ID!'],
        ['idempotencyKey', 'String!'],
      ]);
      expect(f.args[2]?.name, f.name).toBe('input');
    }
  });

  it('asks only for inputs the verb’s input type has; those it requires are nullable there (so a missing one is BAD_USER_INPUT naming the field)', () => {
    const mutation = schema.getMutationType() as GraphQLObjectType;
    for (const row of rows) {
      const input = getNamedType(mutation.getFields()[row.action]!.args.find((a) => a.name === 'input')!.type);
      expect(isInputObjectType(input)).toBe(true);
      const fields = (input as import('graphql').GraphQLInputObjectType).getFields();
      for (const req of row.requires ?? []) {
        expect(fields[req], `${row.action} requires ${req}: not in ${input.name}`).toBeDefined();
        expect(isNonNullType(fields[req]!.type), `${input.name}.${req} must be nullable`).toBe(false);
      }
      if (row.documentKinds) expect(fields.documents, `${row.action} needs documents`).toBeDefined();
      if (row.outcome) expect(fields.outcome).toBeDefined();
    }
  });

  it('requires the reasons the law makes mandatory', () => {
    const requires = (action: string, outcome?: string) => rows.find((r) => r.action === action && (!outcome || r.outcome === outcome))!.requires ?? [];
    expect(requires('refuseTransfer')).toContain('reasons'); // Decree 310 art. 5
    expect(requires('declineToFile')).toContain('reasons'); // art. 8
    expect(requires('decideReconsideration', 'UPHOLD')).toContain('reasons'); // art. 9
    expect(requires('forwardCase')).toEqual(expect.arrayContaining(['reasons', 'receivingAgencyId'])); // art. 7
    expect(requires('transferCase')).toEqual(expect.arrayContaining(['seal', 'receivingAgencyId'])); // art. 6
    expect(requires('issueProcuratorialOpinion')).toContain('opinion');
    for (const r of rows.filter((x) => x.actors.includes('SUPERVISING_PROCURATORATE') && x.actors.length === 1 && x.action !== 'handOffReverse' && x.action !== 'resumeReverseReview' && x.action !== 'issueProcuratorialOpinion')) {
      expect(r.requires, `${r.action}`).toContain('reasons');
    }
  });

  it('reaches every stage from DRAFT and gives every status a stage of its own name', () => {
    const seen = new Set<Stage>(['DRAFT']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const r of rows) {
        if (r.from === 'ANY' || r.to === 'SAME' || seen.has(r.to) || !r.from.some((s) => seen.has(s))) continue;
        seen.add(r.to);
        grew = true;
      }
    }
    expect([...seen].sort()).toEqual([...STAGE_NAMES].sort());
    for (const s of CASE_STATUSES) expect(STAGES[s as Stage]?.status, s).toBe(s);
    expect(statusAfter('RECONSIDERATION_UPHELD', 'RECONSIDERATION_REQUESTED')).toBe('NOT_FILED');
    expect(statusAfter('NON_FILING_REASONS_REQUESTED', 'RECEIVED')).toBe('RECEIVED');
  });

  it('uses every clock, and starts the right ones on entering a stage', () => {
    const used = new Set(rows.flatMap((r) => [r.deadline, r.guard && r.guard !== 'OWN_AGENCY_EVENT' ? r.guard.overdue : undefined]).filter(Boolean));
    expect([...used].sort()).toEqual([...CLOCK_NAMES].sort());
    expect(clocksOf('PENDING_APPROVAL')).toEqual([{ clock: 'APPROVAL', awaits: ['approveTransfer', 'refuseTransfer'], responsible: 'HANDLING_AGENCY' }]);
    expect(clocksOf('NOT_FILED').map((c) => c.clock).sort()).toEqual(['PENALTY', 'RECONSIDERATION_REQUEST']);
    expect(clocksOf('FILING_NOTIFIED')).toEqual([{ clock: 'FILING_AFTER_NOTICE', awaits: ['fileCase'], responsible: 'RECEIVING_POLICE' }]);
    expect(clocksOf('DRAFT')).toEqual([]);
  });

  it('lets each verb be taken from a stage by one row only (the walk is unambiguous)', () => {
    for (const stage of STAGE_NAMES) {
      const keys = rows.filter((r) => r.from === 'ANY' || r.from.includes(stage)).map((r) => `${r.action}/${r.outcome ?? ''}`);
      expect(new Set(keys).size, stage).toBe(keys.length);
    }
  });
});

describe('the demo histories', () => {
  const deadlines = deadlinesOf(loadCasesConfig({}));
  const asOf = new Date('2026-11-26T02:00:00Z');
  const seeded = demoCases.map((c) => ({ c, plan: casePlans[c.id]!, s: seedCase(c, casePlans[c.id]!, asOf, deadlines) }));

  it('bring every demo case to its planned stage and status by legal steps, with intact chains', () => {
    for (const { c, plan, s } of seeded) {
      expect([s.row.stage, s.row.status, s.row.receivingAgencyId], c.id).toEqual([plan.stage, c.status, c.receivingAgencyId]);
      const verification = verifyChain({ ...s.row, createdAt: undefined } as never, s.events.map((e) => ({ ...e })) as never);
      expect(verification.ok, `${c.id}: ${JSON.stringify(verification.brokenAt)}`).toBe(true);
      for (let i = 1; i < s.events.length; i++) expect(s.events[i]!.at >= s.events[i - 1]!.at, c.id).toBe(true);
      expect(s.events.at(-1)!.at.getTime()).toBeLessThan(asOf.getTime());
    }
  });

  it('cover every status and every stage but a terminal one and three rare ones, with late clocks where planned', () => {
    expect(new Set(seeded.map(({ c }) => c.status))).toEqual(new Set(CASE_STATUSES));
    const stages = new Set(seeded.map(({ s }) => s.row.stage));
    // The rare stages of issue 17 (goods missing, CPR 562 opinion, CPR 564 escalation) are walked in test/workflowLaw.test.ts.
    expect(STAGE_NAMES.filter((s) => !stages.has(s))).toEqual(['GOODS_REPORTED_MISSING', 'CORRECTION_OPINION_ISSUED', 'SUPERVISION_ESCALATED', 'REVERSE_REVIEW_CLOSED']);
    for (const { c, plan, s } of seeded) {
      const open = s.clocks.filter((k) => !k.closedAt && !k.pausedAt);
      const late = open.some((k) => k.dueAt.getTime() < asOf.getTime());
      expect(late, `${c.id} ${plan.stage}`).toBe(Boolean(plan.late));
    }
    expect(seeded.filter(({ plan }) => plan.late).length).toBeGreaterThanOrEqual(10);
    expect(seeded.flatMap(({ s }) => s.penalties).length).toBeGreaterThanOrEqual(5);
  });
});

describe('the transfer package seal', () => {
  const payload = (over: Record<string, unknown> = {}) => ({
    caseId: 'c1',
    dossierId: 'ds-1',
    dossierVersion: 3,
    documents: REQUIRED_MATERIALS.map((kind, i) => ({ id: `d${i}`, kind, sha256: String(i).repeat(64) })),
    sealedAt: '2026-11-02T01:00:00.000Z',
    ...over,
  });
  const now = new Date('2026-11-02T02:00:00Z');

  it('verifies a seal of this case and returns its payload and hash', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const keys = localKeySet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'ES256' }] });
    const sign = (p: unknown) => new CompactSign(new TextEncoder().encode(JSON.stringify(p))).setProtectedHeader({ alg: 'ES256', kid: 'k' }).sign(privateKey);
    const seal = await sign(payload());
    const verified = await verifySeal(seal, keys, { caseId: 'c1', now });
    expect(verified.payload).toEqual(payload());
    expect(verified.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(verifySeal(await sign({ ...payload(), dossierVersion: 'three' }), keys, { caseId: 'c1', now })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.seal' },
      message: expect.stringMatching(/payload\.dossierVersion/),
    });
    await expect(verifySeal(await sign(payload({ documents: [] })), keys, { caseId: 'c1', now })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', missingMaterials: [...REQUIRED_MATERIALS] },
    });
    await expect(verifySeal('not.a.jws', keys, { caseId: 'c1', now })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.seal' } });
    const hs = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload()))).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32));
    await expect(verifySeal(hs, keys, { caseId: 'c1', now })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('the transfer package and step documents against the dossier’s document statement (cases side)', () => {
  const sealed = { id: 'd0', kind: 'TRANSFER_LETTER' as const, sha256: '0'.repeat(64) };
  const rest = [
    { id: 'd1', kind: 'INVESTIGATION_REPORT' as const, sha256: '1'.repeat(64) },
    { id: 'd2', kind: 'SEIZED_ITEMS_LIST' as const, sha256: '2'.repeat(64) },
    { id: 'd3', kind: 'INSPECTION_REPORT' as const, sha256: '3'.repeat(64) },
  ];
  const seal = { sha256: 'f'.repeat(64), payload: { caseId: 'c1', dossierId: 'ds-1', dossierVersion: 3, documents: [sealed, ...rest], sealedAt: '2026-11-02T01:00:00.000Z' } };
  const statement = (documents: DocumentStatement['documents'], over: Partial<DocumentStatement> = {}): DocumentStatement => ({
    dossierId: 'ds-1', caseId: 'c1', version: 4, documents, issuedAt: '2026-11-02T01:30:00.000Z', expiresAt: '2026-11-02T01:45:00.000Z', ...over,
  });

  it('passes a package whose sealed documents are all still current, whatever was added since', () => {
    expect(() => checkPackageInDossier(seal, statement([sealed, ...rest, { id: 'd9', kind: 'OTHER_MATERIAL', sha256: '9'.repeat(64) }]))).not.toThrow();
  });

  it('refuses a dossier that lacks a required material now (Decree 310 art. 6), a sealed document no longer current, another dossier', () => {
    expect(() => checkPackageInDossier(seal, statement(rest))).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT', missingMaterials: ['TRANSFER_LETTER'] }) }));
    const replaced = statement([{ ...sealed, id: 'd5', sha256: '5'.repeat(64) }, ...rest]);
    expect(() => checkPackageInDossier(seal, replaced)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT', withdrawnDocuments: ['d0'] }) }));
    expect(() => checkPackageInDossier(seal, statement([sealed, ...rest], { dossierId: 'ds-2' }))).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.documentStatement' }) }),
    );
  });

  it('matches named documents by hash (and id when named) and kind, naming the field of the first that does not match', () => {
    const s = statement([sealed, ...rest]);
    expect(matchDocuments(s, [{ kind: 'INSPECTION_REPORT', sha256: '3'.repeat(64) }])).toEqual([{ dossierId: 'ds-1', dossierVersion: 4, sha256: '3'.repeat(64), documentId: 'd3' }]);
    const field = (named: Parameters<typeof matchDocuments>[1]) => {
      try {
        matchDocuments(s, named);
        return null;
      } catch (err) {
        return (err as { extensions: { field: string } }).extensions.field;
      }
    };
    expect(field([{ kind: 'TRANSFER_LETTER', sha256: '0'.repeat(64) }, { kind: 'OTHER_MATERIAL', sha256: '7'.repeat(64) }])).toBe('input.documents.1.sha256');
    expect(field([{ kind: 'OTHER_MATERIAL', sha256: '0'.repeat(64) }])).toBe('input.documents.0.kind');
    expect(field([{ kind: 'TRANSFER_LETTER', sha256: '0'.repeat(64), documentId: 'd9' }])).toBe('input.documents.0.documentId');
    expect(field([{ kind: 'TRANSFER_LETTER', sha256: '1'.repeat(64), documentId: 'd0' }])).toBe('input.documents.0.sha256');
  });
});

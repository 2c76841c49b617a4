/**
 * Issue 17 item 6, through the gateway: a C5 marker (state-secret material exists off-network, the
 * material never stored) and informants (identity readable only by the receiving police unit's
 * officers). shared/domain.md, "Data sensitivity classes and who sees them".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeResidentId } from '../subgraphs/kit/identifiers';
import { DATABASE_KIND } from './harness';
import { AGENCY, bringToReceived, startWorkflowGraph, type Who, type WorkflowGraph } from './workflowKit';

const code = (res: any) => res.errors?.[0]?.extensions?.code;
const INFORMANT = { name: '李四', idNumber: makeResidentId('330106', '19900101', '234'), phone: '13900001111', address: '杭州市西湖区文三路 1 号' };
const MARKERS = `query($id: ID!) { case(id: $id) { secretMaterialMarkers { heldBy { id } eventSeq } timeline { seq action reasons documents { sha256 } } } }`;
const INFORMANTS = `query($id: ID!) { case(id: $id) { informants { name idNumber phone address eventSeq } } }`;

describe(`C5 markers and informants (${DATABASE_KIND})`, () => {
  let wf: WorkflowGraph;
  let id: string;
  beforeAll(async () => {
    wf = await startWorkflowGraph();
    id = await wf.createCase();
    await bringToReceived(wf, id);
  });
  afterAll(() => wf?.close());

  const as = async (who: Who, query: string, purpose?: string) => wf.graph.query(query, { id }, { token: await wf.token(who), ...(purpose ? { purpose } : {}) });

  it('a case carries a marker that state-secret material exists off-network, never the material', async () => {
    // Anything that could carry the material (a description, a document or its hash) is refused.
    const described = await wf.step('markSecretMaterial', id, 'police', { reasons: '涉密侦查材料：线人编号 007' });
    expect(described.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reasons' });
    const hashed = await wf.step('markSecretMaterial', id, 'police', { documents: [{ kind: 'OTHER_MATERIAL', sha256: 'a'.repeat(64) }] });
    expect(hashed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.documents' });
    expect(code(await wf.step('markSecretMaterial', id, 'otherAgency'))).toBe('NOT_FOUND');

    const marked = await wf.ok('markSecretMaterial', id, 'police');
    expect(marked.event).toMatchObject({ action: 'markSecretMaterial', fromStage: 'RECEIVED', toStage: 'RECEIVED', reasons: null });
    await wf.ok('markSecretMaterial', id, 'procurator');

    // Every party and supervising organ sees that it exists, and who holds it (C1), and nothing more.
    for (const who of ['agencyOfficer', 'police', 'procurator'] as const) {
      const res = await as(who, MARKERS);
      expect(res.errors, who).toBeUndefined();
      expect(res.data.case.secretMaterialMarkers.map((m: any) => m.heldBy.id), who).toEqual([AGENCY.police, AGENCY.procuratorate]);
      const events = res.data.case.timeline.filter((e: any) => e.action === 'markSecretMaterial');
      expect(events.map((e: any) => [e.reasons, e.documents])).toEqual([[null, []], [null, []]]);
    }
  });

  it('an informant’s identity is readable only by the receiving police unit’s officers', async () => {
    const bare = await wf.step('recordInformant', id, 'agencyOfficer', {});
    expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.informant' });
    const badId = await wf.step('recordInformant', id, 'agencyOfficer', { informant: { ...INFORMANT, idNumber: '330106199001012340' } });
    expect(badId.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(code(await wf.step('recordInformant', id, 'procurator', { informant: INFORMANT }))).toBe('FORBIDDEN');
    // The agency that took the report hands it on with the case.
    const recorded = await wf.ok('recordInformant', id, 'agencyOfficer', { informant: INFORMANT });
    expect(recorded.event).toMatchObject({ action: 'recordInformant', toStage: 'RECEIVED' });

    // The receiving police, handling the case: in clear.
    const clear = await as('police', INFORMANTS, 'CASE_HANDLING');
    expect(clear.errors).toBeUndefined();
    expect(clear.data.case.informants).toEqual([{ ...INFORMANT, eventSeq: recorded.event.seq }]);
    // Without a declared purpose: masked, like any personal data.
    const masked = await as('policeHead', INFORMANTS);
    expect(masked.data.case.informants[0].name).toBe('李*');
    expect(masked.data.case.informants[0].idNumber).not.toBe(INFORMANT.idNumber);
    // Everyone else, the agency that recorded it and the supervising procuratorate included: refused.
    for (const who of ['agencyOfficer', 'agencyHead', 'procurator', 'cityProcurator'] as const) {
      const res = await as(who, INFORMANTS, who.startsWith('agency') ? 'CASE_HANDLING' : undefined);
      expect(code(res), who).toBe('FORBIDDEN');
      expect(JSON.stringify(res.data ?? null), who).not.toContain(INFORMANT.name);
    }
    // The timeline (C1) never carries the identity.
    const timeline = await as('procurator', `query($id: ID!) { case(id: $id) { timeline { action reasons materials result documents { sha256 } } } }`);
    expect(JSON.stringify(timeline.data)).not.toMatch(new RegExp(`${INFORMANT.name}|${INFORMANT.idNumber}|${INFORMANT.phone}`));
  });

  it('the identity follows the case to the competent police unit; the unit that forwarded it no longer reads it', async () => {
    const other = await wf.createCase();
    await wf.ok('submitForApproval', other, 'agencyOfficer', { taskGroup: ['of-0047', 'of-0048'] });
    await wf.ok('approveTransfer', other, 'agencyHead');
    await wf.ok('transferCase', other, 'agencyOfficer', { receivingAgencyId: AGENCY.cityPolice, ...(await wf.package(other)) });
    await wf.ok('recordInformant', other, 'cityPolice', { informant: INFORMANT });
    const city = await wf.graph.query(INFORMANTS, { id: other }, { token: await wf.token('cityPolice'), purpose: 'CASE_HANDLING' });
    expect(city.data.case.informants.map((i: any) => i.name)).toEqual([INFORMANT.name]);
    await wf.ok('forwardCase', other, 'cityPolice', { receivingAgencyId: AGENCY.police, reasons: '属西湖区管辖' });
    const county = await wf.graph.query(INFORMANTS, { id: other }, { token: await wf.token('police'), purpose: 'CASE_HANDLING' });
    expect(county.data.case.informants.map((i: any) => i.name)).toEqual([INFORMANT.name]);
    const gone = await wf.graph.query(INFORMANTS, { id: other }, { token: await wf.token('cityPolice'), purpose: 'CASE_HANDLING' });
    expect(code(gone)).toBe('NOT_FOUND');
  });
});

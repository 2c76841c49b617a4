/**
 * Personal data (C3) encrypted at rest (issue 22 item 3): after the demo seed no database of the
 * graph holds a party's name or identity number in clear; the graph still masks, unmasks and finds
 * by identifier; a ciphertext moved to another row fails loudly; key rotation re-encrypts while
 * reads continue. Run under both profiles (CASELINK_CRYPTO_PROFILE=national and the default).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { cases as demoCases } from '../demo/cases';
import { loadCryptoProfile, PROFILES } from '../subgraphs/kit/cryptoProfile';
import { queryRows, type Database } from '../subgraphs/kit/db';
import { createFieldCrypto, dataKeys, FieldDecryptionError } from '../subgraphs/kit/fieldCrypto';
import { caseEvents, caseEventSealed, parties, penalties } from '../subgraphs/cases/db/schema';
import { casesKek, keyringOf, keyVersionUsage, openEventData, reencryptAll, rotateDataKey } from '../subgraphs/cases/personalData';
import { auditCasesDatabase } from '../subgraphs/cases/timeline/audit';
import { dumpDatabase as dump } from './dumpDatabase';
import { DATABASE_KIND, startTestGraph, type TestGraph } from './harness';

/** Written out from the seed's source data (demo/cases.ts, generated with its fixed random seed). */
const WRITTEN_OUT = ['潘振宇', '33010220040303715X', '汪佳琪', '330102201006200560', '杭州宏昌卤味食品有限公司', '91330106MA63UQRA2W'];
const ALL_PARTIES = demoCases.flatMap((c) => c.parties);

const profile = loadCryptoProfile();

describe(`personal data encrypted at rest (${DATABASE_KIND}, ${profile.name} profile)`, () => {
  let graph: TestGraph;
  let casesDb: Database;
  beforeAll(async () => {
    graph = await startTestGraph();
    casesDb = graph.subgraphs.cases!.db as unknown as Database;
  });
  afterAll(() => graph?.close());

  it('no database of the graph holds a party name or identity number in clear after the seed', async () => {
    expect(ALL_PARTIES.length).toBeGreaterThan(50);
    for (const name of ['cases', 'agencies', 'dossiers'] as const) {
      const text = await dump(graph.subgraphs[name]!.db as unknown as Database);
      expect(text.length, name).toBeGreaterThan(1000);
      const found = WRITTEN_OUT.filter((v) => text.includes(v));
      expect(found, `${name}: written-out values in clear`).toEqual([]);
      const leaked = ALL_PARTIES.flatMap((p) => [p.name, p.idNumber, p.creditCode, p.phone, p.address].filter((v): v is string => !!v && text.includes(v)).map((v) => `${p.id}: ${v}`));
      expect(leaked, `${name}: party values in clear`).toEqual([]);
    }
  });

  it('data keys are wrapped, of the profile’s algorithms, and every stored value names its key version', async () => {
    const keys = await casesDb.select().from(dataKeys).orderBy(asc(dataKeys.version));
    expect(keys.find((k) => k.purpose === 'mac')!.algorithm).toBe(profile.mac);
    expect(keys.filter((k) => k.purpose === 'cipher' && !k.retiredAt).map((k) => k.algorithm)).toEqual([profile.cipher]);
    const [p] = await casesDb.select().from(parties).limit(1);
    expect(p!.name).toMatch(new RegExp(`^ce1:\\d+:${profile.cipher === 'SM4-GCM' ? 'S' : 'A'}:`));
    expect(Object.keys(await keyVersionUsage(casesDb))).not.toContain('clear');
  });

  it('masks and unmasks through the gateway on the decrypted values', async () => {
    const c = demoCases.find((x) => x.id === 'cs-0002')!;
    const person = c.parties.find((p) => p.kind === 'PERSON')!;
    const DETAIL = `query($id: ID!) { case(id: $id) { parties { kind name idNumber creditCode phone address } penalties { partyName partyIdNumber } } }`;
    const token = await graph.token({ login: 'song.wenjie.xh-msa' });
    const masked = await graph.query(DETAIL, { id: c.id }, { token });
    expect(masked.errors).toBeUndefined();
    const m = masked.data.case.parties.find((x: { kind: string }) => x.kind === 'PERSON');
    expect(m.name).toBe(person.name[0] + '*'.repeat(person.name.length - 1));
    expect(m.idNumber).toBe(`${person.idNumber!.slice(0, 6)}********${person.idNumber!.slice(-4)}`);
    const clear = await graph.query(DETAIL, { id: c.id }, { token, purpose: 'CASE_HANDLING' });
    expect(clear.errors).toBeUndefined();
    expect(clear.data.case.parties).toEqual(c.parties.map((p) => ({ kind: p.kind, name: p.name, idNumber: p.idNumber, creditCode: p.creditCode, phone: p.phone, address: p.address })));
  });

  it('finds a case by a party’s id number or credit code through the keyed hash', async () => {
    const c = demoCases.find((x) => x.id === 'cs-0002')!;
    const token = await graph.token({ login: 'song.wenjie.xh-msa' });
    const LIST = `query($f: CaseFilter) { cases(first: 50, filter: $f) { nodes { id } } }`;
    for (const p of c.parties.filter((x) => !x.juvenile)) {
      const res = await graph.query(LIST, { f: { partyIdentifier: p.idNumber ?? p.creditCode } }, { token, purpose: 'CASE_HANDLING' });
      expect(res.errors).toBeUndefined();
      expect(res.data.cases.nodes.map((n: { id: string }) => n.id)).toContain(c.id);
      const byName = await graph.query(LIST, { f: { partyName: p.name } }, { token, purpose: 'CASE_HANDLING' });
      expect(byName.data.cases.nodes.map((n: { id: string }) => n.id)).toContain(c.id);
    }
  });

  it('events keep keyed-hash placeholders in the chain, their values encrypted beside; timelines, state and leaves still audit clean', async () => {
    const [withPenalty] = await casesDb.select().from(caseEvents).where(sql`${caseEvents.data} ? 'penalties'`).limit(1);
    expect(withPenalty).toBeDefined();
    const recorded = (withPenalty!.data as { penalties: { partyIdNumber: string | null; partyCreditCode: string | null }[] }).penalties[0]!;
    expect(recorded.partyIdNumber ?? recorded.partyCreditCode).toMatch(/^c3:/);
    const [side] = await casesDb.select().from(caseEventSealed).where(eq(caseEventSealed.eventId, withPenalty!.id));
    const clear = (await openEventData(await keyringOf(casesDb), withPenalty!.id, withPenalty!.data, side!.sealed)) as typeof withPenalty.data & { penalties: typeof recorded[] };
    const party = demoCases.find((c) => c.id === withPenalty!.caseId)!.parties[0]!;
    expect(clear.penalties[0]!.partyIdNumber ?? clear.penalties[0]!.partyCreditCode).toBe(party.idNumber ?? party.creditCode);
    const report = await auditCasesDatabase(graph.subgraphs.cases!.db as never);
    expect(report.broken).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  it('a ciphertext moved to another row or column fails to decrypt with a clear error, never another row’s data', async () => {
    const ring = await keyringOf(casesDb);
    const [a, b] = await casesDb.select().from(parties).orderBy(asc(parties.id)).limit(2);
    expect(() => ring.open(a!.name, `parties.name:${b!.id}`)).toThrow(FieldDecryptionError);
    expect(() => ring.open(a!.name, `parties.address:${a!.id}`)).toThrow(/cannot decrypt parties.address:.*authentication failed/);
    // Through the graph: the party whose row got another row's ciphertext answers an error, not data.
    const c = demoCases.find((x) => x.parties.some((p) => p.id === b!.id))!;
    await casesDb.update(parties).set({ name: a!.name }).where(eq(parties.id, b!.id));
    try {
      const token = await graph.token({ login: 'song.wenjie.xh-msa' });
      const res = await graph.query(`query($id: ID!) { case(id: $id) { parties { name } } }`, { id: c.id }, { token, purpose: 'CASE_HANDLING' });
      expect(res.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(res.data ?? {})).not.toContain(demoCases.flatMap((x) => x.parties).find((p) => p.id === a!.id)!.name);
    } finally {
      await casesDb.update(parties).set({ name: b!.name }).where(eq(parties.id, b!.id));
    }
  });

  it('rotation re-encrypts every row in batches while reads continue; old-version rows stay readable mid-rotation', async () => {
    const c = demoCases.find((x) => x.id === 'cs-0002')!;
    const token = await graph.token({ login: 'song.wenjie.xh-msa' });
    const read = async () => {
      const res = await graph.query(`query($id: ID!) { case(id: $id) { parties { name idNumber creditCode } } }`, { id: c.id }, { token, purpose: 'CASE_HANDLING' });
      expect(res.errors).toBeUndefined();
      return res.data.case.parties.map((p: { name: string }) => p.name);
    };
    const before = await keyVersionUsage(casesDb);
    const oldVersion = (await keyringOf(casesDb)).currentVersion;
    const mid: Record<string, number>[] = [];
    const { version, reencrypted } = await rotateDataKey(casesDb, new Date(), {
      batchSize: 25,
      onBatch: async () => {
        if (mid.length < 3) {
          mid.push(await keyVersionUsage(casesDb));
          expect(await read()).toEqual(c.parties.map((p) => p.name));
        }
      },
    });
    expect(version).toBeGreaterThan(oldVersion);
    expect(reencrypted).toBeGreaterThan(100); // rows (a row holds several values)
    // Mid-rotation both versions were in use, and reads gave the right values.
    expect(mid[0]![String(oldVersion)]).toBeGreaterThan(0);
    expect(mid[0]![String(version)]).toBeGreaterThan(0);
    const total = (u: Record<string, number>) => Object.values(u).reduce((x, y) => x + y, 0);
    expect(await keyVersionUsage(casesDb)).toEqual({ [String(version)]: total(before) });
    expect(await read()).toEqual(c.parties.map((p) => p.name));
    // Penalties still match by keyed hash (warnings), and a second pass has nothing left to do.
    const [pen] = await casesDb.select().from(penalties).limit(1);
    expect(pen!.partyIdNumberMac ?? pen!.partyCreditCodeMac).toBeTruthy();
    expect(await reencryptAll(casesDb)).toBe(0);
  });

  it('rows left in clear by an older version are encrypted by the startup backfill', async () => {
    await casesDb.insert(parties).values({ id: 'pt-clear', caseId: 'cs-0002', position: 99, kind: 'PERSON', name: '旧数据', idNumber: '110101199003070011' });
    expect(await reencryptAll(casesDb)).toBe(1);
    const [row] = await casesDb.select().from(parties).where(eq(parties.id, 'pt-clear'));
    expect(row!.name).toMatch(/^ce1:/);
    expect(row!.idNumberMac).toBe((await keyringOf(casesDb)).lookup('110101199003070011'));
    await casesDb.delete(parties).where(eq(parties.id, 'pt-clear'));
  });

  it('rows written under either profile decrypt: a profile switch starts a key of the other algorithm, older versions stay readable', async () => {
    const other = profile.name === 'national' ? PROFILES.international : PROFILES.national;
    const switched = await createFieldCrypto({ subgraph: 'cases', kek: casesKek, profile: () => other }).ring(casesDb);
    const ring = await keyringOf(casesDb);
    const [p] = await casesDb.select().from(parties).limit(1);
    expect(switched.open(p!.name, `parties.name:${p!.id}`)).toBe(ring.open(p!.name, `parties.name:${p!.id}`));
    const fresh = switched.seal('新值', 'parties.name:x');
    expect(fresh).toMatch(other.cipher === 'SM4-GCM' ? /^ce1:\d+:S:/ : /^ce1:\d+:A:/);
    await ring.ensureVersions([fresh]); // this replica learns the new version on first sight
    expect(ring.open(fresh, 'parties.name:x')).toBe('新值');
    // The lookup key is not re-made by a switch: lookups keep finding rows written before it.
    expect(switched.lookup('330106199001011234')).toBe(ring.lookup('330106199001011234'));
  });
});

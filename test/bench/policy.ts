/**
 * What the policy layer costs (issue 3): the same 100-case query against the cases subgraph with
 * the policy (shield rules, masking, access log) and without it, in one run, alternating rounds so
 * machine noise hits both alike. Prints requests/s of each and the ratio (with / without).
 * A third subgraph, with the policy, holds the same rows in clear (as a database from before
 * encryption at rest would: reads return a clear value as it is): the ratio encrypted / clear is
 * what decrypting personal data costs (issue 22), under CASELINK_CRYPTO_PROFILE's cipher.
 *
 *   node --import tsx test/bench/policy.ts [--rounds 7] [--requests 60]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { generateSigningKey } from '../../subgraphs/kit/jws';
import { signCallerAssertion, type Caller } from '../../subgraphs/kit/caller';
import { createSubgraph } from '../../subgraphs/kit/createSubgraph';
import { subgraphDatabaseUrl } from '../../subgraphs/kit/db';
import { casesSubgraph } from '../../subgraphs/cases';
import { cases, parties } from '../../subgraphs/cases/db/schema';
import { keyringOf, openParties, reencryptAll } from '../../subgraphs/cases/personalData';
import { eq } from 'drizzle-orm';
import { loadCryptoProfile } from '../../subgraphs/kit/cryptoProfile';
import { cases as demoCases } from '../../demo/cases';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, requests: { type: 'string', default: '60' } } });
// PostgreSQL when DATABASE_URL is set (each subgraph under test gets its own fresh database), else PGlite.
const adminUrl = process.env.DATABASE_URL;
const created: string[] = [];
async function dropDatabases() {
  if (!adminUrl || !created.length) return;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const url of created) await admin.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
}
const rounds = Number(values.rounds);
const requests = Number(values.requests);

const QUERY = `{ cases(first: 100) { nodes { id number title status sector divisionCode facts amountInvolved createdAt
  parties { kind name idNumber creditCode phone address juvenile } } } }`;

async function main() {
  const key = generateSigningKey();
  const caller: Caller = {
    sub: 'of-bench', agencyId: 'ag-330000-proc', agencyKind: 'PROCURATORATE', division: '330000',
    roles: ['SUPERVISOR'], purpose: 'SUPERVISION', requestId: 'bench-0000',
  };
  const start = async (policy: 'enforce' | 'off', rows: 'encrypted' | 'clear' = 'encrypted') => {
    const dbUrl = adminUrl ? subgraphDatabaseUrl(adminUrl, `bench_${policy}_${rows}_${Date.now()}`) : null;
    if (dbUrl) created.push(dbUrl);
    const s = await createSubgraph(casesSubgraph, {
      storage: dbUrl && adminUrl ? { kind: 'postgres', url: dbUrl, createIfMissing: { adminUrl } } : { kind: 'pglite', dataDir: null },
      gatewayKeys: { jwks: { keys: [key.publicJwk] } },
      seedDemo: true,
      logger: pino({ level: 'silent' }),
      policy,
    });
    const template = demoCases[0]!;
    const extra = Array.from({ length: 100 }, (_, i) => ({ id: randomUUID(), i }));
    await s.db.insert(cases).values(extra.map(({ id, i }) => ({
      id, number: `XF-BENCH-${i}`, title: `bench ${i}`, sector: template.sector, status: 'DRAFT' as const,
      handlingAgencyId: template.handlingAgencyId, divisionCode: template.divisionCode, facts: '经查……',
      amountInvolved: 1000 + i, createdBy: 'bench', createdAt: new Date(Date.UTC(2026, 10, 26, 0, 0, i)), updatedAt: new Date(),
    })));
    await s.db.insert(parties).values(extra.flatMap(({ id }) => template.parties.map((p, position) => ({ ...p, id: randomUUID(), caseId: id, position }))));
    if (rows === 'encrypted') await reencryptAll(s.db); // stored encrypted, as the API writes them: the reads below decrypt
    else {
      // The demo's parties were encrypted at start: put them back in clear too, so no read decrypts.
      const clearRows = await openParties(await keyringOf(s.db), await s.db.select().from(parties));
      for (const p of clearRows) await s.db.update(parties).set({ name: p.name, idNumber: p.idNumber, creditCode: p.creditCode, phone: p.phone, address: p.address }).where(eq(parties.id, p.id));
    }
    return { s, url: await s.listen(0) };
  };
  const enforce = await start('enforce');
  const off = await start('off');
  const clear = await start('enforce', 'clear');

  const run = async (url: string) => {
    const t0 = performance.now();
    for (let i = 0; i < requests; i++) {
      const request = JSON.stringify({ query: QUERY });
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-caller-assertion': await signCallerAssertion(caller, 'cases', { kind: 'graphql', body: request }, key) },
        body: request,
      });
      const body = (await res.json()) as { data?: { cases?: { nodes: unknown[] } }; errors?: unknown };
      if (body.errors || body.data?.cases?.nodes.length !== 100) throw new Error(`bad response: ${JSON.stringify(body).slice(0, 300)}`);
    }
    return requests / ((performance.now() - t0) / 1000);
  };
  await run(enforce.url); // warm up all three
  await run(off.url);
  await run(clear.url);
  const policyRatios: number[] = [];
  const cipherRatios: number[] = [];
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  console.log('round  with policy (req/s)  without (req/s)  ratio  | with policy, rows in clear (req/s)  encrypted / clear');
  for (let r = 1; r <= rounds; r++) {
    // The order rotates each round, so drift hits the three alike.
    const order = [enforce, off, clear].map((x, i, all) => all[(i + r) % 3]!);
    const rate = new Map<unknown, number>();
    for (const x of order) rate.set(x, await run(x.url));
    const [withPolicy, without, inClear] = [rate.get(enforce)!, rate.get(off)!, rate.get(clear)!];
    policyRatios.push(withPolicy / without);
    cipherRatios.push(withPolicy / inClear);
    console.log(`${String(r).padStart(5)}  ${withPolicy.toFixed(1).padStart(19)}  ${without.toFixed(1).padStart(15)}  ${(withPolicy / without).toFixed(3)}  | ${inClear.toFixed(1).padStart(34)}  ${(withPolicy / inClear).toFixed(3)}`);
  }
  console.log(`median ratio (with / without policy): ${median(policyRatios).toFixed(3)}  (${rounds} rounds × ${requests} requests of 100 cases)`);
  console.log(`median ratio (encrypted / clear personal data, ${loadCryptoProfile().cipher}): ${median(cipherRatios).toFixed(3)}`);
  await enforce.s.close();
  await off.s.close();
  await clear.s.close();
  await dropDatabases();
}

main().catch(async (err) => {
  console.error(err);
  await dropDatabases().catch(() => {});
  process.exit(1);
});

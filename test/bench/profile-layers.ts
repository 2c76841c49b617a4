/**
 * node --import tsx test/bench/profile-layers.ts [--top 15] FILE.cpuprofile...
 *
 * Where a service's CPU time goes, by layer: the self time of every sample in a V8 CPU profile
 * (node --cpu-prof, or test/bench/cpuProfileHook.ts from the federation bench), classified by the
 * package or file of the function it was in (graphql-js, @apollo/gateway planning and execution,
 * jose / node crypto, graphql-shield, dataloader, drizzle, pg / PGlite, pino, JSON, GC, …), then the
 * inclusive time of a few of our own steps (signing and verifying caller assertions, the access log,
 * policy), and the functions with the most self time. Prints Markdown tables. A builtin without a
 * file (writev, runMicrotasks, a regexp) is counted for the layer of its nearest caller that has one.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const PACKAGES: [RegExp, string][] = [
  [/@apollo\/(gateway|query-planner|federation-internals|query-graphs)\//, '@apollo/gateway: planning and execution'],
  [/@apollo\/(server|subgraph|utils\.[a-z]+|server-gateway-interface)\//, '@apollo/server, @apollo/subgraph'],
  [/\/graphql\//, 'graphql-js (parse, validate, execute)'],
  [/\/(graphql-shield|graphql-middleware)\//, 'policy: graphql-shield / middleware'],
  [/\/dataloader\//, 'dataloader'],
  [/\/drizzle-orm\//, 'drizzle (query building, row mapping)'],
  [/\/@electric-sql\/pglite\//, 'PGlite (embedded Postgres, WASM)'],
  [/\/(pg|pg-protocol|pg-pool|pg-types|pg-connection-string|postgres-[a-z]+)\//, 'pg driver'],
  [/\/(pino|sonic-boom|fast-redact|pino-std-serializers|thread-stream|on-exit-leak-free|quick-format-unescaped)\//, 'logging: pino'],
  [/\/jose\//, 'jose (JWT)'],
  [/\/(sm-crypto-v2|@noble)\//, 'SM2/SM3 (sm-crypto-v2, @noble)'],
  [/\/zod\//, 'zod'],
  [/\/(express|router|body-parser|raw-body|iconv-lite|send|finalhandler|accepts|type-is|content-type|qs|cookie|negotiator|mime-[a-z]+|on-finished|encodeurl|depd|debug|statuses|http-errors)\//, 'express / HTTP plumbing'],
  [/\/undici\//, 'undici (fetch)'],
  [/\/prom-client\//, 'prom-client (metrics)'],
  [/\/@opentelemetry\//, 'OpenTelemetry'],
  [/\/(lru-cache|@apollo\/utils\.keyvaluecache)\//, 'caches'],
  [/\/(tsx|esbuild|get-tsconfig|source-map-support)\//, 'tsx loader'],
  [/\/(@whatwg-node|@graphql-tools|@envelop|@graphql-yoga)\//, 'graphql-tools / whatwg-node'],
];

const OURS: [RegExp, string][] = [
  [/subgraphs\/kit\/(caller|jws|cryptoProfile)\.ts/, 'caselink: assertions and JWS'],
  [/subgraphs\/kit\/accessLog/, 'caselink: access log'],
  [/subgraphs\/kit\/(policy|classRules|access|disclosure)\.ts/, 'caselink: policy'],
  [/subgraphs\/[a-z]+\/loaders/, 'caselink: loaders'],
  [/subgraphs\/kit\/db\.ts/, 'caselink: db wrapper'],
  [/\/gateway\//, 'caselink gateway code'],
  [/\/subgraphs\//, 'caselink subgraph code (resolvers, kit)'],
];

const NATIVE = 'builtins / native';

function layerOf(f: CallFrame): string {
  const { url, functionName } = f;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(program)') return '(program: V8/native, unattributed)';
  if (functionName === '(root)') return '(root)';
  if (url.startsWith('wasm://')) return 'PGlite (embedded Postgres, WASM)';
  if (!url) {
    if (/^(parse|stringify|JSONParse|JSONStringify)$/.test(functionName)) return 'JSON (builtin parse/stringify)';
    return NATIVE;
  }
  if (url.includes('node_modules')) {
    for (const [re, label] of PACKAGES) if (re.test(url)) return label;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    return `other package: ${pkg}`;
  }
  for (const [re, label] of OURS) if (re.test(url)) return label;
  if (url.startsWith('node:')) {
    if (/crypto/.test(url)) return 'node crypto';
    if (/undici|fetch/.test(url)) return 'undici (fetch)';
    if (/_http|http\/|net|stream|dns|tls/.test(url)) return 'node http / net / streams';
    if (/buffer|string_decoder|util/.test(url)) return 'node buffer / util';
    return 'node internals (timers, promises, events, …)';
  }
  return `other: ${basename(url)}`;
}

/** Inclusive time of the steps we want to see whole (their callees included). */
const STEPS: [RegExp, string][] = [
  [/^signCallerAssertion$/, 'sign caller assertion (gateway)'],
  [/^verifyCallerAssertion$/, 'verify caller assertion (subgraph)'],
  [/^verifyJws$/, 'verifyJws'],
  [/^signJws$/, 'signJws'],
  [/^(authenticate|verifyToken)$/, 'verify caller token (gateway)'],
  [/^executeQueryPlan$/, '@apollo/gateway executeQueryPlan'],
  [/^(buildQueryPlan|computeQueryPlan)$/, '@apollo/gateway query planning'],
  [/^execute$/, 'graphql execute'],
  [/^(validate)$/, 'graphql validate'],
];
const STEP_FILES: [RegExp, string][] = [
  [/subgraphs\/kit\/accessLog/, 'access log (subgraph, inclusive)'],
  [/gateway\/accessLog/, 'access log (gateway, inclusive)'],
  [/\/(graphql-shield|graphql-middleware)\//, 'graphql-shield (inclusive)'],
  [/\/drizzle-orm\//, 'drizzle (inclusive)'],
  [/\/@electric-sql\/pglite\//, 'PGlite (inclusive)'],
  [/\/(pg|pg-protocol|pg-pool)\//, 'pg (inclusive)'],
  [/\/dataloader\//, 'dataloader (inclusive)'],
];

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '15' } } });
const TOP = Number(values.top);
if (!positionals.length) throw new Error('usage: profile-layers.ts [--top N] FILE.cpuprofile...');

const pct = (x: number, total: number) => `${((100 * x) / total).toFixed(1)} %`;
const ms = (us: number) => (us / 1000).toFixed(0);

for (const file of positionals) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const fnSelf = new Map<string, number>();
  const steps = new Map<string, number>();
  let total = 0;
  let idle = 0;
  // Sample 0's delta is the time since the profile's start (the profiler starting up), not a sample.
  for (let i = 1; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]!)!;
    const dt = p.timeDeltas[i] ?? 0;
    let layer = layerOf(node.callFrame);
    // A builtin (writev, runMicrotasks, …) counts for the layer of the nearest caller with a file.
    if (layer === NATIVE) {
      for (let id = parent.get(node.id); id !== undefined; id = parent.get(id)) {
        const up = layerOf(byId.get(id)!.callFrame);
        if (up !== NATIVE && up !== '(root)') {
          layer = up;
          break;
        }
      }
    }
    if (layer === '(idle)') {
      idle += dt;
      continue;
    }
    total += dt;
    self.set(layer, (self.get(layer) ?? 0) + dt);
    const f = node.callFrame;
    const fn = `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(gateway|subgraphs|scripts)\//, '$1/')}:${f.lineNumber + 1}` : ''}`;
    fnSelf.set(fn, (fnSelf.get(fn) ?? 0) + dt);
    const hit = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const cf = byId.get(id)!.callFrame;
      for (const [re, label] of STEPS) if (re.test(cf.functionName)) hit.add(label);
      for (const [re, label] of STEP_FILES) if (re.test(cf.url)) hit.add(label);
    }
    for (const h of hit) steps.set(h, (steps.get(h) ?? 0) + dt);
  }
  const wall = p.endTime - p.startTime;
  console.log(`\n### ${basename(file)}: ${ms(total)} ms on CPU of ${ms(wall)} ms (${pct(total, wall)} busy, idle ${ms(idle)} ms)\n`);
  console.log('| layer (self time) | ms | share |\n|---|---:|---:|');
  for (const [layer, t] of [...self].sort((a, b) => b[1] - a[1])) if (t / total >= 0.005) console.log(`| ${layer} | ${ms(t)} | ${pct(t, total)} |`);
  const small = [...self].filter(([, t]) => t / total < 0.005).reduce((s, [, t]) => s + t, 0);
  if (small) console.log(`| (layers under 0.5 % each) | ${ms(small)} | ${pct(small, total)} |`);
  console.log('\n| step (inclusive) | ms | share |\n|---|---:|---:|');
  for (const [step, t] of [...steps].sort((a, b) => b[1] - a[1])) console.log(`| ${step} | ${ms(t)} | ${pct(t, total)} |`);
  console.log(`\n| top ${TOP} functions (self) | ms | share |\n|---|---:|---:|`);
  for (const [fn, t] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`| \`${fn.trim()}\` | ${ms(t)} | ${pct(t, total)} |`);
}

/**
 * Where a process spent its CPU, from a V8 `.cpuprofile` (`node --cpu-prof`): self time by package
 * (node_modules/<package>, the project's own directories, Node's internals, GC) and the heaviest
 * functions, over the profile's last `--last` seconds (the timed part of a benchmark that stops its
 * processes right after timing) with idle time left out.
 *
 *   node --import tsx test/bench/cpuprofile-summary.ts [--last 60] [--top 15] FILE.cpuprofile...
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values: args, positionals: files } = parseArgs({
  options: { last: { type: 'string' }, top: { type: 'string', default: '15' } },
  allowPositionals: true,
});
if (!files.length) throw new Error('usage: cpuprofile-summary.ts [--last SECONDS] [--top N] FILE.cpuprofile...');

/** The package a frame belongs to: node_modules/<@scope/name>, a directory of the project, or what V8 calls it. */
function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node: internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const m = /\/(gateway|subgraphs|test|scripts|schema|demo)\//.exec(url);
  return m ? `caselink ${m[1]}/` : url;
}

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** The packages with a frame on the sample's stack: time spent in or under each. */
  const stackPackages = (id: number): Set<string> => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (f.url) seen.add(packageOf(f.url, f.functionName));
    }
    return seen;
  };
  const totalByPackage = new Map<string, number>();
  const from = args.last ? profile.endTime - Number(args.last) * 1e6 : profile.startTime;
  const selfByPackage = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let at = profile.startTime;
  let busy = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    if (at < from) continue;
    const dt = profile.timeDeltas[i]!;
    const node = byId.get(profile.samples[i]!)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += dt;
      continue;
    }
    busy += dt;
    const pkg = packageOf(url, functionName);
    for (const p of stackPackages(node.id)) totalByPackage.set(p, (totalByPackage.get(p) ?? 0) + dt);
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + dt);
    const fn = `${functionName || '(anonymous)'} ${url ? `${basename(url)}:${lineNumber + 1}` : ''} [${pkg}]`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + dt);
  }
  const ms = (us: number) => (us / 1000).toFixed(0);
  const share = (us: number) => `${((100 * us) / busy).toFixed(1)} %`;
  console.log(`\n### ${basename(file)}: ${ms(busy)} ms busy, ${ms(idle)} ms idle${args.last ? ` in the last ${args.last} s` : ''}\n`);
  console.log('| package (self time) | ms | share |\n|---|---:|---:|');
  for (const [pkg, us] of [...selfByPackage].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) console.log(`| ${pkg} | ${ms(us)} | ${share(us)} |`);
  console.log('\n| package (on the stack: self and callees) | ms | share |\n|---|---:|---:|');
  for (const [pkg, us] of [...totalByPackage].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) console.log(`| ${pkg} | ${ms(us)} | ${share(us)} |`);
  console.log('\n| function (self time) | ms | share |\n|---|---:|---:|');
  for (const [fn, us] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) console.log(`| ${fn.replace(/\|/g, '\\|')} | ${ms(us)} | ${share(us)} |`);
}

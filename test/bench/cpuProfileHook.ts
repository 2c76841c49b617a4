/**
 * Preloaded into a service by the federation bench in profile mode (`node --import
 * ./test/bench/cpuProfileHook.ts`): SIGUSR2 starts a CPU profile, the next SIGUSR2 writes it to
 * CPU_PROFILE_DIR/<CPU_PROFILE_NAME>.cpuprofile, so a profile covers the load only (not start-up,
 * migrations and seeding, which --cpu-prof would include).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.CPU_PROFILE_DIR;
const name = process.env.CPU_PROFILE_NAME ?? String(process.pid);
if (dir) {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((ok, fail) => session.post(method, params ?? {}, (err, result) => (err ? fail(err) : ok(result))));
  let running = false;
  process.on('SIGUSR2', () => {
    void (async () => {
      if (!running) {
        running = true;
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: 500 });
        await post('Profiler.start');
      } else {
        running = false;
        const { profile } = await post('Profiler.stop');
        writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
        process.stdout.write(`cpu profile written: ${join(dir, `${name}.cpuprofile`)}\n`);
      }
    })();
  });
}

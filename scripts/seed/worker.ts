/** A worker thread that generates batches (batch.ts) for scripts/seed/run.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { BatchGenerator, type BatchJob, type GeneratorSetup } from './batch';

const generator = new BatchGenerator(workerData as GeneratorSetup);
parentPort!.on('message', (job: BatchJob) => {
  generator.run(job).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (err: unknown) => parentPort!.postMessage({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});

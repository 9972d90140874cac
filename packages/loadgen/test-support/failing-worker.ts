/**
 * A stand-in load worker for failure tests; the task's spec.headers['x-fail-at'] chooses how it fails:
 * - 'load': throws before reporting ready;
 * - 'run':  worker 0 reports one interval, then its thread exits; the other workers behave.
 * A behaving worker reports one interval (one response) per intervalMs until told to stop.
 */
import { emptyWorkerBucket } from '../src/bucket-accumulator.js';
import { emptyEncodedHistogram } from '../src/histogram.js';
import type { MainToWorker, WorkerBucket, WorkerExit, WorkerTask } from '../src/protocol.js';

function oneResponse(t: number): WorkerBucket {
  const bucket = emptyWorkerBucket(t, emptyEncodedHistogram());
  return { ...bucket, intended: 1, sent: 1, responses: 1, status: { ...bucket.status, '2xx': 1 } };
}

export default async function failingWorker(task: WorkerTask): Promise<WorkerExit> {
  const { port, worker, spec } = task;
  const mode = spec.headers['x-fail-at'];
  if (mode === 'load') throw new Error('cannot load');
  port.postMessage({ type: 'ready', worker });
  const dies = mode === 'run' && worker === 0;
  return new Promise<WorkerExit>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    port.on('message', (m: MainToWorker) => {
      if (m.type === 'start') {
        let t = m.t0;
        timer = setInterval(() => {
          port.postMessage({ type: 'bucket', worker, bucket: oneResponse(t) });
          t += spec.intervalMs;
          if (dies) process.exit(3);
        }, spec.intervalMs);
        return;
      }
      clearInterval(timer);
      const empty = emptyEncodedHistogram();
      port.postMessage({ type: 'done', worker, buckets: 0, serviceTime: empty, scheduleLag: empty, bodyBytes: 0 });
      port.unref();
      resolve({ worker, buckets: 0 });
    });
  });
}

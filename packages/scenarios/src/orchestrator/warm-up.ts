import { loadRatePerS, startLoad, type LoadSpecInput } from '@stampede/loadgen';
import { warmPaths } from '../caches/warm.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { keyPath } from './item-paths.js';

/**
 * Warm-up (not measured): prefetch the hottest keys, then the load's own traffic for warmup.durationS.
 * Aborting `signal` ends it early: no new request starts, the warm-up load stops and drains.
 */
export async function warmUp(spec: ScenarioSpec, cacheUrl: string, loadInput: LoadSpecInput, signal: AbortSignal): Promise<void> {
  const w = spec.warmup;
  if (w.prefetchTopN && !signal.aborted) {
    const paths = Array.from({ length: Math.min(w.prefetchTopN, spec.load.keys) }, (_, i) => keyPath(i + 1));
    await warmPaths(cacheUrl, paths, w.prefetchRatePerS ?? 500, { signal });
  }
  if (w.durationS > 0 && !signal.aborted) {
    const rate = w.ratePerS ?? loadRatePerS(spec.load);
    const { stages: _stages, startRatePerS: _start, ...rest } = loadInput;
    const run = startLoad({ ...rest, ratePerS: rate, durationS: w.durationS, seed: spec.load.seed + 1 });
    const stop = (): void => run.stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      await run.done;
    } finally {
      signal.removeEventListener('abort', stop);
      await run.close();
    }
  }
}

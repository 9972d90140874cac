import { epochNow, loadRatePerS, type LoadSpecInput, startLoad } from '@stampede/loadgen';
import { warmPaths } from '../caches/warm.js';
import type { ReportEvent } from '../record/report.js';
import { DEFAULTS, type ScenarioSpec } from '../scenario-spec/index.js';
import { keyPath } from './item-paths.js';
import { WARMUP_LOAD, WARMUP_PREFETCH } from './warmup-events.js';

/**
 * Warm-up (not measured): prefetch the hottest keys, then the load's own traffic for warmup.durationS.
 * Aborting `signal` ends it early: no new request starts, the warm-up load stops and drains. When each part began
 * is recorded (WARMUP_PREFETCH, WARMUP_LOAD: the warm-up load's t0), so a simulation of the run can place them as
 * they were: objects the warm-up stored expire on that clock (ttl-collapse).
 */
export async function warmUp(
  spec: ScenarioSpec,
  cacheUrl: string,
  loadInput: LoadSpecInput,
  signal: AbortSignal,
  record: (event: ReportEvent) => void = () => undefined,
): Promise<void> {
  const w = spec.warmup;
  if (w.prefetchTopN && !signal.aborted) {
    const paths = Array.from({ length: Math.min(w.prefetchTopN, spec.load.keys) }, (_, i) => keyPath(i + 1));
    const ratePerS = w.prefetchRatePerS ?? DEFAULTS.prefetchRatePerS;
    record({ t: epochNow(), action: WARMUP_PREFETCH, detail: { keys: paths.length, ratePerS }, kind: 'phase' });
    await warmPaths(cacheUrl, paths, ratePerS, { signal });
  }
  if (w.durationS > 0 && !signal.aborted) {
    const rate = w.ratePerS ?? loadRatePerS(spec.load);
    const { stages: _stages, startRatePerS: _start, ...rest } = loadInput;
    const run = startLoad({ ...rest, ratePerS: rate, durationS: w.durationS, seed: spec.load.seed + 1 });
    run.once('started', ({ t0 }) => record({ t: t0, action: WARMUP_LOAD, detail: { ratePerS: rate, durationS: w.durationS }, kind: 'phase' }));
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

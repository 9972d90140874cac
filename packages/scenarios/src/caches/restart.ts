/**
 * The restart action shared by every adapter: the adapter supplies its cold restart (empty cache, serving
 * again); a warm restart then re-fetches the given paths through the cache before returning.
 */
import type { RestartMode, RestartResult, WarmPlan } from './adapter.js';
import { CacheOptionsError, type CacheOptionProblem } from './errors.js';
import { warmPaths } from './warm.js';

/** @throws CacheOptionsError for an unknown mode, a warm restart without a plan, or a bad plan */
export function checkRestartRequest(mode: RestartMode, warm: WarmPlan | undefined): void {
  const problems: CacheOptionProblem[] = [];
  if (mode !== 'cold' && mode !== 'warm') problems.push({ path: 'mode', message: `mode must be "cold" or "warm" (got ${String(mode)})` });
  if (mode === 'warm') {
    if (warm === undefined) problems.push({ path: 'warm', message: 'warm is required for a warm restart: {paths, ratePerS}' });
    else {
      if (!(typeof warm.ratePerS === 'number' && Number.isFinite(warm.ratePerS) && warm.ratePerS > 0)) {
        problems.push({ path: 'warm.ratePerS', message: `warm.ratePerS must be a number > 0 (got ${String(warm.ratePerS)})` });
      }
      if (!Array.isArray(warm.paths)) problems.push({ path: 'warm.paths', message: 'warm.paths must be an array of paths' });
      else {
        warm.paths.forEach((p, i) => {
          if (typeof p !== 'string' || !p.startsWith('/')) {
            problems.push({ path: `warm.paths[${i}]`, message: `warm.paths[${i}] must start with "/" (got ${JSON.stringify(p)})` });
          }
        });
      }
    }
  }
  if (problems.length > 0) throw new CacheOptionsError(problems, 'restart request');
}

export async function runRestart(
  mode: RestartMode,
  warm: WarmPlan | undefined,
  cacheUrl: () => string,
  restartCold: () => Promise<void>,
): Promise<RestartResult> {
  checkRestartRequest(mode, warm);
  const t0 = performance.now();
  await restartCold();
  const restartMs = performance.now() - t0;
  const outcome = mode === 'warm' && warm !== undefined ? await warmPaths(cacheUrl(), warm.paths, warm.ratePerS) : { warmed: 0, failed: 0 };
  return {
    mode,
    restartMs,
    warmed: outcome.warmed,
    warmFailed: outcome.failed,
    durationMs: performance.now() - t0,
    // This cache restarts in place: its warm-up competes with the clients' traffic for the origin.
    ...(mode === 'warm' ? { underLiveTraffic: true } : {}),
  };
}

/**
 * The bounded search for the highest rate a configuration sustains: doubling from a start rate until a probe
 * misses (or the ceiling passes), halving when the very first probes miss (down to a floor), then bisection
 * between the highest sustained rate and the lowest missed one until they are within a relative tolerance.
 * Every search ends: by convergence, at the ceiling or floor, after `maxProbes` probes, or when the time budget
 * is spent (checked before each probe, so a search overruns it by one probe at most).
 *
 * `nextProbe` is the pure policy over the probes so far; `searchRate` is the loop that runs the probes.
 * Probe outcomes on a shared machine are noisy and need not be monotone; the search reads them conservatively:
 * the lowest missed rate caps the answer, and a sustained rate at or above it does not count.
 */

export interface RateSearchOptions {
  /** the first probe's rate, requests/s */
  startRatePerS: number;
  /** the lowest rate probed: a configuration that misses it never reached the target */
  minRatePerS: number;
  /** the highest rate probed: a configuration that sustains it is reported as at least that */
  maxRatePerS: number;
  /** stop bisecting when (lowest missed - highest sustained) / highest sustained <= this (e.g. 0.05) */
  tolerance: number;
  /** at most this many probes in one search */
  maxProbes: number;
}

export interface ProbeOutcome {
  ratePerS: number;
  /** the configuration sustained this rate (met every target) */
  ok: boolean;
}

export type SearchEnd =
  /** sustained and missed rates are within the tolerance */
  | 'converged'
  /** the ceiling was sustained: the answer is at least maxRatePerS */
  | 'ceiling'
  /** even the floor was missed: the configuration never reached the target */
  | 'never-sustained'
  /** maxProbes probes were run before convergence */
  | 'probe-budget'
  /** the time budget was spent before convergence */
  | 'time-budget';

export interface SearchBounds {
  /** the highest sustained rate below every missed one; null when none was sustained */
  bestRatePerS: number | null;
  /** the lowest missed rate; null when none was missed */
  firstMissRatePerS: number | null;
}

export type NextStep = { kind: 'probe'; ratePerS: number } | ({ kind: 'done'; end: SearchEnd } & SearchBounds);

/** What the probes so far say, read conservatively (see the file comment). */
export function searchBounds(probes: readonly ProbeOutcome[]): SearchBounds {
  const misses = probes.filter((p) => !p.ok).map((p) => p.ratePerS);
  const firstMiss = misses.length > 0 ? Math.min(...misses) : null;
  const sustained = probes.filter((p) => p.ok && (firstMiss === null || p.ratePerS < firstMiss)).map((p) => p.ratePerS);
  return { bestRatePerS: sustained.length > 0 ? Math.max(...sustained) : null, firstMissRatePerS: firstMiss };
}

/** The pure policy: the next rate to probe, or why the search is over. Rates are whole requests/s. */
export function nextProbe(probes: readonly ProbeOutcome[], o: RateSearchOptions): NextStep {
  const bounds = searchBounds(probes);
  const { bestRatePerS: lo, firstMissRatePerS: hi } = bounds;
  const done = (end: SearchEnd): NextStep => ({ kind: 'done', end, ...bounds });
  let next: number;
  if (probes.length === 0) next = clamp(o.startRatePerS, o);
  else if (hi === null) {
    // everything so far was sustained: double, up to the ceiling
    if ((lo as number) >= o.maxRatePerS) return done('ceiling');
    next = Math.min(o.maxRatePerS, (lo as number) * 2);
  } else if (lo === null) {
    // everything so far was missed: halve, down to the floor
    if (hi <= o.minRatePerS) return done('never-sustained');
    next = Math.max(o.minRatePerS, hi / 2);
  } else {
    if ((hi - lo) / lo <= o.tolerance) return done('converged');
    next = (lo + hi) / 2;
  }
  next = Math.round(next);
  // rounding can land on a rate already probed when lo and hi are a few requests/s apart
  if (probes.some((p) => p.ratePerS === next)) return done('converged');
  if (probes.length >= o.maxProbes) return done('probe-budget');
  return { kind: 'probe', ratePerS: next };
}

function clamp(rate: number, o: RateSearchOptions): number {
  return Math.min(o.maxRatePerS, Math.max(o.minRatePerS, rate));
}

export interface SearchResult<P extends ProbeOutcome> extends SearchBounds {
  end: SearchEnd;
  /** every probe, in the order run */
  probes: P[];
}

/**
 * Runs probes as `nextProbe` says until the search ends or `budgetMs` (read on `now`) is spent. The probe
 * function measures one rate and says whether it was sustained; it is called one at a time.
 */
export async function searchRate<P extends ProbeOutcome>(
  probe: (ratePerS: number, index: number) => Promise<P>,
  options: RateSearchOptions & { budgetMs: number; now?: () => number },
): Promise<SearchResult<P>> {
  const now = options.now ?? Date.now;
  const started = now();
  const probes: P[] = [];
  // nextProbe ends every search within maxProbes steps; the loop bound is a second guard
  for (let i = 0; i <= options.maxProbes; i++) {
    const step = nextProbe(probes, options);
    if (step.kind === 'done') return { end: step.end, bestRatePerS: step.bestRatePerS, firstMissRatePerS: step.firstMissRatePerS, probes };
    if (probes.length > 0 && now() - started >= options.budgetMs) break;
    probes.push(await probe(step.ratePerS, probes.length));
  }
  return { end: 'time-budget', ...searchBounds(probes), probes };
}

/**
 * Capacity search: bisection over short probe runs for the hardest value at which a scenario still passes — the
 * highest request rate, or the lowest origin concurrency. The probe (one short run of the scenario) is injected,
 * so the search is pure control flow: deterministic for a deterministic probe, and it never prints.
 *
 * Order: the easy end (does the scenario pass at all?), the hard end (does it ever fail?), bisection until the
 * passing and failing values are within the resolution, then one check probe in the widest unprobed gap on each
 * side of the boundary. Monotonicity is assumed by bisection and checked by those probes: any probe whose outcome
 * contradicts the boundary is reported in `contradictions`, never dropped.
 */
import type { VerdictFailure } from '../record/report.js';
import { resolveCapacityOptions, type CapacitySearchOptions, type CapacityVary, type ResolvedCapacityOptions } from './capacity-options.js';
import { planResolved, type CapacityPlan } from './plan-capacity-search.js';
import { searchScale, type SearchScale } from './search-scale.js';

/** What one probe run says about a value. */
export interface ProbeOutcome {
  /** the run's verdict passed */
  pass: boolean;
  rate503: number;
  recoverySeconds: number | null;
  recovered: boolean;
  /** the probe's report, when it wrote one */
  runId?: string;
  /** the thresholds that failed */
  failures?: VerdictFailure[];
}

export type ProbeRole = 'easy-end' | 'hard-end' | 'bisect' | 'check';

export interface ProbeContext {
  /** 0-based, in run order */
  index: number;
  role: ProbeRole;
  plan: CapacityPlan;
}

/** Runs the scenario once at `value` (req/s or origin slots). Errors propagate out of the search. */
export type CapacityProbeFn = (value: number, context: ProbeContext) => Promise<ProbeOutcome>;

export interface CapacityProbe {
  index: number;
  value: number;
  role: ProbeRole;
  outcome: ProbeOutcome;
}

/**
 * found: bracketed within the resolution; all-pass: even the hard end passes (the limit lies beyond the range);
 * all-fail: even the easy end fails; budget-exhausted: maxProbes ran out first; interrupted: the signal fired.
 */
export type CapacityOutcome = 'found' | 'all-pass' | 'all-fail' | 'budget-exhausted' | 'interrupted';

/**
 * consistent: the check probes ran (or no unprobed gap was left) and nothing contradicts the boundary; violated: some
 * probe contradicts it; unchecked: verify was off, the boundary was not bracketed, or the budget or signal stopped a
 * check.
 */
export type Monotonicity = 'consistent' | 'violated' | 'unchecked';

export interface CapacityResult {
  vary: CapacityVary;
  harder: 'higher' | 'lower';
  /** the range searched, ordered */
  lo: number;
  hi: number;
  resolution: number;
  outcome: CapacityOutcome;
  /** the hardest value that passed: the highest rate, or the lowest concurrency; null when none passed */
  boundary: number | null;
  /** the easiest value that failed beyond the boundary; null when none failed */
  failedAt: number | null;
  /** a passing and a failing value were both seen, so the limit lies between boundary and failedAt */
  bracketed: boolean;
  /** boundary and failedAt are within the resolution */
  converged: boolean;
  monotonicity: Monotonicity;
  /** probes whose outcome disagrees with the boundary: a failure on its easy side, a pass on its hard side */
  contradictions: CapacityProbe[];
  /** every probe, in the order it ran: with the values, the survivability curve */
  probes: CapacityProbe[];
  plan: CapacityPlan;
}

export interface CapacitySearchHooks {
  /** checked before each probe: when aborted, the search returns what it has (outcome `interrupted`) */
  signal?: AbortSignal;
  /** after each probe, for progress displays */
  onProbe?: (probe: CapacityProbe, plan: CapacityPlan) => void;
}

/** @throws CapacityOptionsError when the options cannot work; whatever the probe throws. */
export async function searchCapacity(
  options: CapacitySearchOptions,
  probe: CapacityProbeFn,
  hooks: CapacitySearchHooks = {},
): Promise<CapacityResult> {
  const o = resolveCapacityOptions(options);
  const plan = planResolved(o);
  const scale = searchScale(o);
  const probes: CapacityProbe[] = [];
  let stop: 'budget-exhausted' | 'interrupted' | undefined;

  const run = async (value: number, role: ProbeRole): Promise<boolean | undefined> => {
    if (hooks.signal?.aborted) stop = 'interrupted';
    else if (probes.length >= plan.maxProbes) stop = 'budget-exhausted';
    if (stop !== undefined) return undefined;
    const index = probes.length;
    const outcome = await probe(value, { index, role, plan });
    const p: CapacityProbe = { index, value, role, outcome };
    probes.push(p);
    hooks.onProbe?.(p, plan);
    return outcome.pass;
  };

  const finish = (outcome: CapacityOutcome, boundary: number | null, failedAt: number | null, checked = false): CapacityResult => {
    const bracketed = boundary !== null && failedAt !== null;
    const contradictions = probes.filter((p) => contradicts(o, p, boundary));
    return {
      vary: o.vary,
      harder: o.harder,
      lo: o.lo,
      hi: o.hi,
      resolution: o.resolution,
      outcome,
      boundary,
      failedAt,
      bracketed,
      converged: bracketed && scale.within(boundary, failedAt),
      monotonicity: contradictions.length > 0 ? 'violated' : checked ? 'consistent' : 'unchecked',
      contradictions,
      probes,
      plan,
    };
  };

  const easy = await run(o.easy, 'easy-end');
  if (easy === undefined) return finish(stop ?? 'interrupted', null, null);
  if (!easy) return finish('all-fail', null, o.easy);
  if (o.lo === o.hi) return finish('all-pass', o.easy, null);
  const hard = await run(o.hard, 'hard-end');
  if (hard === undefined) return finish(stop ?? 'interrupted', o.easy, null);
  if (hard) return finish('all-pass', o.hard, null);

  let pass = o.easy;
  let fail = o.hard;
  while (!scale.within(pass, fail)) {
    const mid = scale.midpoint(pass, fail);
    if (mid === undefined) break;
    const ok = await run(mid, 'bisect');
    if (ok === undefined) return finish(stop ?? 'interrupted', pass, fail);
    if (ok) pass = mid;
    else fail = mid;
  }

  // Checked: every side's widest gap was probed, or no gap was left wider than the resolution.
  let checked = o.verify;
  if (o.verify) {
    // The pass side first: a failure there means the boundary found is too optimistic.
    for (const [from, to] of [[o.easy, pass], [fail, o.hard]] as const) {
      const gap = widestGap(probes.map((p) => p.value), from, to, scale);
      const mid = gap === undefined ? undefined : scale.midpoint(gap[0], gap[1]);
      if (mid !== undefined && (await run(mid, 'check')) === undefined) checked = false;
    }
  }
  return finish(stop === 'interrupted' ? 'interrupted' : 'found', pass, fail, checked);
}

/** The widest gap between probed values within [from, to] (either order), when it is wider than the resolution. */
function widestGap(
  values: readonly number[],
  from: number,
  to: number,
  scale: SearchScale,
): [number, number] | undefined {
  const lo = Math.min(from, to);
  const hi = Math.max(from, to);
  const points = [...new Set([lo, hi, ...values.filter((v) => v > lo && v < hi)])].sort((a, b) => a - b);
  let best: [number, number] | undefined;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as number;
    const b = points[i] as number;
    if (scale.within(a, b) || scale.midpoint(a, b) === undefined) continue;
    if (best === undefined || scale.distance(a, b) > scale.distance(best[0], best[1])) best = [a, b];
  }
  return best;
}

/** A failure at or on the easy side of the boundary, or a pass beyond it. */
function contradicts(o: ResolvedCapacityOptions, p: CapacityProbe, boundary: number | null): boolean {
  if (boundary === null) return p.outcome.pass;
  const harderThanBoundary = o.harder === 'higher' ? p.value > boundary : p.value < boundary;
  return harderThanBoundary ? p.outcome.pass : !p.outcome.pass;
}

/**
 * `stampede simulate`'s engine: a scenario -> the virtual-time model -> the same Report a run writes, marked
 * `simulated`. The series is the model's buckets after the warm-up, each with its encoded HDR, cut where a real run
 * would have stopped observing; events are the ones a run records (load-start, then each timeline action at its
 * time), so the analysis finds the fault and measures recovery, and thresholds judge the verdict, unchanged.
 *
 * t0 is a virtual epoch (by default now, aligned to the bucket width): nothing waits for it.
 */
import { performance } from 'node:perf_hooks';
import { defaultRunId } from '../orchestrator/default-run-id.js';
import { hitRatio } from '../record/hit-ratio.js';
import { rate503 } from '../record/rate503.js';
import { REPORT_SCHEMA, type Report, type ReportEvent, type SeriesPoint } from '../record/report.js';
import type { ScenarioSpec } from '../scenario-spec/index.js';
import { analyzeRun } from '../orchestrator/analyze-run.js';
import { reportLoad } from '../orchestrator/report-load.js';
import { observedLength } from './observed-length.js';
import { simulateRun } from './simulate-run.js';
import { DEFAULT_INTERVAL_MS, simulationSpecFromScenario, type WarmupTiming } from './simulation-spec-from-scenario.js';
import { sketchToHdr } from './sketch-to-hdr.js';

export interface SimulateScenarioOptions {
  /** stampede's version, for report.tool */
  toolVersion: string;
  runId?: string;
  /** epoch ms of t0 (the start of the measured load); default Date.now() aligned down to the bucket width */
  t0Ms?: number;
  /** the worker count to simulate (see simulationSpecFromScenario); default what loadgen resolves here */
  workers?: number;
  /** when the warm-up's parts began before t0 (a real run's: warmupTimingOf); default the typical timing */
  warmupTiming?: WarmupTiming;
  /** varies which of the fetches waiting for a slot gets which service-time draw; default the start order */
  drawOrderSeed?: number;
  /** where the generator's timer ticks fall (client-model.ts timeoutAt), ms after t0; default 0 */
  timerPhaseMs?: number;
  /** the system clock minus the run's clock, ms (a real run's report.load.wallClockOffsetMs); default 0 */
  wallClockOffsetMs?: number;
  /** wall clock in ms for report.simulated.wallMs; default performance.now */
  wallClockMs?: () => number;
}

export function simulateScenario(spec: ScenarioSpec, options: SimulateScenarioOptions): Report {
  const wall = options.wallClockMs ?? (() => performance.now());
  const started = wall();
  const intervalMs = spec.load.intervalMs ?? DEFAULT_INTERVAL_MS;
  const t0 = options.t0Ms ?? Math.floor(Date.now() / intervalMs) * intervalMs;
  const { sim, warmupMs, load, origin } = simulationSpecFromScenario(spec, {
    t0Ms: t0,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.warmupTiming === undefined ? {} : { warmupTiming: options.warmupTiming }),
    ...(options.drawOrderSeed === undefined ? {} : { drawOrderSeed: options.drawOrderSeed }),
    ...(options.timerPhaseMs === undefined ? {} : { timerPhaseMs: options.timerPhaseMs }),
    ...(options.wallClockOffsetMs === undefined ? {} : { wallClockOffsetMs: options.wallClockOffsetMs }),
  });

  const result = simulateRun(sim);
  const skip = warmupMs / intervalMs;
  const measured = result.series.slice(skip).map((p, i) => seriesPoint(p, result.bucketLatency[skip + i]));
  const events = timelineEvents(spec, t0);
  const series = measured.slice(0, observedLength(spec, measured, events, t0, intervalMs));

  const analysis = analyzeRun(spec, { series, events, intervalMs });
  const wallMs = Math.max(0, Math.round(wall() - started));
  const startedAt = new Date(t0 - warmupMs);

  return {
    schema: REPORT_SCHEMA,
    runId: options.runId ?? `${defaultRunId(spec, startedAt)}-sim`,
    startedAt: startedAt.toISOString(),
    tool: { version: options.toolVersion, node: process.version },
    scenario: { name: spec.name, title: spec.title, incident: spec.incident, spec },
    cache: { kind: spec.cache.kind, version: `model ${result.modelVersion}`, config: { ...sim.cache } },
    origin: { ...origin, serviceMs: origin.serviceTime },
    load: reportLoad(spec, { workers: load.workers, connections: load.connections }),
    events,
    summary: analysis.summary,
    series,
    histograms: analysis.histograms,
    verdict: analysis.verdict,
    simulated: { modelVersion: result.modelVersion, events: result.events, wallMs },
  };
}

/** A model bucket as a run's merged series point (orchestrator's mergeSeries shape), with its encoded HDR. */
function seriesPoint(p: SeriesPoint, latency: Parameters<typeof sketchToHdr>[0] | undefined): SeriesPoint {
  const cache = { ...p.cache, unknown: p.cache.unknown ?? 0 };
  return {
    ...p,
    cache,
    dropped: p.dropped ?? 0,
    hitRatio: hitRatio(cache),
    rate503: rate503(p.status, p.responses),
    histogram: latency ? sketchToHdr(latency) : '',
  };
}

/**
 * The events a run records: load-start (phase) at t0, each timeline action at t0 + at (detail: atS and its
 * parameters), and the end of a timed origin-slowdown as the action schedules it ('origin-slowdown ends').
 */
export function timelineEvents(spec: ScenarioSpec, t0: number): ReportEvent[] {
  const events: ReportEvent[] = [{ t: t0, action: 'load-start', detail: { ratePerS: spec.load.ratePerS ?? null }, kind: 'phase' }];
  for (const step of spec.timeline) {
    const { at, action, ...params } = step;
    const t = t0 + at * 1000;
    events.push({ t, action, detail: { atS: at, ...params }, kind: 'action' });
    if (step.action === 'origin-slowdown' && step.durationS !== undefined) {
      events.push({ t: t + step.durationS * 1000, action: 'origin-slowdown ends', detail: {}, kind: 'action' });
    }
  }
  return events.sort((a, b) => a.t - b.t);
}

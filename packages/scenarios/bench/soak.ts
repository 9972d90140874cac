/**
 * `pnpm bench:soak`: does memory stay flat over a long steady run? A script, not a test: it prints the resident
 * set size (VmRSS, and the peak VmHWM, from /proc/<pid>/status) of each process it starts every --sample-s seconds
 * for --minutes, then judges each one FLAT or GROWING and exits 1 when one grows or a process failed.
 *
 * Two workloads run side by side, each in its own process (group), all on 127.0.0.1:
 * - stack: `stampede run` of a generated soak scenario (the whole engine in one process: fake origin, embedded
 *   cache, load generator threads) at a steady open-model rate for the whole run, with constant churn — 20 000
 *   Zipf keys against a cache capped at 2 000 objects (constant evictions), a 5 s origin TTL (constant expiry) and
 *   a purge of the whole cache every --purge-s (the cache empties and refills). Recovery-based stopping is off and
 *   the observation limit covers the load, so the run lasts the full duration.
 * - overload: the fake origin alone (`stampede backend`, 2 slots x 20 ms = 100 req/s, queue 8) under
 *   `stampede load` at --overload times its capacity: its memory must stay bounded and it must answer 503 fast.
 *   Its admin API (/stats) is sampled too: queue length, served/s and 503/s.
 *
 * The verdict looks only at the measured part of each run: from 20 % into the load (at least 60 s, after warm-up) to
 * the load's end, taken from the run's own records (report.json, the LoadResult), so the report building after the
 * load is not mistaken for growth. Two measures per process, both must be FLAT:
 * - RSS (what the issue asks to stay flat): a garbage-collected process's RSS is a sawtooth, so the rule compares its
 *   peaks: the highest RSS in the last third of the measured part against the highest in the first third, growth at
 *   most max(16 MB, 10 %). The least-squares slope is printed for information.
 * - the live JS heap: every child runs with `node --trace-gc`; each full GC (Mark-Compact) of each isolate (main
 *   thread, worker threads) prints what it kept alive. Retained objects grow it; V8 committing more heap or native
 *   allocations do not. Growth at most max(8 MB, 10 %).
 * Some growth is by design: the generator and the orchestrator keep one bucket per second (counts + a compressed
 * HDR histogram) for the report; the script measures that size and prints it next to the verdict.
 *
 * Every child is spawned detached (its own process group) and killed by group in a `finally`, on SIGINT/SIGTERM,
 * and at exit; stampede's orphan watchdog (@stampede/scenarios' watchGroup/watchDir) kills the groups if this script is SIGKILLed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LoadResult } from '@stampede/loadgen';
// the CLI's own orphan watchdog: it also covers a SIGKILL of this script
import { unwatchDir, unwatchGroup, watchDir, watchGroup, type Report, type ReportSummary, type SeriesPoint } from '@stampede/scenarios';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

const MB = 1024 * 1024;
/** The measured part of a load starts after max(20 %, 60 s) of it, but never after its middle. */
const WARMUP_FRACTION = 0.2;
const WARMUP_MIN_MS = 60_000;
/** Shorter runs still hold the V8 heaps' own warm-up (about a minute of growth to a plateau). */
const INDICATIVE_BELOW_MIN = 5;
const GROWTH_FLOOR_MB = 16;
const GROWTH_FRACTION = 0.1;
const STOP_GRACE_MS = 15_000;
/** the overload origin: 2 slots x 20 ms = 100 requests/s */
const ORIGIN = { concurrency: 2, serviceMs: 20, queue: 8, queueTimeoutMs: 1000 } as const;
const ORIGIN_CAPACITY_PER_S = (ORIGIN.concurrency * 1000) / ORIGIN.serviceMs;
/** the stack scenario's churn */
const STACK = { keys: 20_000, maxCount: 2_000, ttlS: 5, baselineS: 10 } as const;

// ---------------------------------------------------------------------------------------------------------------
// Options

interface SoakOptions {
  minutes: number;
  sampleS: number;
  ratePerS: number;
  overload: number;
  purgeS: number;
  keep: boolean;
}

const USAGE = `usage: pnpm bench:soak [options]
  --minutes N    run length (default 10)
  --sample-s N   seconds between memory samples (default 10)
  --rate N       stack: requests/s through the embedded cache (default 1000)
  --overload N   overload: load on the lone origin, as a multiple of its ${ORIGIN_CAPACITY_PER_S}/s capacity (default 20)
  --purge-s N    stack: seconds between purges of the whole cache (default 60; at most a quarter of the run)
  --quick        1 minute, samples every 5 s
  --keep         keep the scratch directory (the stack run's report and spec)`;

/** Every problem at once, each naming its option. */
function parseOptions(argv: string[]): SoakOptions | { problems: string[] } | 'help' {
  const { values } = parseArgs({
    // `pnpm bench:soak -- --minutes 1` may pass the separator through.
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      minutes: { type: 'string' },
      'sample-s': { type: 'string' },
      rate: { type: 'string' },
      overload: { type: 'string' },
      'purge-s': { type: 'string' },
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const problems: string[] = [];
  const num = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) problems.push(`--${name} must be a number from ${min} to ${max} (got ${raw})`);
    return n;
  };
  const options: SoakOptions = {
    minutes: num('minutes', values.minutes, values.quick ? 1 : 10, 0.5, 24 * 60),
    sampleS: num('sample-s', values['sample-s'], values.quick ? 5 : 10, 1, 600),
    ratePerS: num('rate', values.rate, 1000, 1, 100_000),
    overload: num('overload', values.overload, 20, 1, 1000),
    purgeS: num('purge-s', values['purge-s'], 60, STACK.baselineS, 86_400),
    keep: values.keep,
  };
  if (problems.length === 0 && options.sampleS * 5 > options.minutes * 60) {
    problems.push(`--sample-s ${options.sampleS} leaves fewer than 5 samples in ${options.minutes} min: lower it or run longer`);
  }
  return problems.length > 0 ? { problems } : options;
}

// ---------------------------------------------------------------------------------------------------------------
// The stack scenario (a spec file for `stampede run`; JSON is valid YAML and needs no serialiser)

const durationOf = (o: SoakOptions): number => Math.round(o.minutes * 60);

/** Purges every `purgeS`, at most every quarter of the run so that a short run still empties the cache 3 times. */
function purgeTimesS(durationS: number, purgeS: number): number[] {
  const every = Math.max(STACK.baselineS, Math.min(purgeS, Math.floor(durationS / 4)));
  const times: number[] = [];
  for (let at = every; at < durationS; at += every) times.push(at);
  return times;
}

function soakSpec(o: SoakOptions): Record<string, unknown> {
  const durationS = durationOf(o);
  return {
    name: 'soak',
    title: `Soak: ${o.ratePerS}/s for ${durationS} s through the embedded cache with constant churn`,
    description: 'Written by packages/scenarios/bench/soak.ts; memory must stay flat.',
    load: { ratePerS: o.ratePerS, durationS, keys: STACK.keys, distribution: 'zipf:1.0', arrival: 'poisson', seed: 1, connections: 256 },
    origin: {
      concurrency: 64,
      queue: 256,
      queueTimeoutMs: 1000,
      serviceTime: { kind: 'lognormal', p50Ms: 5, p99Ms: 20 },
      ttlS: STACK.ttlS,
      ttlJitterPct: 20,
      bodyBytes: 1024,
    },
    cache: { kind: 'embedded', maxCount: STACK.maxCount },
    warmup: { durationS: 5 },
    baselineS: STACK.baselineS,
    timeline: purgeTimesS(durationS, o.purgeS).map((at) => ({ at, action: 'purge-all' })),
    // The orchestrator stops at the last action + maxS, or once recovered: neither may cut the soak short.
    observe: { maxS: durationS, stopWhenRecovered: false, extraS: 0 },
    expect: { recovers: 'any' },
    thresholds: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes: one process group each, reaped whatever happens

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Child {
  readonly name: string;
  readonly pid: number;
  readonly proc: ChildProcess;
  readonly exited: Promise<Exit>;
  exit: Exit | undefined;
  /** stdout without the GC trace lines */
  stdout: string;
  stderrTail: string;
  /** per V8 isolate (main thread, each worker thread): the live heap after each full GC */
  heap: Map<string, HeapPoint[]>;
}

interface HeapPoint {
  /** epoch ms the trace line arrived */
  t: number;
  /** MiB live after the Mark-Compact */
  mb: number;
}

/** `node --trace-gc`: "[pid:0xISOLATE]  1234 ms: Mark-Compact (reduce) 32.6 (52.8) -> 18.6 (22.5) MB, ..." */
const GC_TRACE = /^\[\d+:(0x[0-9a-f]+)\]\s/;
const FULL_GC = /: Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/;

/** Splits a child's stdout into lines: GC trace lines feed `heap`, the rest is kept as its output. */
function onStdoutLine(child: Child, text: string): void {
  const isolate = GC_TRACE.exec(text)?.[1];
  if (isolate === undefined) {
    child.stdout += `${text}\n`;
    return;
  }
  const after = FULL_GC.exec(text)?.[1];
  if (after === undefined) return;
  const points = child.heap.get(isolate) ?? [];
  points.push({ t: Date.now(), mb: Number(after) });
  child.heap.set(isolate, points);
}

const live = new Set<Child>();

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

function spawnChild(name: string, args: string[]): Child {
  // --trace-gc: every full GC of every isolate prints the live heap it left, the leak signal RSS blurs
  const proc = spawn(process.execPath, ['--trace-gc', cli, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: 'true' },
  });
  if (proc.pid === undefined) throw new Error(`${name}: could not start node ${cli}`);
  const exited = new Promise<Exit>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  const child: Child = { name, pid: proc.pid, proc, exited, exit: undefined, stdout: '', stderrTail: '', heap: new Map() };
  live.add(child);
  watchGroup(child.pid);
  let partial = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
    const lines = (partial + d).split('\n');
    partial = lines.pop() ?? '';
    for (const text of lines) onStdoutLine(child, text);
  });
  proc.stdout!.on('end', () => partial && onStdoutLine(child, partial));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (child.stderrTail = (child.stderrTail + d).slice(-4000)));
  void exited.then((exit) => {
    child.exit = exit;
    // A grandchild left in the group would outlive its leader: the group goes with it.
    killGroup(child.pid, 'SIGKILL');
    live.delete(child);
    unwatchGroup(child.pid);
  });
  return child;
}

/** The child's first stdout line (a `--json` ready line), or its stderr when it exits first. */
async function firstLine(child: Child, signal: AbortSignal): Promise<string> {
  while (!child.stdout.includes('\n')) {
    if (signal.aborted) throw new Error('interrupted');
    if (child.exit) throw new Error(`${child.name} exited (${describeExit(child.exit)}) before it was ready: ${child.stderrTail.trim()}`);
    await Promise.race([child.exited, sleep(50)]);
  }
  return child.stdout.slice(0, child.stdout.indexOf('\n'));
}

/** SIGTERM the group (the CLI then writes what it measured), SIGKILL it after the grace period. */
async function stopChild(child: Child, graceMs = STOP_GRACE_MS): Promise<void> {
  if (child.exit) return;
  killGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

const stopAll = (graceMs?: number): Promise<void[]> => Promise.all([...live].map((c) => stopChild(c, graceMs)));

const describeExit = (e: Exit): string => (e.signal ? `signal ${e.signal}` : `code ${e.code}`);

// ---------------------------------------------------------------------------------------------------------------
// Sampling

interface MemorySample {
  /** epoch ms */
  t: number;
  rssKb: number;
  hwmKb: number;
}

interface OriginTotals {
  arrivals: number;
  served: number;
  rejected503: number;
  rejectedQueueFull: number;
  rejectedQueueTimeout: number;
  maxInflight: number;
  maxQueue: number;
}

interface OriginStats {
  totals: OriginTotals;
  inflight: number;
  queue: number;
  series: unknown[];
}

function memoryOf(pid: number): MemorySample | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  const rssKb = kb('VmRSS');
  return Number.isFinite(rssKb) ? { t: Date.now(), rssKb, hwmKb: kb('VmHWM') } : undefined;
}

async function fetchOriginStats(adminUrl: string): Promise<OriginStats | undefined> {
  try {
    const res = await fetch(`${adminUrl}/stats`, { signal: AbortSignal.timeout(3000) });
    return (await res.json()) as OriginStats;
  } catch {
    return undefined;
  }
}

interface Tracked {
  child: Child;
  samples: MemorySample[];
}

const mbOf = (kb: number): number => kb / 1024;
const fmt = (n: number, d = 1): string => (Number.isFinite(n) ? n.toFixed(d) : '-');
const pad = (s: string, n: number): string => s.padStart(n);

function printTableHeader(tracked: Tracked[]): void {
  const names = tracked.map((t) => pad(`${t.child.name} MB`, 11)).join('');
  process.stdout.write(`\n${pad('t s', 6)}${names}${pad('origin queue', 14)}${pad('served/s', 10)}${pad('503/s', 8)}\n`);
}

function printRow(startMs: number, tracked: Tracked[], row: { stats?: OriginStats; prev?: OriginStats; dtS: number }): void {
  const t = pad(fmt((Date.now() - startMs) / 1000, 0), 6);
  const rss = tracked
    .map((tr) => {
      const last = tr.samples[tr.samples.length - 1];
      return pad(tr.child.exit || !last ? '-' : fmt(mbOf(last.rssKb)), 11);
    })
    .join('');
  const s = row.stats;
  const rate = (f: (x: OriginTotals) => number): string =>
    s && row.prev && row.dtS > 0 ? fmt((f(s.totals) - f(row.prev.totals)) / row.dtS, 0) : '-';
  const queue = s ? `${s.queue} (max ${s.totals.maxQueue})` : '-';
  process.stdout.write(`${t}${rss}${pad(queue, 14)}${pad(rate((x) => x.served), 10)}${pad(rate((x) => x.rejected503), 8)}\n`);
}

/** Samples every `sampleS` until `finished()` (checked at every tick and whenever a child exits) or `signal` aborts. */
async function sampleUntil(finished: () => boolean, tracked: Tracked[], adminUrl: string, sampleS: number, signal: AbortSignal): Promise<void> {
  const startMs = Date.now();
  let prev: OriginStats | undefined;
  let prevAt = startMs;
  printTableHeader(tracked);
  for (let tick = 1; !signal.aborted && !finished(); tick++) {
    const delay = Math.max(0, startMs + tick * sampleS * 1000 - Date.now());
    const anyExit = Promise.race(tracked.filter((tr) => !tr.child.exit).map((tr) => tr.child.exited));
    await Promise.race([sleep(delay, undefined, { signal }).catch(() => {}), anyExit]);
    if (signal.aborted || finished()) break;
    if (Date.now() < startMs + tick * sampleS * 1000) {
      tick--;
      continue;
    }
    for (const tr of tracked) {
      const m = tr.child.exit ? undefined : memoryOf(tr.child.pid);
      if (m) tr.samples.push(m);
    }
    const stats = await fetchOriginStats(adminUrl);
    const now = Date.now();
    printRow(startMs, tracked, { ...(stats ? { stats } : {}), ...(prev ? { prev } : {}), dtS: (now - prevAt) / 1000 });
    if (stats) {
      prev = stats;
      prevAt = now;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The trend (pure)

type Verdict = 'FLAT' | 'GROWING' | 'TOO FEW SAMPLES';

/**
 * RSS over the measured part. RSS of a garbage-collected runtime is a sawtooth (heap expanded, collected, returned
 * late), so a single straight-line fit is dominated by where the teeth fall. A leak lifts every tooth: the rule
 * compares the highest RSS in the last third of the measured part with the highest in its first third.
 */
interface RssTrend {
  verdict: Verdict;
  n: number;
  firstThirdPeakMb: number;
  lastThirdPeakMb: number;
  growthMb: number;
  limitMb: number;
  /** least-squares slope, for information */
  slopeMbPerMin: number;
  peakMb: number;
}

/**
 * The live JS heap: what every isolate (main thread and each worker thread) kept after its full GCs (Mark-Compact)
 * during the measured part. Growth sums, per isolate, its last full GC's live size minus its first; an isolate
 * with fewer than two full GCs in the part did not grow enough to need them and adds nothing.
 */
interface HeapTrend {
  verdict: Verdict;
  fullGcs: number;
  startMb: number;
  endMb: number;
  growthMb: number;
  limitMb: number;
}

interface Trend {
  rss: RssTrend;
  heap: HeapTrend;
}

const RSS_GROWTH_FLOOR_MB = GROWTH_FLOOR_MB;
const HEAP_GROWTH_FLOOR_MB = 8;

/** Least-squares slope of y over x. */
function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** When the measured part of [fromMs, toMs] starts. */
function measuredFrom(fromMs: number, toMs: number): number {
  const span = toMs - fromMs;
  return fromMs + Math.min(Math.max(WARMUP_FRACTION * span, WARMUP_MIN_MS), span / 2);
}

function rssTrend(samples: readonly MemorySample[], startAt: number, toMs: number): RssTrend {
  const measured = samples.filter((s) => s.t >= startAt && s.t <= toMs);
  const peakMb = mbOf(Math.max(0, ...samples.map((s) => s.hwmKb)));
  const third = (toMs - startAt) / 3;
  const peakIn = (from: number, to: number): number =>
    mbOf(Math.max(...measured.filter((s) => s.t >= from && s.t <= to).map((s) => s.rssKb)));
  const first = peakIn(startAt, startAt + third);
  const last = peakIn(toMs - third, toMs);
  if (measured.length < 6 || !Number.isFinite(first) || !Number.isFinite(last)) {
    return { verdict: 'TOO FEW SAMPLES', n: measured.length, firstThirdPeakMb: NaN, lastThirdPeakMb: NaN, growthMb: NaN, limitMb: NaN, slopeMbPerMin: NaN, peakMb };
  }
  const growthMb = last - first;
  const limitMb = Math.max(RSS_GROWTH_FLOOR_MB, GROWTH_FRACTION * first);
  const perMs = slope(
    measured.map((s) => s.t),
    measured.map((s) => mbOf(s.rssKb)),
  );
  return {
    verdict: growthMb > limitMb ? 'GROWING' : 'FLAT',
    n: measured.length,
    firstThirdPeakMb: first,
    lastThirdPeakMb: last,
    growthMb,
    limitMb,
    slopeMbPerMin: perMs * 60_000,
    peakMb,
  };
}

function heapTrend(heap: ReadonlyMap<string, readonly HeapPoint[]>, startAt: number, toMs: number): HeapTrend {
  let fullGcs = 0;
  let startMb = 0;
  let endMb = 0;
  let growthMb = 0;
  for (const points of heap.values()) {
    const inPart = points.filter((p) => p.t >= startAt && p.t <= toMs);
    fullGcs += inPart.length;
    const first = inPart[0];
    const last = inPart[inPart.length - 1];
    if (!first || !last) continue;
    startMb += first.mb;
    endMb += last.mb;
    growthMb += last.mb - first.mb;
  }
  const limitMb = Math.max(HEAP_GROWTH_FLOOR_MB, GROWTH_FRACTION * startMb);
  // no full GC at all in the part: the old generation never filled up, nothing was retained at any scale
  const verdict: Verdict = fullGcs === 0 ? 'FLAT' : growthMb > limitMb ? 'GROWING' : 'FLAT';
  return { verdict, fullGcs, startMb, endMb, growthMb, limitMb };
}

function trendOf(child: Child, samples: readonly MemorySample[], fromMs: number, toMs: number): Trend {
  const startAt = measuredFrom(fromMs, toMs);
  return { rss: rssTrend(samples, startAt, toMs), heap: heapTrend(child.heap, startAt, toMs) };
}

// ---------------------------------------------------------------------------------------------------------------
// The runs' own records

/** `stampede run --json`'s one line */
interface RunLine {
  dir: string;
  verdict: Report['verdict'];
  interrupted: Report['interrupted'] | null;
  summary: ReportSummary;
}

type StackReport = Pick<Report, 'events' | 'series' | 'cache'>;

interface StackRecords {
  line: RunLine;
  report: StackReport;
  loadStartMs: number;
  loadEndMs: number;
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${what}: not JSON (${text.length} bytes)`);
  }
}

function readStackRecords(stack: Child): StackRecords {
  const runLine = parseJson<RunLine>(stack.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop() ?? '', 'stack run');
  const report = parseJson<StackReport>(readFileSync(join(runLine.dir, 'report.json'), 'utf8'), 'stack report.json');
  const loadStart = report.events.find((e) => e.action === 'load-start')?.t ?? NaN;
  const active = report.series.filter((p) => p.sent > 0);
  const lastActive = active[active.length - 1];
  return { line: runLine, report, loadStartMs: loadStart, loadEndMs: lastActive ? lastActive.t + 1000 : NaN };
}

/** (hit + stale) / responses with a known cache outcome, over the whole run. */
function wholeRunHitRatio(series: readonly SeriesPoint[]): number {
  let hits = 0;
  let known = 0;
  for (const p of series) {
    hits += p.cache.hit + p.cache.stale;
    known += p.cache.hit + p.cache.miss + p.cache.stale + p.cache.pass;
  }
  return known === 0 ? NaN : hits / known;
}

// ---------------------------------------------------------------------------------------------------------------
// Printing

const pct = (r: number, d = 2): string => `${fmt(r * 100, d)}%`;
const line = (s = ''): boolean => process.stdout.write(`${s}\n`);

function printMachine(o: SoakOptions, scratch: string): void {
  const durationS = durationOf(o);
  const every = purgeTimesS(durationS, o.purgeS);
  line(`stampede soak — ${o.minutes} min, a memory sample every ${o.sampleS} s`);
  line(`  machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'}), ${fmt(totalmem() / 1024 ** 3, 1)} GiB, linux ${release()}, node ${process.version}`);
  line(`  stack: stampede run, ${o.ratePerS}/s Poisson over ${STACK.keys} Zipf(1.0) keys for ${durationS} s, embedded cache maxCount ${STACK.maxCount}, origin TTL ${STACK.ttlS} s ±20 %, purge-all at ${every.length ? `${every.join(', ')} s` : 'never'}`);
  line(`  overload: stampede backend (${ORIGIN.concurrency} slots x ${ORIGIN.serviceMs} ms = ${ORIGIN_CAPACITY_PER_S}/s, queue ${ORIGIN.queue}) under stampede load at ${o.overload}x = ${ORIGIN_CAPACITY_PER_S * o.overload}/s for ${durationS} s`);
  line(`  scratch: ${scratch}${o.keep ? ' (kept)' : ''}`);
}

function printTrends(rows: { name: string; trend: Trend; window: string }[]): void {
  line(`\nMemory over the measured part (after max(${WARMUP_FRACTION * 100} %, ${WARMUP_MIN_MS / 1000} s) of each load, at most half of it, to its end)`);
  line(`  RSS: FLAT when the highest RSS in the last third is at most max(${RSS_GROWTH_FLOOR_MB} MB, ${GROWTH_FRACTION * 100} %) above the highest in the first third`);
  line(`  ${'process'.padEnd(8)}${pad('samples', 8)}${pad('1st third', 10)}${pad('3rd third', 10)}${pad('growth', 8)}${pad('limit', 7)}${pad('fit MB/min', 11)}${pad('peak', 8)}  verdict`);
  for (const { name, trend: { rss: t }, window } of rows) {
    line(
      `  ${name.padEnd(8)}${pad(String(t.n), 8)}${pad(fmt(t.firstThirdPeakMb), 10)}${pad(fmt(t.lastThirdPeakMb), 10)}${pad(fmt(t.growthMb), 8)}` +
        `${pad(fmt(t.limitMb, 0), 7)}${pad(fmt(t.slopeMbPerMin, 2), 11)}${pad(fmt(t.peakMb), 8)}  ${t.verdict}  (${window})`,
    );
  }
  line('  (MB = MiB; peak = VmHWM over the whole process life, report building included; fit = least-squares slope, for information)');
  line(`  live JS heap after full GCs (node --trace-gc, every isolate: main thread and worker threads): FLAT when it grew at most max(${HEAP_GROWTH_FLOOR_MB} MB, ${GROWTH_FRACTION * 100} %)`);
  line(`  ${'process'.padEnd(8)}${pad('full GCs', 9)}${pad('live start', 11)}${pad('live end', 10)}${pad('growth', 8)}${pad('limit', 7)}  verdict`);
  for (const { name, trend: { heap: h } } of rows) {
    line(`  ${name.padEnd(8)}${pad(String(h.fullGcs), 9)}${pad(fmt(h.startMb), 11)}${pad(fmt(h.endMb), 10)}${pad(fmt(h.growthMb), 8)}${pad(fmt(h.limitMb, 0), 7)}  ${h.verdict}`);
  }
  line('  (a JS leak grows the live heap; RSS growing while the live heap stays flat is V8 committing heap or native memory)');
}

function printShortRunCaveat(o: SoakOptions): void {
  if (o.minutes >= INDICATIVE_BELOW_MIN) return;
  line(`  a run under ${INDICATIVE_BELOW_MIN} min is indicative only: its measured part still holds the V8 heaps' warm-up (about a`);
  line('  minute of growth to a plateau); judge flatness on the default 10 minutes.');
}

function printStack(rec: StackRecords, o: SoakOptions): void {
  const s = rec.line.summary;
  const stats = rec.report.cache.stats ?? {};
  const purges = rec.report.events.filter((e) => e.kind === 'action' && e.action === 'purge-all').length;
  const lastedS = (rec.loadEndMs - rec.loadStartMs) / 1000;
  line('\nStack (stampede run, embedded cache)');
  line(`  verdict ${rec.line.verdict.pass ? 'PASS' : 'FAIL'}${rec.line.interrupted ? ` (interrupted: ${rec.line.interrupted.reason})` : ''}; measured load lasted ${fmt(lastedS, 0)} s of ${durationOf(o)} s intended`);
  line(`  requests ${s.requests}, responses ${s.responses}, 503s ${s.status['503']} (${pct(s.rate503)}), timeouts ${s.status.timeout}, connection errors ${s.status.connError}, dropped ${s.dropped}`);
  line(`  hit ratio over the run ${pct(wholeRunHitRatio(rec.report.series), 1)}; origin arrivals ${s.origin.arrivals}, origin 503s ${s.origin.rejected503}, peak origin queue ${s.origin.peakQueue}`);
  line(`  cache: ${stats['stored'] ?? '?'} stored, ${stats['evictions'] ?? '?'} evicted, ${stats['expired'] ?? '?'} expired, ${purges} purges; generator ${s.generator.saturated ? 'SATURATED' : 'not saturated'} (schedule lag p99 ${fmt(s.generator.scheduleLagP99Ms, 2)} ms)`);
}

function printOverload(load: LoadResult, stats: OriginStats | undefined, o: SoakOptions): void {
  const s = load.summary;
  const l = s.latencyMs;
  const lastedS = (load.endedAt - load.t0) / 1000;
  line(`\nOverload (stampede backend at ${o.overload}x its capacity)`);
  line(`  load: ${s.requests} requests in ${fmt(lastedS, 0)} s (${fmt(s.achievedRatePerS, 0)}/s of ${load.spec.ratePerS ?? '?'}/s), responses ${s.responses}, 503 ${pct(s.rate503)}, 2xx ${s.status['2xx']}, timeouts ${s.status.timeout}, connection errors ${s.status.connError}, dropped ${s.dropped}`);
  line(`  latency of every response (from the intended send time): p50 ${fmt(l.p50, 2)} ms, p90 ${fmt(l.p90, 2)} ms, p99 ${fmt(l.p99, 2)} ms, max ${fmt(l.max, 1)} ms`);
  line(`    (the ${pct(1 - s.rate503, 1)} that are not 503s wait in the queue and take ${ORIGIN.serviceMs} ms of service: they set the tail, the 503s the median)`);
  line(`  generator: ${s.generator.saturated ? `SATURATED (${s.generator.reason ?? 'see result'})` : 'not saturated'}, schedule lag p99 ${fmt(s.generator.scheduleLagP99Ms, 2)} ms, ${load.spec.workers} worker(s), ${load.spec.connections} connections`);
  if (!stats) {
    line('  origin: /stats unavailable at the end');
    return;
  }
  const t = stats.totals;
  line(`  origin: ${t.arrivals} arrivals, ${t.served} served (${fmt(t.served / lastedS, 0)}/s, capacity ${ORIGIN_CAPACITY_PER_S}/s), ${t.rejected503} 503s (${t.rejectedQueueFull} queue full, ${t.rejectedQueueTimeout} queue timeout)`);
  line(`  origin queue bounded: max ${t.maxQueue} of ${ORIGIN.queue}, max in service ${t.maxInflight} of ${ORIGIN.concurrency}; it keeps ${stats.series.length} one-second buckets (at most 3600)`);
}

/** What the engine keeps per second by design, measured as the JSON size of the series it returns. */
function printByDesign(stack: StackRecords | undefined, load: LoadResult | undefined): void {
  const perS = (series: unknown[], seconds: number): string => {
    const bytes = Buffer.byteLength(JSON.stringify(series));
    return `${fmt(bytes / 1024 / Math.max(1, seconds), 1)} KB/s (${fmt(bytes / MB, 2)} MB by the end)`;
  };
  line('\nKept on purpose for the report (one bucket per second: counts + compressed HDR histogram), as JSON:');
  if (stack) line(`  stack series: ${perS(stack.report.series, (stack.loadEndMs - stack.loadStartMs) / 1000)}`);
  if (load) line(`  load series:  ${perS(load.series, (load.endedAt - load.t0) / 1000)}`);
  line('  a slope of that order is growth by design, not a leak.');
}

// ---------------------------------------------------------------------------------------------------------------
// Main

interface Outcome {
  failures: string[];
  growing: string[];
}

/** A run that ended on its own must have exited 0; the origin must still be up when the loads end. */
function childFailures(ran: Child[], origin: Child): string[] {
  const failures: string[] = [];
  for (const c of ran) {
    if (c.exit && c.exit.code !== 0) failures.push(`${c.name} exited with ${describeExit(c.exit)}: ${c.stderrTail.trim().slice(-600)}`);
  }
  if (origin.exit) failures.push(`origin died during the run (${describeExit(origin.exit)}): ${origin.stderrTail.trim().slice(-600)}`);
  return failures;
}

/** The loads are done, or something died: a failed run or a dead origin ends the soak early. */
function soakFinished(runs: Child[], origin: Child): boolean {
  return runs.every((c) => c.exit) || runs.some((c) => c.exit && c.exit.code !== 0) || origin.exit !== undefined;
}

function judge(tracked: Tracked[], windows: Map<string, { fromMs: number; toMs: number; label: string }>): { name: string; trend: Trend; window: string }[] {
  return tracked.map((tr) => {
    const first = tr.samples[0]?.t ?? 0;
    const last = tr.samples[tr.samples.length - 1]?.t ?? 0;
    const w = windows.get(tr.child.name) ?? { fromMs: first, toMs: last, label: 'process life: no run record' };
    return { name: tr.child.name, trend: trendOf(tr.child, tr.samples, w.fromMs, w.toMs), window: w.label };
  });
}

async function soak(o: SoakOptions, scratch: string, signal: AbortSignal): Promise<Outcome> {
  const specPath = join(scratch, 'soak-scenario.json');
  writeFileSync(specPath, `${JSON.stringify(soakSpec(o), null, 2)}\n`);
  const durationS = durationOf(o);
  const origin = spawnChild('origin', [
    'backend', '--json', '--concurrency', String(ORIGIN.concurrency), '--queue', String(ORIGIN.queue),
    '--queue-timeout-ms', String(ORIGIN.queueTimeoutMs), '--service-time', `constant:${ORIGIN.serviceMs}`,
  ]);
  const { url, adminUrl } = parseJson<{ url: string; adminUrl: string }>(await firstLine(origin, signal), 'origin');
  const stack = spawnChild('stack', ['run', specPath, '--out', scratch, '--run-id', 'soak', '--json']);
  const load = spawnChild('load', [
    'load', '--url', `${url}/items/{key}`, '--rate', String(ORIGIN_CAPACITY_PER_S * o.overload),
    // the result goes to a file: a GC trace line could land inside a large JSON write on stdout
    '--duration', `${durationS}s`, '--connections', '256', '--out', join(scratch, 'load-result.json'),
  ]);
  const tracked: Tracked[] = [stack, origin, load].map((child) => ({ child, samples: [] }));
  await sampleUntil(() => soakFinished([stack, load], origin), tracked, adminUrl, o.sampleS, signal);
  if (signal.aborted) throw new Error('interrupted');

  const originStats = await fetchOriginStats(adminUrl);
  const failures = childFailures([stack, load].filter((c) => c.exit), origin);
  const cutShort = [stack, load].filter((c) => !c.exit).map((c) => c.name);
  if (cutShort.length > 0) failures.push(`${cutShort.join(' and ')} stopped early: another process failed`);
  await stopAll();
  const stackRec = tryRecords(() => readStackRecords(stack), failures);
  const loadRec = tryRecords(() => parseJson<LoadResult>(readFileSync(join(scratch, 'load-result.json'), 'utf8'), 'load result'), failures);

  const windows = new Map<string, { fromMs: number; toMs: number; label: string }>();
  if (stackRec) windows.set('stack', { fromMs: stackRec.loadStartMs, toMs: stackRec.loadEndMs, label: 'its measured load' });
  if (loadRec) {
    windows.set('load', { fromMs: loadRec.t0, toMs: loadRec.endedAt, label: 'its load' });
    windows.set('origin', { fromMs: loadRec.t0, toMs: loadRec.endedAt, label: 'the load on it' });
  }
  if (stackRec) printStack(stackRec, o);
  if (loadRec) printOverload(loadRec, originStats, o);
  printByDesign(stackRec, loadRec);
  const rows = judge(tracked, windows);
  printTrends(rows);
  printShortRunCaveat(o);
  return {
    failures,
    growing: rows.flatMap((r) => [
      ...(r.trend.rss.verdict === 'GROWING' ? [`${r.name} RSS`] : []),
      ...(r.trend.heap.verdict === 'GROWING' ? [`${r.name} live heap`] : []),
    ]),
  };
}

function tryRecords<T>(read: () => T, failures: string[]): T | undefined {
  try {
    return read();
  } catch (err) {
    failures.push((err as Error).message);
    return undefined;
  }
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (err) {
    parsed = { problems: [(err as Error).message] };
  }
  if (parsed === 'help') {
    line(USAGE);
    return 0;
  }
  if ('problems' in parsed) {
    process.stderr.write(`soak: ${parsed.problems.join('\n  ')}\n${USAGE}\n`);
    return 2;
  }
  const o = parsed;
  const scratch = mkdtempSync(join(tmpdir(), 'stampede-soak-'));
  if (!o.keep) watchDir(scratch);
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      for (const c of live) killGroup(c.pid, 'SIGKILL');
      return;
    }
    process.stderr.write(`\nsoak: ${sig}, stopping the children (again to kill them at once)\n`);
    controller.abort(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  printMachine(o, scratch);
  try {
    const { failures, growing } = await soak(o, scratch, controller.signal);
    for (const f of failures) line(`FAILED: ${f}`);
    const ok = failures.length === 0 && growing.length === 0;
    const problems = [...growing.map((g) => `${g} GROWING`), ...(failures.length > 0 ? [`${failures.length} failure(s)`] : [])];
    line(`\n${ok ? 'OK: memory flat in every process' : `NOT OK: ${problems.join(', ')}`} (exit 1 when a process grows or fails)`);
    return ok ? 0 : 1;
  } catch (err) {
    if (controller.signal.aborted) {
      process.stderr.write(`soak: interrupted by ${String(controller.signal.reason)}; no verdict\n`);
      return controller.signal.reason === 'SIGTERM' ? 143 : 130;
    }
    process.stderr.write(`soak: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  } finally {
    await stopAll();
    if (!o.keep) {
      rmSync(scratch, { recursive: true, force: true });
      unwatchDir(scratch);
    }
  }
}

// Last resort (an exception escaping main): no child outlives this script.
process.on('exit', () => {
  for (const c of live) killGroup(c.pid, 'SIGKILL');
});

process.exitCode = await main();

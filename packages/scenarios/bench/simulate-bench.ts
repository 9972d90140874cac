/**
 * How fast is the simulator (issue 11 item 2)? A script, not a test: it runs the model on the built-in global-purge
 * scenario's shape scaled up, and prints simulated events per wall second, the wall time and the peak heap/RSS.
 *
 *   node --import tsx packages/scenarios/bench/simulate-bench.ts            # the 1M req/s x 10M keys x 60 s
 *   node --import tsx packages/scenarios/bench/simulate-bench.ts --quick    # 200k req/s x 1M keys x 10 s
 *   ... --rate 1000000 --keys 10000000 --seconds 60 --workers 2 --mode embedded|varnish|nginx
 *
 * The workload: Poisson arrivals, Zipf(1.1) keys, an origin of 2000 slots (lognormal 20/80 ms, contention 0.5, queue
 * 2000, 1 s queue timeout), a 60 s TTL with 20 % jitter, coalescing on, a purge of everything at half time (the
 * stampede: every key requested afterwards is fetched again). Target: the full run under 60 s wall on the 2-core
 * machine. Run it on a quiet machine (`uptime` load < 2): the number is wall time.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { simulateRun, type SimulationSpec } from '../src/simulate/simulate-run.js';
import { CACHE_MODES, type CacheMode } from '../src/simulate/cache-mode.js';

const { values } = parseArgs({
  options: {
    // BENCH_QUICK=1 shortens every benchmark `pnpm bench` runs
    quick: { type: 'boolean', default: process.env.BENCH_QUICK === '1' },
    rate: { type: 'string' },
    keys: { type: 'string' },
    seconds: { type: 'string' },
    workers: { type: 'string', default: '2' },
    mode: { type: 'string', default: 'embedded' },
  },
});

const rate = Number(values.rate ?? (values.quick ? 200_000 : 1_000_000));
const keys = Number(values.keys ?? (values.quick ? 1_000_000 : 10_000_000));
const seconds = Number(values.seconds ?? (values.quick ? 10 : 60));
const workers = Number(values.workers);
const mode = values.mode as CacheMode;
if (!CACHE_MODES.includes(mode)) throw new Error(`--mode must be one of ${CACHE_MODES.join(', ')}`);
for (const [name, v] of Object.entries({ rate, keys, seconds, workers })) {
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a number > 0`);
}

const spec: SimulationSpec = {
  load: {
    arrival: 'poisson',
    ratePerS: rate,
    stages: [],
    startRatePerS: 0,
    durationS: seconds,
    seed: 1,
    keys,
    distribution: { kind: 'zipf', s: 1.1 },
    workers,
    intervalMs: 1000,
  },
  origin: {
    concurrency: 2000,
    queue: 2000,
    queueTimeoutMs: 1000,
    serviceTime: { kind: 'lognormal', p50Ms: 20, p99Ms: 80 },
    contention: 0.5,
    ttlS: 60,
    staleWhileRevalidateS: 0,
    ttlJitterPct: 20,
  },
  cache: { coalescing: true },
  cacheMode: mode,
  timeline: [{ at: seconds / 2, action: 'purge-all' }],
};

const t0 = performance.now();
const r = simulateRun(spec);
const wallMs = performance.now() - t0;
// the run is one synchronous call: the process's own high-water mark is its peak
const peakRss = process.resourceUsage().maxRSS * 1024;

const mb = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MB`;
const eventsPerS = r.events / (wallMs / 1000);
console.log(`simulate-bench: ${rate} req/s x ${keys} keys x ${seconds} s, ${workers} workers, ${mode}`);
console.log(`  requests ${r.totals.sent}, origin fetches ${r.totals.origin.arrivals} (503 ${r.totals.origin.rejected503}), events ${r.events}`);
console.log(`  wall ${(wallMs / 1000).toFixed(2)} s, ${(eventsPerS / 1e6).toFixed(2)} M events/s, ${((r.totals.sent / (wallMs / 1000)) / 1e6).toFixed(2)} M requests/s`);
console.log(`  simulated / wall time: ${((seconds * 1000) / wallMs).toFixed(2)}x; peak RSS ${mb(peakRss)}`);

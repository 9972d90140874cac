/**
 * The second half of `pnpm bench` (issue 10 item 7): the highest open-model rate that one generator process and N
 * local shards sustain on this machine — schedule lag p99 < 2 ms, nothing dropped, no timeout or connection error,
 * every shard delivered — and the ratio sharded / single. A script, not a test: it prints what it measured and
 * exits 0 unless it could not run (1) or was interrupted (130).
 *
 * - Target: the loadgen bench's trivial keep-alive server (packages/loadgen/bench/trivial-server.mjs), in its own
 *   process group on 127.0.0.1, shared by every probe.
 * - Single: loadgen's startLoad in this process (its own worker threads), as `stampede load` runs it.
 * - Sharded: startShardedLoad with the local engine: N `stampede shard` processes at rate/N each, this process the
 *   controller; the verdict reads the exact combination of their results (schedule lag from the merged histogram).
 * - Search (rate-search.ts): doubling from a start rate, halving when the start misses, then bisection, each
 *   probe a few seconds; bounded in probes and in time per configuration. A configuration that never meets the
 *   target even at the floor rate is printed as such, and its ratio as not measurable.
 * Each probe line also shows the target server's CPU (% of one core) and the whole machine's busy CPU, so a limit
 * that is the server's or the machine's (2 cores shared with whatever else runs) rather than the generator's shows.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SATURATION_LAG_P99_MS, startLoad, type LoadResult, type LoadRun } from '@stampede/loadgen';
import { unwatchGroup, watchGroup } from '../src/caches/process/orphan-watchdog.js';
import { localEngine } from '../src/shards/local-engine.js';
import { startShardedLoad, type ShardedLoadResult } from '../src/shards/sharded-run.js';
import { probeVerdict, type ShardState } from './probe-verdict.js';
import { searchRate, type RateSearchOptions, type SearchResult } from './rate-search.js';

const TRIVIAL_SERVER = fileURLToPath(new URL('../../loadgen/bench/trivial-server.mjs', import.meta.url));
/** issue 10 item 7's target; --lag-ms relaxes it on a machine where no configuration meets it */
const DEFAULT_LAG_TARGET_MS = 2;
/** what the bench suggests when nothing meets the default: loadgen's own saturation limit */
const RELAXED_LAG_MS = SATURATION_LAG_P99_MS;
const CONNECTIONS = 64;
/** how long a probe may take beyond its load before it is given up (process start, barrier, drain, result) */
const PROBE_OVERHEAD_MS = 60_000;
const SHARD_BARRIER_TIMEOUT_MS = 30_000;
/** machine CPU busy (all cores) before the bench above which its figures are flagged */
const BUSY_WARNING_PCT = 25;
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

interface BenchOptions {
  shards: number[];
  quick: boolean;
  probeS: number;
  /** schedule lag p99 must be below this, ms */
  lagMs: number;
  search: RateSearchOptions;
  /** per configuration */
  budgetMs: number;
}

const USAGE = `usage: pnpm bench [-- options]   (the loadgen bench, then this one)
       node --import tsx packages/scenarios/bench/shards-bench.ts [options]   (this one alone; needs pnpm build)
  --shards 2,4     shard counts compared with one process (default 2,4; env BENCH_SHARDS)
  --quick          2 s probes, coarse search (also BENCH_QUICK=1)
  --probe-s N      seconds of load per probe (default 5, quick 2)
  --start-rate N   first probe, requests/s (default 2000)
  --max-rate N     highest rate probed (default 200000)
  --lag-ms N       schedule lag p99 target, ms (default ${DEFAULT_LAG_TARGET_MS}; env BENCH_LAG_MS): relax it to compare
                   configurations on a machine where none reaches ${DEFAULT_LAG_TARGET_MS} ms
  --help`;

function usageError(message: string): never {
  process.stderr.write(`shards bench: ${message}\n${USAGE}\n`);
  process.exit(1);
}

const ARGS = {
  shards: { type: 'string' },
  quick: { type: 'boolean' },
  'probe-s': { type: 'string' },
  'start-rate': { type: 'string' },
  'max-rate': { type: 'string' },
  'lag-ms': { type: 'string' },
  help: { type: 'boolean' },
} as const;

function parseOptions(argv: string[]): BenchOptions {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof ARGS }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: ARGS }));
  } catch (err) {
    usageError((err as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const quick = values.quick === true || process.env.BENCH_QUICK === '1';
  const problems: string[] = [];
  const shardsText = values.shards ?? process.env.BENCH_SHARDS ?? '2,4';
  const shards = shardsText.split(',').map((s) => Number(s.trim()));
  if (shards.length === 0 || shards.some((n) => !Number.isInteger(n) || n < 1 || n > 32)) problems.push(`--shards must be a comma-separated list of integers 1-32 (got ${shardsText})`);
  const num = (name: string, text: string | undefined, fallback: number, min: number, max: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max) problems.push(`--${name} must be a number in [${min}, ${max}] (got ${text})`);
    return n;
  };
  const probeS = num('probe-s', values['probe-s'], quick ? 2 : 5, 1, 60);
  const startRatePerS = num('start-rate', values['start-rate'], 2000, 100, 1_000_000);
  const maxRatePerS = num('max-rate', values['max-rate'], quick ? 100_000 : 200_000, 100, 1_000_000);
  const lagMs = num('lag-ms', values['lag-ms'] ?? process.env.BENCH_LAG_MS, DEFAULT_LAG_TARGET_MS, 0.1, 1000);
  if (problems.length > 0) usageError(problems.join('; '));
  return {
    shards,
    quick,
    probeS,
    lagMs,
    search: quick
      ? { startRatePerS, minRatePerS: 500, maxRatePerS, tolerance: 0.25, maxProbes: 6 }
      : { startRatePerS, minRatePerS: 250, maxRatePerS, tolerance: 0.05, maxProbes: 14 },
    budgetMs: quick ? 60_000 : 240_000,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// CPU readings from /proc, over one probe from before its start to after its processes are reaped: the target
// server's, the bench's own (this process with its worker threads, plus its reaped children: the shard processes)
// and the whole machine's; what the machine did beyond those two is other processes' (contention).

const jiffiesMs = (j: number) => (j * 1000) / CLK_TCK;

/** user+sys of a process, ms; `children` adds its waited-for children's (cutime+cstime) */
function processCpuMs(pid: number | 'self', children = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return jiffiesMs(f[11]! + f[12]! + (children ? f[13]! + f[14]! : 0));
  } catch {
    return NaN;
  }
}

/** [busy, total] over all cores, ms of CPU */
function machineCpuMs(): [number, number] {
  try {
    const v = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = v.reduce((a, b) => a + b, 0);
    return [jiffiesMs(total - v[3]! - v[4]!), jiffiesMs(total)];
  } catch {
    return [NaN, NaN];
  }
}

interface CpuUse {
  /** the target server, % of one core */
  serverPct: number;
  /** this process (generator or controller) and its reaped children (shards), % of one core */
  benchPct: number;
  /** every core busy, % of the machine */
  machinePct: number;
  /** what neither the bench nor the server used, % of the machine */
  othersPct: number;
}

/** `serverPid` absent: no server yet (its share is 0) */
function cpuWindow(serverPid?: number): { end(): CpuUse } {
  const serverCpuMs = () => (serverPid === undefined ? 0 : processCpuMs(serverPid));
  const s0 = serverCpuMs();
  const o0 = processCpuMs('self', true);
  const [b0, t0] = machineCpuMs();
  return {
    end() {
      const [b1, t1] = machineCpuMs();
      // the machine's CPU time over the window (all cores): the wall time times the cores, as the kernel counted it
      const cores = availableParallelism();
      const wallMs = (t1 - t0) / cores;
      const server = serverCpuMs() - s0;
      const bench = processCpuMs('self', true) - o0;
      return {
        serverPct: (server / wallMs) * 100,
        benchPct: (bench / wallMs) * 100,
        machinePct: ((b1 - b0) / (t1 - t0)) * 100,
        othersPct: (Math.max(0, b1 - b0 - server - bench) / (t1 - t0)) * 100,
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Probes

interface Probe {
  ratePerS: number;
  ok: boolean;
  misses: string[];
  lagP99Ms: number;
  dropped: number;
  achievedPerS: number;
  latencyP99Ms: number;
  workers: number;
  cpu: CpuUse;
}

interface Config {
  label: string;
  /** 0 = one generator process */
  shards: number;
}

/** the run being measured, for a Ctrl-C */
let current: { close(): Promise<void> } | undefined;
/** set on SIGINT/SIGTERM: no further probe starts, and the signal handler owns the exit */
let interrupted = false;

async function measure(run: LoadRun & { done: Promise<LoadResult> }, probeS: number): Promise<LoadResult> {
  current = run;
  // errors are in the result (worker failures, shard rows); a listener keeps them from being thrown
  run.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the probe did not end within ${probeS + PROBE_OVERHEAD_MS / 1000} s`)), probeS * 1000 + PROBE_OVERHEAD_MS);
  });
  try {
    return await Promise.race([run.done, overdue]);
  } finally {
    clearTimeout(timer);
    await run.close();
    current = undefined;
  }
}

async function probeOnce(config: Config, url: string, serverPid: number, o: BenchOptions, ratePerS: number, index: number): Promise<Probe> {
  const load = { url, ratePerS, durationS: o.probeS, connections: CONNECTIONS, keys: 1, seed: 1 + index };
  // from before the start to after the close: start-up and reaping included, for the bench and the others alike
  const window = cpuWindow(serverPid);
  const failed = (err: unknown): Probe => ({
    ratePerS,
    ok: false,
    misses: [`could not run: ${(err as Error).message}`],
    lagP99Ms: NaN,
    dropped: NaN,
    achievedPerS: NaN,
    latencyP99Ms: NaN,
    workers: NaN,
    cpu: window.end(),
  });
  let result: LoadResult;
  let shardRows: ShardState[] = [];
  try {
    if (config.shards === 0) {
      result = await measure(startLoad(load), o.probeS);
    } else {
      const run = startShardedLoad(load, {
        shards: config.shards,
        engine: localEngine(),
        runId: `bench-${config.shards}-${process.pid}-${index}`,
        barrierTimeoutMs: SHARD_BARRIER_TIMEOUT_MS,
      });
      result = await measure(run, o.probeS);
      shardRows = (result as ShardedLoadResult).shards.rows;
    }
  } catch (err) {
    return failed(err);
  }
  const cpu = window.end();
  const s = result.summary;
  const verdict = probeVerdict(s, { lagP99Ms: o.lagMs }, shardRows);
  return {
    ratePerS,
    ok: verdict.ok,
    misses: verdict.misses,
    lagP99Ms: s.generator.scheduleLagP99Ms,
    dropped: s.dropped,
    achievedPerS: s.sent / result.spec.durationS,
    latencyP99Ms: s.latencyMs.p99,
    workers: result.spec.workers,
    cpu,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Printing

function median(values: number[]): number {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length === 0 ? NaN : v[Math.floor(v.length / 2)]!;
}

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');
const rate = (n: number | null) => (n === null ? '-' : `${Math.round(n).toLocaleString('en-US')}/s`);

function printProbe(config: Config, p: Probe): void {
  const mark = p.ok ? 'ok  ' : 'MISS';
  const threads = config.shards === 0 ? `${fmt(p.workers)} thread(s)` : `${config.shards} shards, ${fmt(p.workers)} thread(s)`;
  process.stdout.write(
    `  [${config.label}] ${rate(p.ratePerS).padStart(10)} ${mark} lag p99 ${fmt(p.lagP99Ms, 2)} ms, sent ${fmt(p.achievedPerS)}/s, ` +
      `dropped ${fmt(p.dropped)}, latency p99 ${fmt(p.latencyP99Ms, 1)} ms; CPU: bench ${fmt(p.cpu.benchPct)}% and server ${fmt(p.cpu.serverPct)}% of a core, other processes ${fmt(p.cpu.othersPct)}% of the machine (${threads})` +
      `${p.ok ? '' : `\n${' '.repeat(config.label.length + 16)}missed: ${p.misses.join('; ')}`}\n`,
  );
}

const END_TEXT: Record<SearchResult<Probe>['end'], string> = {
  converged: 'converged',
  ceiling: 'sustained the highest rate probed (a lower bound)',
  'never-sustained': 'NEVER met the target, not even at the lowest rate',
  'probe-budget': 'probe budget spent before convergence',
  'time-budget': 'time budget spent before convergence',
};

function printTable(rows: { config: Config; search: SearchResult<Probe> }[], o: BenchOptions): void {
  process.stdout.write(`\nHighest sustained open-model rate (lag p99 < ${o.lagMs} ms, no drops, no errors), ${o.probeS} s probes\n`);
  const head = ['configuration', 'sustained', 'first miss', 'probes', 'others\' CPU', 'search ended'];
  const body = rows.map(({ config, search }) => [
    config.label,
    search.bestRatePerS === null ? 'none' : rate(search.bestRatePerS),
    rate(search.firstMissRatePerS),
    String(search.probes.length),
    `${fmt(median(search.probes.map((p) => p.cpu.othersPct)))}%`,
    END_TEXT[search.end],
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd()}\n`;
  process.stdout.write(line(head));
  for (const r of body) process.stdout.write(line(r));

  const single = rows.find((r) => r.config.shards === 0)?.search;
  process.stdout.write('\nRatio sharded / one process\n');
  for (const { config, search } of rows) {
    if (config.shards === 0) continue;
    const name = `  ${config.label} / one process: `;
    if (single?.bestRatePerS == null && search.bestRatePerS === null) process.stdout.write(`${name}not measurable: neither met the target\n`);
    else if (single?.bestRatePerS == null) process.stdout.write(`${name}not measurable: one process never met the target; ${config.label} sustained ${rate(search.bestRatePerS)}\n`);
    else if (search.bestRatePerS === null) process.stdout.write(`${name}0×: ${config.label} never met the target (one process sustained ${rate(single.bestRatePerS)})\n`);
    else {
      const ratio = search.bestRatePerS / single.bestRatePerS;
      const bound = search.end === 'ceiling' || single.end === 'ceiling' ? ' (a ceiling was reached: a bound, not a ratio)' : '';
      const verdict = ratio < 1 ? ` — ${config.label} LOSES to one process on this machine` : '';
      process.stdout.write(`${name}${ratio.toFixed(2)}× (${rate(search.bestRatePerS)} vs ${rate(single.bestRatePerS)})${verdict}${bound}\n`);
    }
  }
  for (const { config, search } of rows) {
    const others = median(search.probes.map((p) => p.cpu.othersPct));
    if (others > BUSY_WARNING_PCT) {
      process.stdout.write(`  WARNING: other processes used ${fmt(others)}% of the machine during the ${config.label} probes (median): its figure measures that contention too\n`);
    }
  }
  if (o.lagMs < RELAXED_LAG_MS && rows.every((r) => r.search.bestRatePerS === null)) {
    process.stdout.write(`  No configuration met lag p99 < ${o.lagMs} ms at ${rate(o.search.minRatePerS)} on this machine now; to compare them anyway, relax the target: --lag-ms ${RELAXED_LAG_MS} (loadgen's saturation limit).\n`);
  }
  const tolerance = Math.round(o.search.tolerance * 100);
  process.stdout.write(
    `  (each figure is bracketed to ±${tolerance}% at best; one probe per rate on a shared ${availableParallelism()}-core machine, so re-runs differ.` +
      ` The shards, the controller and the target server share those cores: with N+1 processes on ${availableParallelism()} cores, more shards can mean less.)\n`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Shell

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [TRIVIAL_SERVER], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  if (child.pid === undefined) throw new Error(`could not start ${TRIVIAL_SERVER}`);
  watchGroup(child.pid);
  const rl = createInterface({ input: child.stdout! });
  const port = await new Promise<string>((resolve, reject) => {
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the trivial server exited (${code}) before it was ready`)));
  });
  rl.close();
  child.stdout!.resume();
  return { child, url: `http://127.0.0.1:${port.trim()}/` };
}

async function stopServer(child: ChildProcess): Promise<void> {
  const pid = child.pid as number;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const kill = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid, sig);
      } catch {
        // ESRCH: gone already
      }
    };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  unwatchGroup(pid);
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const configs: Config[] = [{ label: '1 process', shards: 0 }, ...o.shards.map((n) => ({ label: `${n} shards`, shards: n }))];
  const [load1] = loadavg();
  process.stdout.write(
    `\nshards bench — node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), load average ${fmt(load1 ?? NaN, 2)}` +
      `${o.quick ? ', QUICK' : ''}\n  target: schedule lag p99 < ${o.lagMs} ms${o.lagMs === DEFAULT_LAG_TARGET_MS ? '' : ` (RELAXED from ${DEFAULT_LAG_TARGET_MS} ms)`}, no drops, no errors; probes of ${o.probeS} s, search ${rate(o.search.startRatePerS)} doubling/halving in [${rate(o.search.minRatePerS)}, ${rate(o.search.maxRatePerS)}],` +
      ` bisection to ±${Math.round(o.search.tolerance * 100)}%, at most ${o.search.maxProbes} probes / ${o.budgetMs / 1000} s per configuration\n`,
  );
  // what the rest of the machine is doing: figures taken on a busy machine measure the contention too
  const idle = cpuWindow();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const before = idle.end().othersPct;
  process.stdout.write(`  other processes used ${fmt(before)}% of the machine before the bench (1 s sample)\n`);
  if (before > BUSY_WARNING_PCT) {
    process.stdout.write(`  WARNING: the machine is already busy: every figure below includes that contention (run again when uptime shows a load below 1.5)\n`);
  }
  const server = await startServer();
  const onSignal = () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write('\nshards bench: interrupted, stopping\n');
    void (current?.close() ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => stopServer(server.child))
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const rows: { config: Config; search: SearchResult<Probe> }[] = [];
  try {
    for (const config of configs) {
      process.stdout.write(`\n${config.label}${config.shards === 0 ? ' (loadgen startLoad in this process)' : ` (local engine: ${config.shards} stampede shard processes at rate/${config.shards}, this process the controller)`}\n`);
      const search = await searchRate(
        async (ratePerS, index) => {
          if (interrupted) throw new Error('interrupted');
          const p = await probeOnce(config, server.url, server.child.pid as number, o, ratePerS, index);
          if (interrupted) throw new Error('interrupted');
          printProbe(config, p);
          return p;
        },
        { ...o.search, budgetMs: o.budgetMs },
      );
      rows.push({ config, search });
    }
  } finally {
    await stopServer(server.child);
  }
  const [after] = loadavg();
  printTable(rows, o);
  process.stdout.write(`  load average at the end: ${fmt(after ?? NaN, 2)}\n`);
}

main().then(
  () => interrupted || process.exit(0),
  (err: unknown) => {
    if (interrupted) return;
    process.stderr.write(`shards bench: could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
